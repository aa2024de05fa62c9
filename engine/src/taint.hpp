// The taint solver: a taint rule's sources, sinks, sanitizers and extra steps over one file,
// within one unit at a time (a function, lambda or class body, or the module's own code).
//
// Per unit, the solver collects the unit's assignments (plain, tuple unpacking, augmented,
// walrus, `for` targets, `with ... as`, container mutation like `x.append(v)`, and the rule's
// steps whose $TO is a name), then taints variables with a worklist until nothing changes:
// flow-insensitive within a unit (a variable tainted anywhere in the unit is tainted at every
// use in it). An expression is tainted when a source matches it, or when a part of it is
// tainted (names, attributes and subscripts of tainted values, string building, containers,
// calls with a tainted argument or receiver) — except where a sanitizer matches, whose value
// is clean. A sink whose node is tainted gives a flow, with the path of assignments it took.
//
// Variables are per unit: two functions' `cmd` are different variables, and a source in one
// function does not reach a sink in another (interprocedural flow will come from function
// summaries built on this per-unit solve: seeding a parameter instead of a source gives
// "param -> return" and "param -> sink"). Everything is iterative: no recursion over input.
#pragma once

#include <tree_sitter/api.h>

#include <string>
#include <vector>

#include "compiled_rules.hpp"
#include "formula.hpp"

namespace warden::detail {

struct TaintStep {
  TSNode node;          // where the step happens: the source, an assignment, the sink
  std::string message;  // "source: os.environ['X']", "tainted value flows into 'cmd'", "sink: cmd"
};

struct TaintFlow {
  TSNode source{};               // the source's node (its focus, or the whole match)
  TSNode sink{};                 // the sink's node (its focus, or the whole match)
  TSNode sink_match{};           // the node the sink's formula matched at
  FormulaMatch match;            // the sink's bindings and callee
  std::vector<TaintStep> steps;  // source first, sink last
};

// The flows of one taint rule in one file, in the order of the sinks.
std::vector<TaintFlow> solve_taint(const CompiledTaint& rule, TSNode root, const FileContext& file);

}  // namespace warden::detail
