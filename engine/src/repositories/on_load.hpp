// Which code of a model repository runs when the repository loads: its entry points
// (model_repo.hpp) resolved in the call graph, everything the call graph reaches from them,
// and for each reached function the chain of calls from an entry point.
//
// What an entry point runs: the top level of its module (importing it runs the module, its
// imports within the tree, class bodies and decorators); for a class, the methods the loaders
// call (kOnLoadMethods, found along the class's bases in the tree); for a function (hubconf),
// the function; a module's `__getattr__` (it runs on attribute access). Reachability follows
// every call graph edge: calls, methods (with overrides), __init__ of instantiated classes,
// super(), decorators, imports.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "call_graph.hpp"
#include "model_repo.hpp"
#include "project.hpp"

namespace warden::detail {

class LoadAnalysis {
 public:
  // `functions[i]` are file i's call facts (the files the graph was built from); `modules`
  // restricts the analysis to the files of one repository (their indices into `functions`).
  // `project` resolves an entry's name imported into its module from another file of the
  // tree (`from models.net import Net` in hubconf.py).
  LoadAnalysis(const ModelRepo& repo, const CallGraph& graph, const std::vector<FileFunctions>& functions,
               const std::vector<std::uint32_t>& files, const ProjectIndex& project);

  // Per ModelRepo entry: whether its module (and class or function) is in the tree.
  const std::vector<bool>& entry_found() const noexcept { return found_; }

  // The innermost function of file `file` whose code holds the 1-based line:column (class
  // bodies belong to the code that runs them); kNone when the file has no call facts.
  CallGraph::Vertex function_at(std::uint32_t file, std::uint32_t line, std::uint32_t column) const;
  bool runs_on_load(CallGraph::Vertex v) const { return v != CallGraph::kNone && v < parent_.size() && reached_[v]; }
  // Whether code at the 1-based line:column of function `v` runs on load: `v` does, and no
  // block around the position is one that constants on the load path rule out.
  bool runs_on_load_at(CallGraph::Vertex v, std::uint32_t line, std::uint32_t column) const;

  struct Step {
    std::uint32_t file = CallGraph::kNone;  // kNone: in a config file (then `declared_in`)
    std::string declared_in;
    std::uint32_t line = 0, column = 0;     // 1-based
    std::string message;
  };
  // From the entry point to `v` (which must run on load): the entry, then each call.
  std::vector<Step> chain(CallGraph::Vertex v) const;

  // The files (indices into `functions`) with code that runs on load, ascending.
  std::vector<std::uint32_t> files_on_load() const;

 private:
  struct Parent {
    CallGraph::Vertex from = CallGraph::kNone;  // kNone: an entry
    std::uint32_t entry = 0;                    // for entries: index into the repo's entries
    CallGraph::EdgeKind kind = CallGraph::EdgeKind::call;
    std::uint32_t file = CallGraph::kNone, call = CallGraph::kNone;
  };

  // For a function on the load path and a parameter its calls' guards test: which kinds of
  // value every call reaching it passes (or defaults to). Absent: not known (then both sides
  // of the guard are followed).
  struct PossibleValues {
    bool truthy = false, falsy = false, none = false, not_none = false;
    bool operator==(const PossibleValues&) const = default;
  };
  using GuardValues = std::map<std::pair<CallGraph::Vertex, std::string>, PossibleValues>;
  GuardValues guard_values(const std::vector<CallGraph::EdgeInfo>& guarded,
                           const std::vector<std::pair<CallGraph::Vertex, CallGraph::EdgeInfo>>& followed,
                           const std::vector<bool>& entries) const;
  bool ruled_out(const CallGraph::EdgeInfo& edge, const GuardValues& values) const;
  static std::string passed(const CallFact& call, const FunctionFact& callee, std::size_t index, std::size_t skipped);

  bool ruled_out(CallGraph::Vertex v, const CallGuard& guard, const GuardValues& values) const;

  const ModelRepo& repo_;
  const CallGraph& graph_;
  GuardValues guard_values_;  // what the final exploration ruled out by
  const std::vector<FileFunctions>& functions_;
  std::vector<bool> found_;
  std::vector<bool> reached_;
  std::vector<Parent> parent_;
};

// Remote references written in code: URLs and `pip install` commands in the string literals of
// `source` (a file that runs on load), each once, in source order.
struct CodeReference {
  std::string kind;    // "url", "pip"
  std::string target;  // the URL, or the packages after `pip install`
  std::uint32_t line = 0, column = 0;
};
std::vector<CodeReference> remote_references_in(std::string_view source);

// The weights files a path written in loading code names (a loader call's PathLiteral, read
// in a file of directory `caller_dir`): indices into `files`, the repository's weights files
// as paths relative to its root ('/'-separated, `caller_dir` too, "" for the root). A file is
// named when its path ends with the written one, component by component (`\` is a separator,
// `.` and `..` are applied). A complete absolute path (`/...`, `~...`) names a file outside
// the repository: none. Of an incomplete path, a first component the computed part in front
// cuts ("{name}.pt" -> ".pt") is dropped. Of several files named, the one the path reaches
// from the caller's directory, else from the root, else all of them. Ascending.
std::vector<std::size_t> files_named_by(std::string_view path, bool complete, std::string_view caller_dir,
                                        const std::vector<std::string>& files);

// The methods transformers, tokenizers and processors call on an entry class while loading.
extern const char* const kOnLoadMethods[];

}  // namespace warden::detail
