// Code patterns: Python code with metavariables, parsed by tree-sitter-python itself and
// matched against syntax trees, alias-aware (a pattern on `pickle.loads` matches
// `from pickle import loads as l; l(x)`).
//
// Pattern syntax (Semgrep's):
//   $X         any one expression (or identifier, argument, statement); the same name bound
//              twice must bind equal code (compared ignoring whitespace and comments)
//   $...ARGS   zero or more items of a sequence (arguments, list elements, statements)
//   ...        zero or more arguments / elements / statements; as a whole expression, any expression
//   f(x, k=v)  keyword arguments match in any order; without `...` no other keywords may appear
//   'text'     string literals compare by value ('a' matches "a"), numbers by value
//   names      dotted names and calls compare by qualified name: the pattern's names are taken
//              as written (bare builtins mean the builtin: `eval` is builtins.eval), the target's
//              are resolved by the module model at that point
// A pattern of one expression statement matches that expression anywhere; several statements
// match consecutive statements of one block (a prefix of the run starting at the matched
// statement; leading `...` lines are dropped, so a match is reported at its first real
// statement). `...` also works where Python rejects it: `def f(...)`, `lambda ...: x`,
// `{'k': $V, ...}`. Inside f-string interpolations `{$X}` is a metavariable; elsewhere in
// strings `$` is text, and the string "..." matches any string literal.
// Other details: parentheses around an expression are transparent; a def without `-> T` in
// the pattern matches defs with one; a positional $X does not match a keyword argument; $...X
// in arguments binds a run of the positional/unmatched arguments (its text spans from the
// first to the last, so a keyword matched by name in between shows in binding_text).
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "function_ref.hpp"
#include "module_model.hpp"
#include "syntax.hpp"

namespace warden::detail {

// What a metavariable bound to: one node, or for $...X a run of sibling nodes (possibly empty).
struct Binding {
  std::string name;  // "$X", "$...ARGS"
  TSNode first{};    // null for an empty sequence
  TSNode last{};
};
using Bindings = std::vector<Binding>;

const Binding* find_binding(const Bindings& bindings, std::string_view name) noexcept;

// The target side: the file being scanned.
struct MatchContext {
  std::string_view source;
  const ModuleModel& model;
  const CalleeResolver* callees = nullptr;  // when set, a call's function resolves through it first
};

struct PatternError {
  std::uint32_t line = 1;    // 1-based, within the pattern text
  std::uint32_t column = 1;  // 1-based code points
  std::string message;
};

class Pattern {
 public:
  // Parses `code`; on failure the error says where and why (e.g. "invalid Python syntax").
  static std::optional<Pattern> compile(std::string_view code, PatternError& error);

  // Metavariables the pattern binds, in order of first appearance ("$X", "$...ARGS").
  const std::vector<std::string>& metavariables() const noexcept;
  // The tree-sitter node type the pattern's root matches ("call", "assert_statement"), or ""
  // when any node can match: a bare $X or ..., a name or attribute chain (an alias may be a
  // plain identifier), a plain string (it also matches concatenated strings). For a statement
  // sequence: the type of its first statement, where matches are reported. For indexing.
  const std::string& root_type() const noexcept;
  // A qualified name every match uses (the first dotted name in the pattern): each of its parts
  // is written in a file the pattern matches in, which a prefilter can look for.
  std::optional<std::string> required_name() const;
  // For a pattern whose root is a method call with a fixed method name on any value
  // (`$SOCK.recv(...)`, `$T.decode($IDS)`): the method's name, for indexing; else nullopt.
  std::optional<std::string> method_name() const;
  // The name of a keyword argument every match has (`$F(..., shell=$S, ...)`: "shell"), the
  // first in the pattern; for the prefilter (the name is written in the file).
  std::optional<std::string> keyword_name() const;
  // "$X" when the whole pattern is one metavariable (it binds the node it is tried at).
  std::optional<std::string> lone_metavariable() const;
  // The node types a match can start at (for indexing); empty when any node can.
  const std::vector<std::string>& anchor_types() const noexcept;
  // For a pattern whose root is a call with a fixed callee: its qualified name
  // ("pickle.loads", "builtins.eval"). For indexing by callee.
  const std::optional<std::string>& callee() const noexcept;

  // Matches with the pattern's root at `node`. On success appends bindings (already checked
  // for consistency with those passed in) and returns true; on failure leaves them unchanged.
  bool match(TSNode node, const MatchContext& context, Bindings& bindings) const;
  // Every way the pattern matches at `node`, in order (earlier items of a run first, shorter
  // runs first), until `accept` returns true: the bindings are complete when it runs (those
  // passed in followed by the pattern's). Returns true, keeping the bindings `accept` saw,
  // once it accepts; false, leaving the bindings unchanged, when no way is accepted. The
  // plain match() is this with an `accept` that always returns true.
  bool match(TSNode node, const MatchContext& context, Bindings& bindings, FunctionRef<bool()> accept) const;

  // A statement-sequence pattern matches at the first statement of the run (following
  // siblings via ts_node_next_named_sibling: match_all is cheaper for these).

  // Every match in the subtree at `root`, for formulas that need them all (inside, not-inside),
  // in document order. Iterative: any nesting depth. A name pattern (`os.system`) is not tried
  // on the names that imports, definitions, keywords, attributes or assignment targets bind.
  void match_all(TSNode root, const MatchContext& context, std::vector<std::pair<TSNode, Bindings>>& out) const;

  Pattern(Pattern&&) noexcept;
  Pattern& operator=(Pattern&&) noexcept;
  ~Pattern();

 private:
  struct Impl;
  explicit Pattern(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;  // immutable after compile: shared by all threads
};

// Text of the code a binding holds, as written in the source.
std::string_view binding_text(const Binding& binding, std::string_view source) noexcept;

}  // namespace warden::detail
