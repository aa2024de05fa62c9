#include "printable.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "source.hpp"

namespace warden::detail {

std::string printable_excerpt(std::string_view bytes, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < bytes.size(); ++chars) {
    if (chars == max_chars) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if (c == '\n') out += "\\n";
      else if (c == '\t') out += "\\t";
      else if (c == '\r') out += "\\r";
      else if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
      else out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(bytes.substr(i));
    if (n == 0) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
      continue;
    }
    std::uint32_t cp = c & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(bytes[i + k]) & 0x3Fu);
    // C1 controls, zero-width and bidirectional formatting characters would hide or reorder
    // the text around them (trojan source): escaped.
    if (cp < 0xA0 || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF) {
      out += fmt::format("\\u{:04x}", cp);
    } else {
      out.append(bytes.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string text_with_raw_offsets(std::string_view raw) {
  std::string text(raw);
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      text[i++] = ' ';
      continue;
    }
    const std::size_t length = utf8_sequence_length(std::string_view(text).substr(i));
    if (length == 0) {
      text[i++] = '?';
      continue;
    }
    i += length;
  }
  return text;
}

}  // namespace warden::detail
