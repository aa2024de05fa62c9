// The call graph of a scanned tree: which function calls which, across files.
//
// Built in two steps, matching the scan's two phases (trees are not kept between them):
//  1. per file, in the worker that parsed it: extract_functions() turns the tree and its
//     module model into compact facts (FileFunctions): definitions, classes with resolved
//     bases, and call sites with the caller and what the callee is known to be;
//  2. cross-file: CallGraph::build() joins every file's facts through the ProjectIndex
//     (imports from other files of the tree, re-exports, method lookup along base classes)
//     into one graph, and computes its strongly connected components and a bottom-up order.
//
// Vertices are functions, methods and lambdas, one per module (its top-level code, which
// also runs class bodies and decorators), one per class (the target of an instantiation),
// and one per external callee ("os.system", "builtins.eval"): names the tree does not define.
// Nothing here recurses over input size.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "module_model.hpp"
#include "project.hpp"

namespace warden::detail {

struct SourceSpan {
  std::uint32_t start_byte = 0, end_byte = 0;
  TSPoint start{0, 0}, end{0, 0};  // tree-sitter rows and byte columns, 0-based
};

struct ParameterFact {
  enum class Kind : std::uint8_t { positional, keyword_only, var_positional, var_keyword };
  std::string name;
  Kind kind = Kind::positional;
  bool has_default = false;
  std::string default_constant;  // the default when it is a constant (True, None, 3, 'x'), as written
};

// A condition on a parameter of the caller that must hold for a call to run: the call is in
// `if p:` (truthy), `if not p:` or its `else:` (falsy), `if p is None:` (none), `if p is not
// None:` (not_none), directly in the caller's own code.
struct CallGuard {
  enum class Test : std::uint8_t { truthy, falsy, none, not_none };
  std::string parameter;
  Test test = Test::truthy;
};

struct FunctionFact {
  enum class Kind : std::uint8_t { module, function, method, lambda };
  Kind kind = Kind::function;
  std::string qualname;        // "pkg.mod.Class.method"; the module's name for Kind::module
  std::string class_qualname;  // the class a method is defined in ("" otherwise)
  std::vector<ParameterFact> parameters;
  // Resolved where the definition runs, outermost first; `@d(args)` is listed as d.
  std::vector<QualifiedName> decorators;
  SourceSpan span;                        // the whole definition (the file, for the module)
  std::uint32_t scope = 0;                // index into ModuleModel::scopes()
  // Blocks of its own code that run only when a test of one of its parameters holds.
  struct GuardBlock {
    SourceSpan span;
    CallGuard guard;
  };
  std::vector<GuardBlock> guard_blocks;
  bool is_staticmethod() const;
  bool is_classmethod() const;
};

struct ClassFact {
  std::string qualname;
  std::vector<QualifiedName> bases;  // positional superclass expressions, resolved; others skipped
  SourceSpan span;
  std::uint32_t scope = 0;    // the class's own scope
  std::uint32_t definer = 0;  // index into FileFunctions::functions: whose code runs the class statement
};

struct CallFact {
  enum class Kind : std::uint8_t {
    name,       // callee resolved by the module model: a function, a class, C.m, or an external name
    self,       // self.m(...) / cls.m(...) in a method of `class_qualname`
    super,      // super().m(...) in a method of `class_qualname`
    decorator,  // @d on a definition: d is called with it when the definition runs
    instance,   // x.m(...) where x holds what `callee(...)` returned: C.m when callee is a class C
  };
  Kind kind = Kind::name;
  std::uint32_t caller = 0;  // index into FileFunctions::functions
  QualifiedName callee;      // Kind::name, Kind::decorator, Kind::instance (the class's name)
  std::string method;        // Kind::self, Kind::super and Kind::instance
  std::string class_qualname;
  std::uint32_t call_index = kNoCallIndex;  // into ModuleModel::calls(); kNoCallIndex for decorators
  SourceSpan span;                          // the call (the decorator's expression for decorators)
  // What the call passes, for the parameters its guards test in the callee: the positional
  // arguments' constant text ("" when not a constant; only up to the last constant, of
  // `positional_count`), each keyword's; `unpacked` when it passes *args or **kwargs (then the
  // parameters are not known).
  std::vector<std::string> positional;
  std::uint32_t positional_count = 0;
  std::vector<std::pair<std::string, std::string>> keywords;
  bool unpacked = false;
  std::vector<CallGuard> guards;  // innermost first

  static constexpr std::uint32_t kNoCallIndex = 0xFFFFFFFFu;
};

// The functions that read a weights file (torch.load, pickle.load, joblib.load, numpy.load,
// ...: kWeightsLoaders in call_graph.cpp, the one table), by the qualified name a call
// resolves to.
bool is_weights_loader(std::string_view qualname) noexcept;

// A path written in a loader call's arguments, directly or nested (open(...), os.path.join,
// pathlib's `/`, a concatenation): its literal tail, '/'-joined as written. `complete` when
// no computed part comes before it; a computed part joined by a separator (os.path.join(here,
// "w.pt"), f"{root}/w.pt") leaves a leading '/'.
struct PathLiteral {
  std::string path;
  bool complete = true;
  SourceSpan span;  // the expression it was read from
};

// A call of a weights loader with the paths its arguments write. Only calls with some path
// are kept; what other calls pass is not collected.
struct LoaderCallFact {
  std::string loader;  // the resolved callee, "torch.load"
  SourceSpan span;     // the call
  std::vector<PathLiteral> paths;
};

// Everything the call graph needs from one file; no tree nodes, so it outlives the tree.
struct FileFunctions {
  ModuleInfo module;
  std::vector<FunctionFact> functions;  // [0] is the module's top-level code
  std::vector<ClassFact> classes;
  std::vector<CallFact> calls;
  std::vector<LoaderCallFact> loader_calls;  // in source order
  // Absolute names of imported modules (ModuleModel::imported_modules()), then every other
  // name an import binds (`from pkg import mod` may bind a module): phase 2 keeps the modules.
  std::vector<std::string> imports;
};

// Phase 1: the facts of one file. `model` must have been built from `root` and `source`.
FileFunctions extract_functions(const ModuleModel& model, TSNode root, std::string_view source);
// Same, from the file's definition nodes and if statements (is_fact_node) in preorder, for a
// caller that walks the tree anyway (one walk instead of two).
FileFunctions extract_functions(const ModuleModel& model, TSNode root, std::string_view source,
                                const std::vector<TSNode>& definitions);
bool is_fact_node(TSNode node) noexcept;

class CallGraph {
 public:
  using Vertex = std::uint32_t;
  static constexpr Vertex kNone = 0xFFFFFFFFu;

  enum class VertexKind : std::uint8_t { module, function, method, lambda, class_, external };
  enum class EdgeKind : std::uint8_t {
    call,           // a function called by name (in this file or imported from another)
    method,         // C.m(...), self.m(...), cls.m(...): m found along C's bases
    override_,      // self.m(...) in C may run a subclass's m (class hierarchy analysis)
    super,          // super().m(...)
    instantiation,  // C(...): the class vertex
    init,           // C(...): C.__init__, found along C's bases
    decorator,      // @d: the decorator runs when the definition does
    import,         // a module's code imports another module of the tree (runs its top level)
  };

  struct VertexInfo {
    std::string qualname;
    VertexKind kind = VertexKind::function;
    std::uint32_t file = kNone;  // index into the FileFunctions given to build(); kNone for external
    std::uint32_t fact = kNone;  // into that file's functions (classes for VertexKind::class_)
  };

  struct EdgeInfo {
    Vertex source = kNone, target = kNone;
    EdgeKind kind = EdgeKind::call;
    std::uint32_t file = kNone;  // where the call is: file index and index into its calls
    std::uint32_t call = kNone;  // (kNone for import edges)
  };

  // Phase 2. `project` must hold every module's exports (ProjectIndex::set_exports).
  static CallGraph build(const std::vector<FileFunctions>& files, const ProjectIndex& project);

  CallGraph(CallGraph&&) noexcept;
  CallGraph& operator=(CallGraph&&) noexcept;
  ~CallGraph();

  std::size_t vertex_count() const noexcept;
  std::size_t edge_count() const noexcept;
  const VertexInfo& vertex(Vertex v) const;
  // Every vertex with this qualified name (a redefined function or a property's getter and
  // setter share one); empty when none.
  std::vector<Vertex> find(std::string_view qualname) const;
  // Method `method` of class `cls` (a qualified name in the tree) or of the first class of the
  // tree after it in its method resolution order; empty when none defines it.
  std::vector<Vertex> find_method(const std::string& cls, const std::string& method) const;
  // The vertex of a module's top-level code, kNone when the module is not in the graph.
  Vertex module_vertex(std::string_view module) const;

  // Distinct targets / sources of `v`'s edges, in ascending order.
  std::vector<Vertex> callees(Vertex v) const;
  std::vector<Vertex> callers(Vertex v) const;
  // Every edge out of `v` (one per call site and target), in insertion order.
  std::vector<EdgeInfo> edges_from(Vertex v) const;
  // Everything that may run once the entries run (entries included), ascending.
  std::vector<Vertex> reachable_from(std::span<const Vertex> entries) const;

  // Strongly connected components: recursion and mutual recursion share one.
  std::size_t scc_count() const noexcept;
  std::uint32_t scc_of(Vertex v) const;
  const std::vector<Vertex>& scc_members(std::uint32_t scc) const;
  // More than one member, or a member that calls itself.
  bool is_recursive(std::uint32_t scc) const;
  // The SCCs with callees before callers: the order function summaries are computed in.
  const std::vector<std::uint32_t>& bottom_up_order() const noexcept;

  struct Impl;  // opaque: keeps Boost.Graph out of this header

 private:
  explicit CallGraph(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

const char* to_string(CallGraph::EdgeKind kind) noexcept;
const char* to_string(CallGraph::VertexKind kind) noexcept;

}  // namespace warden::detail
