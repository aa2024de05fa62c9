// The dataflow graph of one file, for taint: phase 1 of the taint analysis.
//
// Built in the worker that parsed the file, while its tree is alive, and kept without tree
// nodes so it outlives the tree (like the call graph's FileFunctions). Vertices are values:
// variables of a function, parameters, a function's return value, the arguments and result
// of each call, module globals and class fields (by qualified key, so files share them), and
// the nodes the taint rules matched (sources, sinks, sanitizers, step ends). An edge says a
// value flows into another: `cmd = "ls " + x` gives x -> cmd. Flow-insensitive: where in a
// function an assignment happens does not matter.
//
// Not in the graph, on purpose: what a call does with its arguments. That depends on the
// callee, known only once every file is read (phase 2, taint.hpp): a function of the tree
// passes arguments to its parameters, a library call follows its flow model (FlowModel) or,
// without one, passes every argument to its result.
//
// Keys: a module-level variable is global "pkg.mod.name"; a class attribute, in the class
// body or as `self.name` in a method, is global "pkg.mod.Class.name" (fields are per class,
// not per object); a name imported from another file of the tree reads that file's global.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "call_graph.hpp"
#include "compiled_rules.hpp"
#include "evaluate.hpp"
#include "project.hpp"
#include "rule_timer.hpp"
#include "source.hpp"
#include "warden/finding.hpp"
#include "warden/rules.hpp"

namespace warden::detail {

inline constexpr std::uint32_t kNoVertex = 0xFFFFFFFFu;

struct DfVertex {
  enum class Kind : std::uint8_t {
    var,          // a local of a function (names, and dotted chains `a.b` written as a whole)
    param,        // a parameter (also a local)
    ret,          // what a function, lambda or the module returns or yields
    call_arg,     // one argument of a call, or its receiver (`x` in `x.m()`)
    call_result,  // a call's value
    node,         // a node a taint rule matched
    global,       // a module global or class field, by key: shared by all files
  };
  Kind kind = Kind::var;
  std::uint32_t unit = 0;          // scope index (ModuleModel::scopes()) of its code; globals: 0
  std::uint32_t name = kNoVertex;  // into FileDataflow::names: the variable, key, or matched text
  std::uint32_t label = kNoVertex; // globals: the name as the code wrote it (`self.cmd`, `CMD`)
  std::uint32_t start_byte = 0, end_byte = 0;  // where it is first seen (for traces)
};

struct DfEdge {
  enum class Kind : std::uint8_t {
    flow,    // part of an expression: no step of its own in a trace
    assign,  // an assignment, `for`, `with ... as`, a default value: "flows into 'NAME'"
    ret,     // `return` / `yield` / a lambda's body: "returned from 'f'"
  };
  std::uint32_t from = 0, to = 0;
  std::uint32_t start_byte = 0, end_byte = 0;  // the statement, for assign and ret
  Kind kind = Kind::flow;
};

struct DfArg {
  // receiver: `x` in `x.m()`, or the called value itself when the callee is computed (`f(x)`
  // with f a local): what the call returns comes from it too.
  enum class Kind : std::uint8_t { positional, keyword, star, double_star, receiver };
  Kind kind = Kind::positional;
  std::uint32_t position = 0;          // positional: its index among the positional arguments
  std::uint32_t keyword = kNoVertex;   // keyword: into FileDataflow::names
  std::uint32_t vertex = kNoVertex;    // its call_arg vertex
  // The variable a flow model may write through this argument (`x` in `x.append(v)`, `dst`
  // in `shutil.copyfileobj(src, dst)`): the argument when it is a name, attribute chain or
  // subscript of one and the callee's model writes there; kNoVertex otherwise.
  std::uint32_t target = kNoVertex;
};

struct DfCall {
  std::uint32_t model_call = 0;  // index into ModuleModel::calls()
  // The callee's qualified name as the file resolves it; for a method called on a value of
  // unknown type, ".method"; kNoVertex when neither (`f()()`). Into FileDataflow::names.
  std::uint32_t callee = kNoVertex;
  bool by_name = false;  // the callee was resolved by name: `C.m(x)` passes x as self
  std::uint32_t result = kNoVertex;
  std::vector<DfArg> args;  // receiver first when there is one
};

// One taint rule's role for a matched node.
enum class TaintRole : std::uint8_t { source, sink, sanitizer };

struct DfMatch {
  std::uint32_t rule = 0;  // index into CompiledRules::rules()
  TaintRole role = TaintRole::source;
  std::uint32_t vertex = 0;
  std::uint32_t sink = kNoVertex;  // sinks: index into FileDataflow::sinks
};

// A rule's extra step: $FROM's value flows into $TO (a name: that variable).
struct DfStep {
  std::uint32_t rule = 0;
  std::uint32_t from = 0, to = 0;
  std::uint32_t start_byte = 0, end_byte = 0;
};

// A sink as it will be reported: everything but the source, which phase 2 finds. The message
// is rendered around {$SOURCE}: message_parts joined with the source's text.
struct DfSink {
  Finding finding;
  std::vector<std::string> message_parts;
};

struct FileDataflow {
  std::string display;  // the file's name in reports
  std::vector<std::string> names;
  std::vector<DfVertex> vertices;
  std::vector<DfEdge> edges;
  std::vector<DfCall> calls;
  // Per FileFunctions::functions entry: its parameters' vertices (kNoVertex for one never
  // created) and its return vertex.
  struct Unit {
    std::vector<std::uint32_t> params;
    std::uint32_t ret = kNoVertex;
  };
  std::vector<Unit> units;
  std::vector<DfMatch> matches;
  std::vector<DfStep> steps;
  std::vector<DfSink> sinks;
};

// The formulas of the enabled taint rules (sources, sinks, sanitizers, steps of all of
// them), indexed once per worker as CompiledRules indexes ordinary rules: by exact callee,
// every call, and node symbol, with each formula's prefilter words. So a file costs one
// pass over its calls and at most one walk, whatever the number of taint rules.
class TaintMatchers {
 public:
  explicit TaintMatchers(const RuleSet& rules);
  bool empty() const noexcept { return entries_.empty(); }

  enum class Role : std::uint8_t { source, sink, sanitizer, step };
  struct Entry {
    std::uint32_t rule = 0;  // index into CompiledRules::rules()
    Role role = Role::source;
    const CompiledFormula* formula = nullptr;
    std::vector<std::uint32_t> words;  // prefilter: one of these (TaintMatchers::words()) must be in the file
    bool filtered = false;             // words apply (else the formula may match in any file)
    bool every_call = false;           // tried at every call not indexed by method below
    bool walk = false;  // anchored on nodes other than calls
    // The same set member in other rules (equal CompiledFormula::shared_key and role): tried
    // once, here, and a match counts for each of them too. A follower is not indexed.
    std::vector<std::uint32_t> followers;
  };
  const std::vector<Entry>& entries() const noexcept { return entries_; }
  const CompiledRules& rules() const noexcept { return *rules_; }
  // Entries anchored on calls to `callee`; on any node of `symbol`.
  const std::vector<std::uint32_t>& for_callee(std::string_view callee) const;
  const std::vector<std::uint32_t>& for_symbol(TSSymbol symbol) const;
  // Entries anchored on calls of a method `name` on any value (`$SOCK.recv(...)`).
  const std::vector<std::uint32_t>& for_method(std::string_view name) const;
  // The prefilter words of the entries (Entry::words are ids in it).
  const WordSet& words() const noexcept { return words_; }

 private:
  const CompiledRules* rules_;
  std::vector<Entry> entries_;
  StringMap<std::vector<std::uint32_t>> by_callee_;
  StringMap<std::vector<std::uint32_t>> by_method_;
  WordSet words_;
  std::vector<std::vector<std::uint32_t>> by_symbol_;
};

// What phase 1 keeps of one file for the taint solver (not its text: traces read it again).
struct TaintFacts {
  FileFunctions functions;
  FileDataflow dataflow;
};

// Phase 1 for one file: its call facts (call_graph.hpp) and dataflow graph, in one walk.
// `project` (may be null) tells which imported names belong to the scanned tree; `timer`
// (may be null) gets each taint rule's matching time.
TaintFacts extract_dataflow(const TaintMatchers& matchers, TSNode root, const FileContext& file,
                            const ProjectIndex* project, RuleTimer* timer = nullptr);

}  // namespace warden::detail
