// Wildcard matching with '*' only: clang-tidy-style check globs and qualified-name globs.
#pragma once

#include <string_view>

namespace warden::detail {

// Whether `text` matches `pattern`, where '*' matches any run of characters that does not
// contain `barrier` ('\0': no barrier; '.': within one dotted segment of a qualified name).
inline bool glob_match(std::string_view pattern, std::string_view text, char barrier = '\0') noexcept {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos && (barrier == '\0' || text[mark] != barrier)) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace warden::detail
