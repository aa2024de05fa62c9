// The taint solver: phase 2 of the taint analysis, over every file of the scan at once.
//
// Input: each file's dataflow graph (dataflow.hpp) and call facts (call_graph.hpp), built in
// phase 1 by the worker that parsed it. The solver joins them into one graph on Boost.Graph
// (globals and class fields shared by key across files), links calls to the functions of
// the tree the call graph found, and solves each taint rule from its sources:
//
//  - within a function, values flow along the graph's edges;
//  - an argument of a call to a function of the tree flows into the matching parameter
//    (positional, keyword, `*args`, `**kwargs`, self for methods, __init__ for C(...));
//  - back out of a function only as the summary of that call site says (parameter i reaches
//    the return value), so a value passed in by one caller never returns to another; the
//    summaries are computed on demand, callees first, over the call graph's strongly
//    connected components (recursion iterates to a fixpoint);
//  - a value a function builds from a source returns to every caller of it;
//  - a library call (a callee outside the tree) follows its flow model (FlowModel) if it has
//    one, else passes its arguments and receiver to its result;
//  - a sanitizer's value is clean; a rule's steps add edges of their own.
//
// A sink reached gives one finding at the sink, with the path: source, assignments,
// parameters and returns, sink. Cost: one breadth-first search per rule over the part of the
// graph its sources reach, plus the summaries of the functions that search passes through.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "call_graph.hpp"
#include "dataflow.hpp"
#include "project.hpp"
#include "source.hpp"
#include "warden/finding.hpp"
#include "warden/rules.hpp"

namespace warden::detail {

// The text of file `index` (of the files given to solve_taint), for the positions and source
// lines of trace steps; read again rather than kept, since only files on a reported path
// need it. Null when it cannot be read any more.
using SourceLoader = std::function<std::shared_ptr<const SourceFile>(std::size_t index)>;

// Phase 2. `dataflow` and `functions` are the files' facts, in the same order; `graph` was
// built from `functions`; `project` holds every module's exports. Returns the findings of
// each file, in that order.
std::vector<std::vector<Finding>> solve_taint(const RuleSet& rules, const std::vector<FileDataflow>& dataflow,
                                              const std::vector<FileFunctions>& functions, const CallGraph& graph,
                                              const ProjectIndex& project, const SourceLoader& load);

}  // namespace warden::detail
