// Evaluation of the formula IR (rules/formula.hpp) at a syntax node of the file being scanned.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "file_context.hpp"
#include "formula.hpp"
#include "function_ref.hpp"
#include "module_model.hpp"
#include "pattern.hpp"
#include "static_value.hpp"

namespace warden::detail {

// What a `where decoded($X)` condition saw: the value, and the YARA rules it matched.
struct DecodedEvidence {
  std::shared_ptr<const StaticValue> value;
  std::vector<std::string> signatures;  // "namespace.rule"
  std::string kind;                     // `is [...]`: the content kind found ("elf")
};

// What the `report` filters a match went through say (the innermost setting each key).
struct ReportChoice {
  std::optional<Severity> severity;
  std::optional<Confidence> confidence;
  const std::string* message = nullptr;  // the template, owned by the compiled formula
};

struct FormulaMatch {
  Bindings bindings;
  ReportChoice report;
  TSNode focus{};                       // set by `focus`
  std::optional<QualifiedName> callee;  // of the call the match is anchored on, if any
  std::optional<std::string> imported;  // `import`: the matching name as the statement writes it
  std::optional<DecodedEvidence> decoded;  // set by a `where decoded($X)` that held
  // What each `where int($X)` that held read, for `{oct($X)}` in a message.
  std::vector<std::pair<std::string_view, std::int64_t>> integers;
};

// Whether `formula` holds with its root at `node`; fills `match` when it does. The match is
// the first way the formula holds: a `where`, `not` or `inside` that fails on one way of
// matching makes the positive children before it try their next way (a pattern's next way,
// the next `any` branch), earlier ways first.
bool evaluate(const CompiledFormula& formula, TSNode node, const FileContext& file, FormulaMatch& match);
// Every way `formula` holds at `node`, in that order, until `accept` returns true: `accept`
// sees the complete match (`match`'s contents extended). Returns true, with `match` the one
// accepted, once it accepts; false, leaving `match` unchanged, when no way is accepted.
bool evaluate(const CompiledFormula& formula, TSNode node, const FileContext& file, FormulaMatch& match,
              FunctionRef<bool(FormulaMatch&)> accept);

// The value `where int($X)` reads at `node` (evaluate.cpp says which code has one).
std::optional<std::int64_t> integer_value(TSNode node, const FileContext& file, int depth = 0);

// The work one top-level evaluate() may do: each way a pattern, call, import or node formula
// offers is a step (the filters after it run on each). Past the limit the evaluation gives up
// and the formula does not hold there: a where that rejects every binding cannot make a
// combinatorial pattern (`f(..., $A, ..., $B, ...)` on a long call) enumerate all its ways.
inline constexpr std::uint32_t kMaxEvaluationSteps = 100'000;
// The steps taken by evaluations on this thread so far (for tests and profiling).
std::uint64_t evaluation_steps_on_this_thread() noexcept;

}  // namespace warden::detail
