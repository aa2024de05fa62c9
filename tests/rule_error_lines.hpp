// Rule-file errors as "line:col: message" lines: what the front-end tests compare.
#pragma once

#include <string>
#include <vector>

#include "warden/rules.hpp"

namespace warden::testing {

inline std::string error_lines(const std::vector<RuleFileError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    out += std::to_string(e.position.line) + ":" + std::to_string(e.position.column) + ": " + e.message + "\n";
  }
  return out;
}

}  // namespace warden::testing
