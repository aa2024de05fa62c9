#include "python_text.hpp"

#include <algorithm>
#include <limits>

#include "hex_digit.hpp"
#include "syntax.hpp"

namespace warden::detail {
namespace {

// codecs.lookup's normalisation: case and '-'/' ' do not matter.
std::string normalize_encoding(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == '-' || c == ' ') {
      out.push_back('_');
    } else {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
  }
  return out;
}

// The body of a string literal with Python's escapes (str or bytes rules); false where Python
// would reject it or where Warden cannot know the value (\N{...}).
bool unescape(std::string_view body, bool raw, bool bytes, bool format, std::string& out) {
  const auto emit = [&](std::uint32_t v) {
    if (bytes) {
      out.push_back(static_cast<char>(v & 0xFF));
    } else {
      append_code_point(out, v);
    }
  };
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (format && (c == '{' || c == '}') && i + 1 < body.size() && body[i + 1] == c) {
      out.push_back(c);
      i += 2;
      continue;
    }
    if (raw || c != '\\' || i + 1 == body.size()) {
      if (bytes && static_cast<unsigned char>(c) >= 0x80) return false;
      out.push_back(c);
      ++i;
      continue;
    }
    const char e = body[i + 1];
    i += 2;
    switch (e) {
      case '\n': break;
      case '\r':
        if (i < body.size() && body[i] == '\n') ++i;
        break;
      case '\\': case '\'': case '"': out.push_back(e); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'v': out.push_back('\v'); break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        std::uint32_t v = static_cast<std::uint32_t>(e - '0');
        for (int k = 0; k < 2 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++k) {
          v = v * 8 + static_cast<std::uint32_t>(body[i++] - '0');
        }
        emit(v);
        break;
      }
      case 'x': case 'u': case 'U': {
        if (e != 'x' && bytes) {  // no \u in bytes: kept as written
          out.push_back('\\');
          out.push_back(e);
          break;
        }
        const std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + digits > body.size()) return false;
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < digits; ++k) {
          const int d = hex_digit(body[i + k]);
          if (d < 0) return false;
          v = v * 16 + static_cast<std::uint32_t>(d);
        }
        if (v > 0x10FFFF) return false;
        i += digits;
        emit(v);
        break;
      }
      case 'N':
        if (!bytes) return false;  // a character by Unicode name: not known here
        [[fallthrough]];
      default:
        if (bytes && static_cast<unsigned char>(e) >= 0x80) return false;
        out.push_back('\\');
        out.push_back(e);
    }
  }
  return true;
}

}  // namespace

// --- UTF-8 ----------------------------------------------------------------------------------
// Length of the code point starting at `s[i]` in text we built or decoded (well-formed).
std::size_t cp_length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t n = 1;
  if (lead >= 0xF0) {
    n = 4;
  } else if (lead >= 0xE0) {
    n = 3;
  } else if (lead >= 0xC0) {
    n = 2;
  }
  return std::min(n, s.size() - i);
}

std::uint32_t decode_cp(std::string_view s, std::size_t i, std::size_t n) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k])); };
  switch (n) {
    case 1: return byte(0);
    case 2: return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3: return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    default: return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
  }
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Byte offsets of each code point of a str, and its size at the end.
std::vector<std::size_t> cp_offsets(std::string_view s) {
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < s.size(); i += cp_length(s, i)) offsets.push_back(i);
  offsets.push_back(s.size());
  return offsets;
}

bool is_space_cp(std::uint32_t cp, bool str) {
  if (cp == ' ' || (cp >= '\t' && cp <= '\r')) return true;
  if (!str) return false;
  return (cp >= 0x1C && cp <= 0x1F) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}


// --- text encodings -------------------------------------------------------------------------
std::optional<TextEncoding> text_encoding(std::string_view name) {
  const std::string n = normalize_encoding(name);
  if (n == "utf_8" || n == "utf8" || n == "u8" || n == "utf") return TextEncoding::utf8;
  if (n == "ascii" || n == "us_ascii" || n == "646") return TextEncoding::ascii;
  if (n == "latin_1" || n == "latin1" || n == "iso_8859_1" || n == "iso8859_1" || n == "l1" || n == "latin" ||
      n == "8859" || n == "cp819") {
    return TextEncoding::latin1;
  }
  return std::nullopt;
}

std::optional<CodecName> binary_codec(std::string_view name) {
  const std::string n = normalize_encoding(name);
  if (n == "rot13" || n == "rot_13") return CodecName::rot13;
  if (n == "hex" || n == "hex_codec") return CodecName::hex;
  if (n == "base64" || n == "base_64" || n == "base64_codec") return CodecName::base64;
  if (n == "zlib" || n == "zip" || n == "zlib_codec") return CodecName::zlib;
  if (n == "bz2" || n == "bz2_codec") return CodecName::bz2;
  return std::nullopt;
}

const char* codec_label(CodecName c) {
  switch (c) {
    case CodecName::rot13: return "rot13";
    case CodecName::hex: return "hex";
    case CodecName::base64: return "base64";
    case CodecName::zlib: return "zlib";
    case CodecName::bz2: return "bz2";
  }
  return "";
}

// str -> bytes, strict errors.
std::optional<std::string> encode_text(std::string_view s, TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8:
      for (std::size_t i = 0; i + 1 < s.size(); ++i) {  // lone surrogates cannot be encoded
        if (static_cast<unsigned char>(s[i]) == 0xED && static_cast<unsigned char>(s[i + 1]) >= 0xA0) return std::nullopt;
      }
      return std::string(s);
    case TextEncoding::ascii:
      if (!is_ascii(s)) return std::nullopt;
      return std::string(s);
    case TextEncoding::latin1: {
      std::string out;
      for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = cp_length(s, i);
        const std::uint32_t cp = decode_cp(s, i, n);
        if (cp > 0xFF) return std::nullopt;
        out.push_back(static_cast<char>(cp));
        i += n;
      }
      return out;
    }
  }
  return std::nullopt;
}

// bytes -> str, strict errors.
std::optional<std::string> decode_text(std::string_view b, TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8:
      for (std::size_t i = 0; i < b.size();) {
        const std::size_t n = utf8_sequence_length(b.substr(i));
        if (n == 0) return std::nullopt;
        i += n;
      }
      return std::string(b);
    case TextEncoding::ascii:
      if (!is_ascii(b)) return std::nullopt;
      return std::string(b);
    case TextEncoding::latin1: {
      std::string out;
      for (const char c : b) append_code_point(out, static_cast<unsigned char>(c));
      return out;
    }
  }
  return std::nullopt;
}


// --- literals -------------------------------------------------------------------------------
// One `string` node: its value and whether it is bytes.
bool string_part(TSNode node, std::string_view source, std::string& out, bool& bytes) {
  if (kind_of(node) != Kind::string) return false;
  bool raw = false, format = false;
  bytes = false;
  for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
    const TSNode part = ts_node_named_child(node, i);
    switch (kind_of(part)) {
      case Kind::string_start:
        for (const char c : text_of(part, source)) {
          if (c == 'r' || c == 'R') raw = true;
          if (c == 'b' || c == 'B') bytes = true;
          if (c == 'f' || c == 'F') format = true;
          if (c == 't' || c == 'T') return false;  // template strings are not strings
        }
        break;
      case Kind::string_content:
        if (!unescape(text_of(part, source), raw, bytes, format, out)) return false;
        break;
      case Kind::escape_sequence:
        if (!unescape(text_of(part, source), false, bytes, format, out)) return false;
        break;
      case Kind::interpolation: return false;
      default: break;
    }
  }
  return true;
}

std::optional<std::int64_t> parse_int_literal(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c != '_') digits.push_back(c);
  }
  int base = 10;
  std::string_view d = digits;
  if (d.size() > 2 && d[0] == '0') {
    const char p = static_cast<char>(d[1] | 0x20);
    if (p == 'x') base = 16;
    if (p == 'o') base = 8;
    if (p == 'b') base = 2;
    if (base != 10) d.remove_prefix(2);
  }
  if (d.empty()) return std::nullopt;
  std::int64_t v = 0;
  for (const char c : d) {
    const int digit = hex_digit(c);
    if (digit < 0 || digit >= base) return std::nullopt;  // 1j, 1e5, ...
    if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, digit, &v)) return std::nullopt;
  }
  return v;
}

// int(x, base) of a str: Python's rules without the Unicode digits.
std::optional<std::int64_t> parse_int_text(std::string_view s, int base) {
  while (!s.empty() && is_space_cp(static_cast<unsigned char>(s.front()), false)) s.remove_prefix(1);
  while (!s.empty() && is_space_cp(static_cast<unsigned char>(s.back()), false)) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  const auto prefix = [&](char p) { return s.size() > 2 && s[0] == '0' && (s[1] | 0x20) == p; };
  if ((base == 16 || base == 0) && prefix('x')) {
    base = 16;
    s.remove_prefix(2);
  } else if ((base == 8 || base == 0) && prefix('o')) {
    base = 8;
    s.remove_prefix(2);
  } else if ((base == 2 || base == 0) && prefix('b')) {
    base = 2;
    s.remove_prefix(2);
  } else if (base == 0) {
    base = 10;
  }
  if (base < 2 || base > 36 || s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
  std::int64_t v = 0;
  char previous = 0;
  for (const char c : s) {
    if (c == '_') {
      if (previous == '_') return std::nullopt;
      previous = c;
      continue;
    }
    previous = c;
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'z') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') digit = c - 'A' + 10;
    if (digit < 0 || digit >= base) return std::nullopt;
    if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, digit, &v)) return std::nullopt;
  }
  return negative ? -v : v;
}

}  // namespace warden::detail
