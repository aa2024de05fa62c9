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

// "line:col: message" of each error compiling `text` gives (empty when it compiles).
inline std::vector<std::string> errors_of(const std::string& text) {
  try {
    (void)RuleSet::from_text("bad.rule", text);
  } catch (const RuleError& e) {
    std::vector<std::string> out;
    for (const auto& err : e.errors()) {
      out.push_back(std::to_string(err.position.line) + ":" + std::to_string(err.position.column) + ": " + err.message);
    }
    return out;
  }
  return {};
}

}  // namespace warden::testing
