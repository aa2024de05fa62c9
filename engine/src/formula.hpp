// The compiled formula IR and its evaluation. A rule matches at a syntax node when its
// formula holds there: Semgrep's operators (pattern, all, any, not, inside, not-inside,
// where, focus) plus call, import and node matchers. Evaluation is anchored: the engine only
// tries a rule at nodes its anchor can match (by node type and callee), so the cost per node
// does not grow with the number of rules.
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "module_model.hpp"
#include "pattern.hpp"
#include "source.hpp"
#include "static_value.hpp"

namespace re2 {
class RE2;
}

namespace warden::detail {

class SignatureScanner;

// A glob over dotted qualified names: '*' is any run of characters except '.'.
class NameGlob {
 public:
  explicit NameGlob(std::string text);
  bool matches(std::string_view name) const noexcept;
  bool is_exact() const noexcept { return exact_; }
  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
  bool exact_;
};

enum class ArgTestKind : std::uint8_t { present, absent, truthy, falsy, literal, computed, equals, matches };

struct CompiledArgCondition {
  std::optional<std::uint32_t> position;
  std::string keyword;
  bool negated = false;
  ArgTestKind test = ArgTestKind::present;
  std::string expected;                    // equals: the constant's canonical text (see constant_text)
  std::shared_ptr<const re2::RE2> regex;   // matches
};

enum class MetaTestKind : std::uint8_t { matches, in_list, literal, computed, pattern, matches_yara };

struct CompiledFormula;

struct CompiledMetaCondition {
  std::string metavar;
  bool decoded = false;  // on the metavariable's static value (static_value.hpp), not its code
  bool negated = false;
  MetaTestKind test = MetaTestKind::matches;
  std::shared_ptr<const re2::RE2> regex;
  std::vector<std::string> values;
  std::shared_ptr<const CompiledFormula> pattern;
  std::vector<std::uint32_t> signatures;  // matches_yara: indices into the rule set's SignatureSet, sorted
};

struct CompiledFormula {
  // file_imports (`imports NAMES`): a filter on the file, not the place: it imports a name in `names`.
  enum class Kind : std::uint8_t { all, any, not_, inside, not_inside, pattern, call, import, node, where, focus, file_imports };
  Kind kind = Kind::pattern;
  std::vector<CompiledFormula> children;
  std::shared_ptr<const Pattern> pattern;     // pattern
  std::vector<NameGlob> names;                // call: callees; import, file_imports: imported names
  std::vector<CompiledArgCondition> args;     // call
  TSSymbol node_symbol = 0;                   // node
  std::string node_type;                      // node
  std::optional<CompiledMetaCondition> condition;  // where
  std::string metavar;                        // focus
};

// Where a rule can start matching: every node of a type, or calls to given callees.
struct Anchor {
  std::string node_type;             // tree-sitter type name; "" = any node
  std::optional<std::string> callee; // for call anchors with an exact callee
  bool any_callee_glob = false;      // a call anchor with a glob callee: try every call
};
// The anchors of a formula (those of its positive root; `any` unions its children).
std::vector<Anchor> anchors_of(const CompiledFormula& formula);

// Words of which one must appear in a file's text for `formula` to match anywhere in it (the
// module a qualified name comes from is named by the file's own import); nullopt when unknown.
// Names resolved through other files of the tree escape this, so it only serves rules that do
// not use cross-file resolution (taint, for now).
// `written_only`: only the words a matching file writes itself even when its calls resolve
// through other files of the tree (method and keyword names, `where $X in`), not callee names.
std::optional<std::vector<std::string>> required_words(const CompiledFormula& formula, bool written_only = false);
// Whether `text` contains one of `words` (always true for nullopt).
bool contains_any(std::string_view text, const std::optional<std::vector<std::string>>& words);

// The prefilter words of many formulas, looked up in a file's text in one pass: each run of
// identifier bytes is looked up among the words that are identifiers (a word is the most
// selective part of a name, which code that uses the name writes as a whole identifier, in an
// import, an attribute or a getattr string); other words, and words written with a leading
// `*` (`*chmod`, from the glob `*chmod*`), are searched as substrings.
class WordSet {
 public:
  // The id of `word`, added when new. Call finish() after the last add().
  std::uint32_t add(const std::string& word);
  void finish();
  // Which words (by id) `text` contains.
  std::vector<bool> present_in(std::string_view text) const;
  bool empty() const noexcept { return words_.empty(); }

 private:
  std::vector<std::string> words_;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::unordered_map<std::string_view, std::uint32_t> identifier_words_;
  std::vector<std::uint32_t> other_words_;
  std::size_t min_word_ = 0xFFFF, max_word_ = 0;
};

// What the formula sees of the file being scanned.
class FileContext final : public CalleeResolver {
 public:
  FileContext(const SourceFile& source, const ModuleModel& model);
  const SourceFile& source() const noexcept { return source_; }
  const ModuleModel& model() const noexcept { return model_; }
  MatchContext match_context() const noexcept { return {source_.text(), model_, this}; }
  // The resolved callee of a call node, as the module model saw it where the call runs;
  // cross-file resolution overrides it.
  std::optional<QualifiedName> callee_of(TSNode call) const;
  std::optional<QualifiedName> callee_of_function(TSNode function) const override;
  void override_callee(TSNode call, QualifiedName name);

  // The worker's YARA scanner, for `decoded($X) matches yara` (null: no signatures loaded).
  void set_signatures(SignatureScanner* scanner) noexcept { signatures_ = scanner; }
  SignatureScanner* signatures() const noexcept { return signatures_; }
  // The static value of an expression (static_value()), computed once per node and file;
  // null when it has none.
  std::shared_ptr<const StaticValue> static_value_of(TSNode expression) const;
  // A node's parent (null at the root). tree-sitter's ts_node_parent walks down from the root,
  // so it costs the number of siblings on the way (quadratic over a 10,000-entry dict); this
  // map is built in one walk, on first use.
  TSNode parent_of(TSNode node) const override;
  // Whether the file (the tree `node` is in) has an import statement, at any scope, importing a
  // module or name that one of `globs` matches, as `import NAMES` sees it. The file's imported
  // names are collected on first use.
  bool imports_any(const std::vector<NameGlob>& globs, TSNode node) const;

 private:
  std::optional<QualifiedName> lookup(std::uint64_t key, bool by_function) const;

  const SourceFile& source_;
  const ModuleModel& model_;
  // Built on first use: call node range and function node range -> ModuleModel::calls() index.
  mutable std::unordered_map<std::uint64_t, std::uint32_t> by_call_, by_function_;
  std::unordered_map<std::uint64_t, QualifiedName> overrides_;  // by call node range
  SignatureScanner* signatures_ = nullptr;
  mutable std::unordered_map<std::uint64_t, std::shared_ptr<const StaticValue>> static_values_;  // by node range
  mutable std::unordered_map<const void*, TSNode> parents_;  // by the child's TSNode::id
  mutable std::optional<std::vector<std::string>> imported_names_;  // every import statement's names
};

// What a `where decoded($X)` condition saw: the value, and the YARA rules it matched.
struct DecodedEvidence {
  std::shared_ptr<const StaticValue> value;
  std::vector<std::string> signatures;  // "namespace.rule"
};

struct FormulaMatch {
  Bindings bindings;
  TSNode focus{};                       // set by `focus`
  std::optional<QualifiedName> callee;  // of the call the match is anchored on, if any
  std::optional<DecodedEvidence> decoded;  // set by a `where decoded($X)` that held
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

// The work one top-level evaluate() may do: each way a pattern, call, import or node formula
// offers is a step (the filters after it run on each). Past the limit the evaluation gives up
// and the formula does not hold there: a where that rejects every binding cannot make a
// combinatorial pattern (`f(..., $A, ..., $B, ...)` on a long call) enumerate all its ways.
inline constexpr std::uint32_t kMaxEvaluationSteps = 100'000;
// The steps taken by evaluations on this thread so far (for tests and profiling).
std::uint64_t evaluation_steps_on_this_thread() noexcept;

// A constant's canonical text for `=` comparisons: a string's value in single quotes with
// only ' and \ escaped (b'...' for bytes), a number by value, True/False/None.
std::optional<std::string> constant_text(TSNode node, std::string_view source);

}  // namespace warden::detail
