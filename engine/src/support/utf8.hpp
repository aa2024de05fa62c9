// Code-point arithmetic on UTF-8 text, for columns: reports count columns in code points.
#pragma once

#include <cstdint>
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

}  // namespace warden::detail
