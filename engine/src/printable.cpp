#include "printable.hpp"

#include <fmt/format.h>

#include "source.hpp"

namespace warden::detail {

std::string printable_excerpt(std::string_view bytes, std::size_t max_chars) {
  std::string out;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    if (shown == max_chars) {
      out += "...";
      break;
    }
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    const std::size_t length = utf8_sequence_length(bytes.substr(i));
    if (length > 1) {
      out.append(bytes.substr(i, length));
      i += length;
    } else {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        default:
          if (length == 1 && c >= 0x20 && c != 0x7f) out.push_back(static_cast<char>(c));
          else out += fmt::format("\\x{:02x}", c);
      }
      ++i;
    }
    ++shown;
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
