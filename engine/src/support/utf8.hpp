// Code-point arithmetic on UTF-8 text, for columns (reports count columns in code points), and
// code points written as UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace warden::detail {

inline bool is_utf8_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u; }

inline std::uint32_t code_point_count(std::string_view text) noexcept {
  std::uint32_t count = 0;
  for (const char c : text) {
    if (!is_utf8_continuation(c)) ++count;
  }
  return count;
}

// Byte offset of the 1-based code-point `column` in `line`, clamped to the line's end.
inline std::size_t byte_offset_of_column(std::string_view line, std::uint32_t column) noexcept {
  if (column <= 1) return 0;
  std::uint32_t current = 1;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (is_utf8_continuation(line[i])) continue;
    if (current == column) return i;
    ++current;
  }
  return line.size();
}

// Appends the UTF-8 of code point `cp`.
inline void append_code_point(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {  // surrogates too (WTF-8), as Python's str can hold them
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace warden::detail
