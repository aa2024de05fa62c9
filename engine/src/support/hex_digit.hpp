// The value of one hexadecimal digit, for the decoders of escapes (Python literals, JSON, pickles).
#pragma once

namespace warden::detail {

// 0-15 for 0-9, a-f, A-F; -1 for any other byte.
inline int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace warden::detail
