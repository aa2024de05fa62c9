// A file as name resolution leaves it: its source, its module model, and the callee of each
// call (cross-file resolution may override it). What every later phase asks of a file's names
// (static values, patterns, formulas, dataflow) goes through here.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "module_model.hpp"
#include "name_glob.hpp"
#include "source.hpp"

namespace warden::detail {

// A node's byte range as one key (start << 32 | end): a node of a tree, across cursors.
std::uint64_t node_key(TSNode node);

class ResolvedFile;
// The names an import statement imports, qualified ("os.path", "Crypto.Cipher.DES"; a relative
// import's against the file's package).
std::vector<std::string> imported_names(TSNode import_statement, const ResolvedFile& file);

class ResolvedFile : public CalleeResolver {
 public:
  ResolvedFile(const SourceFile& source, const ModuleModel& model) : source_(source), model_(model) {}
  const SourceFile& source() const noexcept { return source_; }
  const ModuleModel& model() const noexcept { return model_; }
  // The resolved callee of a call node, as the module model saw it where the call runs;
  // cross-file resolution overrides it.
  std::optional<QualifiedName> callee_of(TSNode call) const;
  std::optional<QualifiedName> callee_of_function(TSNode function) const override;
  void override_callee(TSNode call, QualifiedName name);

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
  mutable std::unordered_map<const void*, TSNode> parents_;  // by the child's TSNode::id
  mutable std::optional<std::vector<std::string>> imported_names_;  // every import statement's names
};

}  // namespace warden::detail
