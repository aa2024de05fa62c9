// The scanned tree as a whole: which modules it holds and what each exports, so a name
// imported from one file of the tree resolves through that file's own imports
// (`from .utils import run` where utils has `from os import system as run` is os.system).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "module_model.hpp"

namespace warden::detail {

class ProjectIndex {
 public:
  // `modules`: the dotted names of every Python file discovered in the scan.
  explicit ProjectIndex(std::vector<std::string> modules);

  // Length of the longest prefix of `qualified` (ending at a dot or the end) that names a
  // module of the tree; 0 when none does.
  std::size_t module_prefix(std::string_view qualified) const;

  // Records a module's names after its analysis. Not thread-safe: call between phases.
  void set_exports(const std::string& module, std::unordered_map<std::string, QualifiedName> exports,
                   std::vector<std::string> star_imports);

  // Follows imports through the tree's modules until the name leaves the tree or is defined
  // in it: "pkg.utils.run" -> "os.system". Nullopt when nothing changes. Bounded, so import
  // cycles terminate.
  std::optional<QualifiedName> resolve(std::string_view qualified) const;

 private:
  struct Exports {
    std::unordered_map<std::string, QualifiedName> names;
    std::vector<std::string> star_imports;
  };
  std::unordered_set<std::string> modules_;
  std::unordered_map<std::string, Exports> exports_;
};

}  // namespace warden::detail
