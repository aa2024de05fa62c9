#include "python_repr.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "utf8.hpp"

namespace warden::detail {
namespace {

char quote_for(std::string_view s) noexcept {
  // Python uses ' unless the text holds ' and no ".
  return s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos ? '"' : '\'';
}

void escape_ascii(std::string& out, unsigned char c, char quote) {
  switch (c) {
    case '\t': out += "\\t"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\\': out += "\\\\"; return;
    default: break;
  }
  if (c == static_cast<unsigned char>(quote)) {
    out.push_back('\\');
    out.push_back(quote);
  } else if (c < 0x20 || c >= 0x7f) {
    out += fmt::format("\\x{:02x}", c);
  } else {
    out.push_back(static_cast<char>(c));
  }
}

// Code points str.isprintable() rejects beyond the C0/C1 controls: the format characters
// and separators a reader would not see (soft hyphen, zero-width, bidi, line separators).
bool invisible(std::uint32_t cp) noexcept {
  return cp == 0xAD || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
         (cp >= 0x205F && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0x3000 ||
         cp == 0xA0 || cp == 0x1680 || cp == 0x180E || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xE000 && cp <= 0xF8FF);
}

// One UTF-8 sequence at `s[i]`: its code point and length, or length 0 when invalid.
std::pair<std::uint32_t, std::size_t> decode_one(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (c >= 0xF5) n = 0;
  if (n == 0 || i + n > s.size()) return {0, 0};
  std::uint32_t cp = c & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0u) != 0x80u) return {0, 0};
    cp = (cp << 6) | (b(i + k) & 0x3Fu);
  }
  const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF));
  if (overlong) return {0, 0};
  return {cp, n};
}

}  // namespace

std::string repr_str(std::string_view s) {
  const char quote = quote_for(s);
  std::string out(1, quote);
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      escape_ascii(out, c, quote);
      ++i;
      continue;
    }
    const auto [cp, n] = decode_one(s, i);
    if (n == 0) {  // not UTF-8 (a protocol 0 STRING of Python 2 bytes): shown byte by byte
      out += fmt::format("\\x{:02x}", c);
      ++i;
      continue;
    }
    if (cp < 0xA0 || invisible(cp)) {
      out += cp <= 0xFF ? fmt::format("\\x{:02x}", cp) : fmt::format("\\u{:04x}", cp);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  out.push_back(quote);
  return out;
}

std::string repr_bytes(std::string_view bytes, bool bytearray) {
  const char quote = quote_for(bytes);
  std::string out = bytearray ? "bytearray(b" : "b";
  out.push_back(quote);
  for (const char c : bytes) escape_ascii(out, static_cast<unsigned char>(c), quote);
  out.push_back(quote);
  if (bytearray) out.push_back(')');
  return out;
}

std::string repr_float(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  // The shortest digits that round-trip, laid out as float.__repr__ does: positional for
  // exponents -4..15, else d.ddde+XX.
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  if (ec != std::errc{}) return "nan";
  const std::string_view sci(buf, static_cast<std::size_t>(end - buf));
  const std::size_t e = sci.find('e');
  std::string_view mantissa = sci.substr(0, e);
  int exponent = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
  std::string sign;
  if (!mantissa.empty() && mantissa.front() == '-') {
    sign = "-";
    mantissa.remove_prefix(1);
  }
  std::string digits;
  for (const char c : mantissa) {
    if (c != '.') digits.push_back(c);
  }
  std::string out = sign;
  if (exponent < -4 || exponent >= 16) {
    out.push_back(digits[0]);
    if (digits.size() > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    out += fmt::format("e{}{:02d}", exponent < 0 ? '-' : '+', std::abs(exponent));
  } else if (exponent < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent - 1), '0');
    out += digits;
  } else {
    const auto point = static_cast<std::size_t>(exponent) + 1;
    out.append(digits, 0, std::min(point, digits.size()));
    if (digits.size() < point) out.append(point - digits.size(), '0');
    out.push_back('.');
    if (digits.size() > point) {
      out.append(digits, point);
    } else {
      out.push_back('0');
    }
  }
  return out;
}

std::string shortened(std::string repr, std::size_t max_chars) {
  if (repr.size() <= max_chars) return repr;
  std::size_t cut = max_chars > 3 ? max_chars - 3 : 0;
  while (cut > 0 && is_utf8_continuation(repr[cut])) --cut;
  repr.resize(cut);
  return repr + "...";
}

}  // namespace warden::detail
