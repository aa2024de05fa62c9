// The module model: what each name in a file refers to, as a qualified name.
//
// One walk over the tree, in execution order: module and class bodies in source order,
// function and lambda bodies deferred until the enclosing body is done (so they see the
// module's final imports, as at call time). Bindings come from imports (all forms, relative
// ones resolved against the file's package), definitions, and simple aliases (`f = os.system`,
// `m = __import__("os")`). Anything else assigned to a name shadows it. Python's scoping is
// followed: class scopes are invisible to nested functions; `global`/`nonlocal` redirect.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace warden::detail {

enum class NameOrigin : std::uint8_t {
  imported,     // through an import statement, __import__ or importlib.import_module
  builtin,      // a builtin, as "builtins.NAME"
  definition,   // a def or class of this module, as "module.Class.method"
  star_import,  // not bound here; taken from the last `from M import *`
  hidden,       // named by strings the code computes (getattr(os, "sys" + "tem")): hidden_callees.hpp
  unresolved,   // not bound anywhere we can see: the dotted text as written
};

struct QualifiedName {
  std::string name;
  NameOrigin origin = NameOrigin::unresolved;
  bool resolved() const noexcept { return origin != NameOrigin::unresolved; }
  friend bool operator==(const QualifiedName&, const QualifiedName&) = default;
};

struct ModuleInfo {
  std::string name;         // dotted module name ("pkg.sub.mod"); may be empty for a buffer
  bool is_package = false;  // an __init__.py: relative imports resolve against `name` itself
};

struct CallSite {
  TSNode node;                           // the `call` node
  std::optional<QualifiedName> callee;   // nullopt when the callee is a computed value (obj.m(), f()())
  std::uint32_t scope = 0;               // index into ModuleModel::scopes(): where the call is
};

struct Scope {
  enum class Type : std::uint8_t { module, class_, function, lambda, comprehension };
  Type type = Type::module;
  std::uint32_t parent = 0;  // the module scope is its own parent
  std::string qualname;      // "pkg.mod.Class.method"
  std::uint32_t start_byte = 0, end_byte = 0xFFFFFFFFu;  // the code whose names this scope holds
  // name -> qualified name, or nullopt for a plain local value that shadows outer names
  std::unordered_map<std::string, std::optional<QualifiedName>> bindings;
  std::unordered_set<std::string> globals;
  std::unordered_set<std::string> nonlocals;
};

// The callee a call resolved to, looked up by the call's function expression. The scan's
// per-file context implements it, so patterns see the same callee as the call index does
// (resolved where the call runs, and across files).
class CalleeResolver {
 public:
  virtual ~CalleeResolver() = default;
  virtual std::optional<QualifiedName> callee_of_function(TSNode function) const = 0;
  // A node's parent; a file's context answers from a map (ts_node_parent walks from the root).
  virtual TSNode parent_of(TSNode node) const { return ts_node_parent(node); }
};

class ModuleModel {
 public:
  static ModuleModel build(TSNode root, std::string_view source, const ModuleInfo& info);

  const ModuleInfo& info() const noexcept { return info_; }
  // Every call in the file, in the order the walk met them.
  const std::vector<CallSite>& calls() const noexcept { return calls_; }
  // Names the callee of calls()[index], which the walk left computed (hidden_callees.hpp).
  void set_callee(std::size_t index, QualifiedName callee) { calls_[index].callee = std::move(callee); }
  // Scopes with their bindings as they stand after the walk (scope 0 is the module).
  const std::vector<Scope>& scopes() const noexcept { return scopes_; }
  // Module-level names after the module ran (imports, aliases and definitions only).
  const std::unordered_map<std::string, QualifiedName>& exports() const noexcept { return exports_; }
  // The qualified name `node` denotes in `scope`: a name, an attribute chain on one, or a
  // module from __import__/importlib.import_module with a literal name. Uses the bindings
  // as they stand now (during the walk: at that point of execution; after it: final).
  std::optional<QualifiedName> resolve(TSNode node, std::string_view source, std::uint32_t scope) const;
  // How a plain name resolves in `scope` (nullopt: a local value).
  std::optional<QualifiedName> lookup(std::uint32_t scope, std::string_view name) const;
  // The innermost scope holding the code at `byte` (0, the module, when none is narrower).
  std::uint32_t scope_at(std::uint32_t byte) const noexcept;
  // The next scope out whose names code in `scope` sees (class scopes are skipped).
  std::uint32_t enclosing(std::uint32_t scope) const noexcept;

  // Modules named in `from M import *`, in order.
  const std::vector<std::string>& star_imports() const noexcept { return star_imports_; }
  // Every module the file imports (absolute names), in order, without duplicates.
  const std::vector<std::string>& imported_modules() const noexcept { return imported_modules_; }

 private:
  friend class ModuleWalker;
  ModuleInfo info_;
  std::vector<CallSite> calls_;
  std::optional<QualifiedName> imported_module(TSNode call, std::string_view source, std::uint32_t scope) const;

  std::vector<Scope> scopes_;
  std::unordered_map<std::string, QualifiedName> exports_;
  std::vector<std::string> star_imports_;
  std::vector<std::string> imported_modules_;
};

// Resolves `from ..x import y`'s module part for a file: level = number of dots.
// Returns nullopt when the dots climb above the top-level package.
std::optional<std::string> resolve_relative_module(const ModuleInfo& info, std::uint32_t level, std::string_view rest);

bool is_python_builtin(std::string_view name) noexcept;

}  // namespace warden::detail
