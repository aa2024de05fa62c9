#include "resolved_file.hpp"

#include <utility>

#include "syntax.hpp"

namespace warden::detail {

std::uint64_t node_key(TSNode node) {
  return (std::uint64_t{ts_node_start_byte(node)} << 32) | ts_node_end_byte(node);
}

std::vector<std::string> imported_names(TSNode node, const ResolvedFile& file) {
  std::vector<std::string> names;
  const std::string_view source = file.source().text();
  if (kind_of(node) == Kind::import_statement) {
    for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
      TSNode item = ts_node_named_child(node, i);
      if (kind_of(item) == Kind::aliased_import) item = child(item, Field::name);
      if (kind_of(item) == Kind::dotted_name) names.emplace_back(text_of(item, source));
    }
    return names;
  }
  const TSNode module_node = child(node, Field::module_name);
  std::optional<std::string> module;
  if (kind_of(module_node) == Kind::relative_import) {
    std::uint32_t level = 0;
    std::string_view rest;
    for (std::uint32_t i = 0, n = ts_node_named_child_count(module_node); i < n; ++i) {
      const TSNode part = ts_node_named_child(module_node, i);
      if (kind_of(part) == Kind::import_prefix) level = ts_node_end_byte(part) - ts_node_start_byte(part);
      else if (kind_of(part) == Kind::dotted_name) rest = text_of(part, source);
    }
    module = resolve_relative_module(file.model().info(), level, rest);
  } else {
    module = std::string(text_of(module_node, source));
  }
  if (!module) return names;
  if (!module->empty()) names.push_back(*module);
  for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
    TSNode item = ts_node_named_child(node, i);
    if (ts_node_eq(item, module_node)) continue;
    if (kind_of(item) == Kind::aliased_import) item = child(item, Field::name);
    if (kind_of(item) != Kind::dotted_name) continue;
    const std::string_view name = text_of(item, source);
    names.push_back(module->empty() ? std::string(name) : *module + "." + std::string(name));
  }
  return names;
}

std::optional<QualifiedName> ResolvedFile::lookup(std::uint64_t key, bool by_function) const {
  const auto& calls = model_.calls();
  if (by_call_.empty() && !calls.empty()) {
    for (std::uint32_t i = 0; i < calls.size(); ++i) {
      by_call_.emplace(node_key(calls[i].node), i);
      by_function_.emplace(node_key(child(calls[i].node, Field::function)), i);
    }
  }
  const auto& index = by_function ? by_function_ : by_call_;
  const auto it = index.find(key);
  if (it == index.end()) return std::nullopt;
  if (auto o = overrides_.find(node_key(calls[it->second].node)); o != overrides_.end()) return o->second;
  return calls[it->second].callee;
}

std::optional<QualifiedName> ResolvedFile::callee_of(TSNode call) const { return lookup(node_key(call), false); }

std::optional<QualifiedName> ResolvedFile::callee_of_function(TSNode function) const {
  return lookup(node_key(function), true);
}

void ResolvedFile::override_callee(TSNode call, QualifiedName name) { overrides_[node_key(call)] = std::move(name); }

TSNode ResolvedFile::parent_of(TSNode node) const {
  if (parents_.empty()) {
    const TSNode root = ts_tree_root_node(node.tree);
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    std::vector<TSNode> path{root};  // the cursor's ancestors, root first
    for (;;) {
      if (ts_tree_cursor_goto_first_child(&cursor)) {
        const TSNode child = ts_tree_cursor_current_node(&cursor);
        parents_.emplace(child.id, path.back());
        path.push_back(child);
        continue;
      }
      bool moved = false;
      while (!moved) {
        if (ts_tree_cursor_goto_next_sibling(&cursor)) {
          path.pop_back();
          const TSNode sibling = ts_tree_cursor_current_node(&cursor);
          parents_.emplace(sibling.id, path.back());
          path.push_back(sibling);
          moved = true;
        } else if (ts_tree_cursor_goto_parent(&cursor)) {
          path.pop_back();
        } else {
          break;
        }
      }
      if (!moved) break;
    }
    ts_tree_cursor_delete(&cursor);
  }
  const auto it = parents_.find(node.id);
  return it == parents_.end() ? TSNode{} : it->second;
}

bool ResolvedFile::imports_any(const std::vector<NameGlob>& globs, TSNode node) const {
  if (!imported_names_) {
    std::vector<std::string> names;
    TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(node.tree));
    for (bool more = true; more;) {
      const TSNode at = ts_tree_cursor_current_node(&cursor);
      const Kind kind = kind_of(at);
      const bool is_import = kind == Kind::import_statement || kind == Kind::import_from_statement;
      if (is_import) {
        for (std::string& name : imported_names(at, *this)) names.push_back(std::move(name));
      }
      if (!is_import && ts_tree_cursor_goto_first_child(&cursor)) continue;
      while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
        if (!ts_tree_cursor_goto_parent(&cursor)) {
          more = false;
          break;
        }
      }
    }
    ts_tree_cursor_delete(&cursor);
    imported_names_ = std::move(names);
  }
  for (const std::string& name : *imported_names_) {
    for (const NameGlob& glob : globs) {
      if (glob.matches(name)) return true;
    }
  }
  return false;
}

}  // namespace warden::detail
