#include "project.hpp"

namespace warden::detail {

ProjectIndex::ProjectIndex(std::vector<std::string> modules) {
  for (auto& m : modules) {
    if (!m.empty()) modules_.insert(std::move(m));
  }
}

std::size_t ProjectIndex::module_prefix(std::string_view qualified) const {
  if (modules_.empty() || qualified.empty()) return 0;
  std::size_t end = qualified.size();
  for (;;) {
    if (modules_.count(std::string(qualified.substr(0, end)))) return end;
    const auto dot = qualified.rfind('.', end - 1);
    if (dot == std::string_view::npos || dot == 0) return 0;
    end = dot;
  }
}

void ProjectIndex::set_exports(const std::string& module, std::unordered_map<std::string, QualifiedName> exports,
                               std::vector<std::string> star_imports) {
  if (module.empty()) return;
  exports_[module] = {std::move(exports), std::move(star_imports)};
}

std::optional<QualifiedName> ProjectIndex::resolve(std::string_view qualified) const {
  constexpr int kMaxHops = 32;  // re-export chains are short; cycles must end
  QualifiedName current{std::string(qualified), NameOrigin::imported};
  bool changed = false;
  for (int hop = 0; hop < kMaxHops; ++hop) {
    const std::size_t prefix = module_prefix(current.name);
    if (prefix == 0 || prefix == current.name.size()) break;  // outside the tree, or a module itself
    const std::string module = current.name.substr(0, prefix);
    const std::string_view rest = std::string_view(current.name).substr(prefix + 1);
    const std::string_view first = rest.substr(0, rest.find('.'));
    const std::string_view tail = rest.substr(first.size());  // "" or ".more.attrs"
    const auto found = exports_.find(module);
    if (found == exports_.end()) break;
    const Exports& exports = found->second;
    std::optional<QualifiedName> next;
    if (auto it = exports.names.find(std::string(first)); it != exports.names.end()) {
      if (it->second.origin == NameOrigin::definition) break;  // defined here: this is its name
      next = it->second;
    } else if (!exports.star_imports.empty()) {
      next = QualifiedName{exports.star_imports.back() + "." + std::string(first), NameOrigin::star_import};
    }
    if (!next) break;
    next->name += tail;
    if (next->name == current.name) break;
    current = std::move(*next);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return current;
}

}  // namespace warden::detail
