// Source text: decoding raw bytes for the parser, and mapping byte offsets to positions.
#include "source.hpp"

#include <iconv.h>
#include <re2/re2.h>

#include <cctype>
#include <optional>
#include <vector>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <system_error>
#include <limits>
#include <utility>

namespace warden::detail {
namespace {

constexpr std::uint32_t kMaxOffset = std::numeric_limits<std::uint32_t>::max();

std::uint32_t clamp_offset(std::size_t offset) noexcept {
  return static_cast<std::uint32_t>(std::min<std::size_t>(offset, kMaxOffset));
}

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0u) == 0x80u; }

// Why a byte does not start a well-formed UTF-8 sequence (Unicode table 3-7).
enum class Utf8Error : std::uint8_t { none, stray_continuation, never_valid, overlong, surrogate, too_large, truncated };

struct Utf8Check {
  std::size_t length = 0;  // of the valid sequence, when error == none
  Utf8Error error = Utf8Error::none;
};

Utf8Check check_utf8(std::string_view text) noexcept {
  const auto byte_at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte_at(0);
  if (lead < 0x80) return {1, Utf8Error::none};
  if (lead < 0xC0) return {0, Utf8Error::stray_continuation};
  if (lead < 0xC2) return {0, Utf8Error::overlong};  // C0, C1 only encode ASCII
  if (lead >= 0xF8) return {0, Utf8Error::never_valid};
  if (lead >= 0xF5) return {0, Utf8Error::too_large};
  const std::size_t length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;

  // The second byte's range depends on the lead: that is where overlongs, surrogates and
  // code points above U+10FFFF show. Later bytes are plain continuations.
  unsigned char low = 0x80, high = 0xBF;
  Utf8Error above = Utf8Error::too_large;
  switch (lead) {
    case 0xE0: low = 0xA0; break;
    case 0xED: high = 0x9F; above = Utf8Error::surrogate; break;
    case 0xF0: low = 0x90; break;
    case 0xF4: high = 0x8F; break;
    default: break;
  }

  if (text.size() < 2 || !is_continuation(byte_at(1))) return {0, Utf8Error::truncated};
  if (byte_at(1) < low) return {0, Utf8Error::overlong};
  if (byte_at(1) > high) return {0, above};
  for (std::size_t k = 2; k < length; ++k) {
    if (k >= text.size() || !is_continuation(byte_at(k))) return {0, Utf8Error::truncated};
  }
  return {length, Utf8Error::none};
}

std::string_view describe(Utf8Error error) noexcept {
  switch (error) {
    case Utf8Error::stray_continuation: return "continuation byte without a lead byte";
    case Utf8Error::never_valid: return "never valid in UTF-8";
    case Utf8Error::overlong: return "overlong encoding";
    case Utf8Error::surrogate: return "encodes a UTF-16 surrogate";
    case Utf8Error::too_large: return "encodes a code point above U+10FFFF";
    case Utf8Error::truncated: return "truncated multi-byte sequence";
    case Utf8Error::none: break;
  }
  return "valid";
}

std::string invalid_byte_message(unsigned char byte, Utf8Error error) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string message = "invalid UTF-8 byte 0x";
  message += kHex[byte >> 4];
  message += kHex[byte & 0x0Fu];
  message += " (";
  message += describe(error);
  message += ')';
  return message;
}

// True when none of the 8 bytes at `data` is NUL or >= 0x80. A byte b sets the high bit of
// (b - 1) | b exactly when it is 0 or >= 0x80; a borrow only comes out of a 0 byte, which
// is flagged itself, so the answer is exact whatever the byte order.
bool plain_ascii8(const char* data) noexcept {
  std::uint64_t word;
  std::memcpy(&word, data, sizeof word);
  constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighs = 0x8080808080808080u;
  return (((word - kOnes) | word) & kHighs) == 0;
}

// Limits diagnostics of one kind to the first per line: a byte is the first of its kind in
// its line when no earlier one was seen, or a '\n' lies between them. The scanned ranges
// do not overlap, so this stays linear.
class FirstPerLine {
 public:
  bool check(std::string_view text, std::size_t offset) noexcept {
    const bool first = !seen_ || std::memchr(text.data() + last_, '\n', offset - last_) != nullptr;
    seen_ = true;
    last_ = offset;
    return first;
  }

 private:
  bool seen_ = false;
  std::size_t last_ = 0;
};

struct Problem {
  std::size_t offset;
  std::string code;
  std::string message;
};

}  // namespace

SourceFile::SourceFile(std::string display, std::string text) : display_(std::move(display)), text_(std::move(text)) {
  const char* const data = text_.data();
  const std::size_t size = std::min<std::size_t>(text_.size(), kMaxOffset);
  for (std::size_t at = 0; at < size;) {
    const auto* newline = static_cast<const char*>(std::memchr(data + at, '\n', size - at));
    if (newline == nullptr) break;
    at = static_cast<std::size_t>(newline - data) + 1;
    line_starts_.push_back(static_cast<std::uint32_t>(at));
  }
}

std::uint32_t SourceFile::line_count() const noexcept {
  const bool open_last_line = !text_.empty() && text_.back() != '\n';
  return static_cast<std::uint32_t>(line_starts_.size() - (open_last_line ? 0 : 1));
}

Position SourceFile::position_in_line(std::uint32_t line_index, std::size_t byte) const noexcept {
  const std::size_t start = line_starts_[line_index];
  byte = std::clamp(byte, start, text_.size());
  std::uint32_t column = 1;
  for (std::size_t k = start; k < byte; ++k) {
    if (!is_continuation(static_cast<unsigned char>(text_[k]))) ++column;
  }
  return {line_index + 1, column};
}

Position SourceFile::position_at(std::uint32_t byte) const noexcept {
  const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte);
  const auto line_index = static_cast<std::uint32_t>(next - line_starts_.begin() - 1);
  return position_in_line(line_index, byte);
}

Position SourceFile::position_at(std::uint32_t row, std::uint32_t byte_column) const noexcept {
  if (row >= line_starts_.size()) return position_at(clamp_offset(text_.size()));
  return position_in_line(row, std::size_t{line_starts_[row]} + byte_column);
}

std::string_view SourceFile::line(std::uint32_t line) const noexcept {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::size_t begin = line_starts_[line - 1];
  const std::size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  std::string_view text = std::string_view(text_).substr(begin, end - begin);
  if (text.ends_with('\n')) {
    text.remove_suffix(1);
    if (text.ends_with('\r')) text.remove_suffix(1);
  }
  return text;
}

std::string SourceFile::lines(std::uint32_t first, std::uint32_t last) const {
  first = std::max(first, 1u);
  last = std::min(last, line_count());  // not the empty line after a final terminator
  std::string joined;
  for (std::uint32_t number = first; number <= last; ++number) {
    if (number != first) joined += '\n';
    joined += line(number);
  }
  return joined;
}

std::string_view SourceFile::slice(std::uint32_t begin, std::uint32_t end) const noexcept {
  const std::size_t size = text_.size();
  const std::size_t from = std::min<std::size_t>(begin, size);
  const std::size_t to = std::clamp<std::size_t>(end, from, size);
  return std::string_view(text_).substr(from, to - from);
}

std::size_t utf8_sequence_length(std::string_view text) noexcept {
  if (text.empty()) return 0;
  return check_utf8(text).length;
}

namespace {

// The encoding a PEP 263 cookie declares ("latin-1" in `# -*- coding: latin-1 -*-`), looked
// for on the first line and, when that is a comment or blank, the second.
std::optional<std::string> declared_encoding(std::string_view text) {
  static const RE2 cookie(R"(^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+))");
  for (int line = 0; line < 2 && !text.empty(); ++line) {
    const std::string_view this_line = text.substr(0, text.find('\n'));
    std::string name;
    if (RE2::PartialMatch(this_line, cookie, &name)) return name;
    const auto first = this_line.find_first_not_of(" \t\f\r");
    if (first != std::string_view::npos && this_line[first] != '#') break;  // code: no cookie after it
    if (this_line.size() == text.size()) break;
    text.remove_prefix(this_line.size() + 1);
  }
  return std::nullopt;
}

bool is_utf8_name(std::string name) {
  for (auto& c : name) c = static_cast<char>(c == '_' ? '-' : std::tolower(static_cast<unsigned char>(c)));
  return name == "utf-8" || name == "utf8" || name == "utf-8-sig";
}

// iconv's name for a Python codec name: as written, then with Python's spellings mapped
// ("latin-1" is iconv's "latin1", "euc_jp" its "euc-jp", "mac-roman" its "MACINTOSH").
iconv_t open_converter(const std::string& python_name) {
  std::string dashed = python_name, bare;
  for (auto& c : dashed) {
    c = static_cast<char>(c == '_' ? '-' : std::tolower(static_cast<unsigned char>(c)));
    if (c != '-') bare.push_back(c);
  }
  std::vector<std::string> candidates{python_name, dashed, bare};
  if (bare == "l1") candidates.emplace_back("latin1");
  if (bare == "macroman") candidates.emplace_back("MACINTOSH");
  for (const auto& candidate : candidates) {
    const iconv_t converter = iconv_open("UTF-8", candidate.c_str());
    if (converter != reinterpret_cast<iconv_t>(-1)) return converter;
  }
  return reinterpret_cast<iconv_t>(-1);
}

// Converts `raw` from the declared encoding to UTF-8 with iconv, as Python decodes such a file.
// Columns stay right: they count code points, and each decoded character is one. On failure the
// bytes are kept and read as UTF-8, with a warning.
void apply_declared_encoding(const std::string& display, std::string& raw, std::vector<Diagnostic>& diagnostics) {
  const auto name = declared_encoding(raw);
  if (!name || is_utf8_name(*name)) return;
  auto warn = [&](std::string message) {
    diagnostics.push_back({display, {1, 1}, DiagnosticLevel::warning, "encoding", std::move(message), {}});
  };
  std::string lower = *name;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.starts_with("utf-16") || lower.starts_with("utf-32") || lower.starts_with("utf16") || lower.starts_with("utf32")) {
    warn("declared encoding '" + *name + "' is not ASCII-compatible, which Python does not allow; read as UTF-8");
    return;
  }
  const iconv_t converter = open_converter(*name);
  if (converter == reinterpret_cast<iconv_t>(-1)) {
    warn("unknown encoding '" + *name + "' declared; read as UTF-8");
    return;
  }
  std::string out(raw.size() * 4 + 16, '\0');  // at most 4 UTF-8 bytes per input byte
  char* in_ptr = raw.data();
  std::size_t in_left = raw.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t result = iconv(converter, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(converter);
  if (result == static_cast<std::size_t>(-1) || in_left != 0) {
    warn("the file is not valid '" + *name + "' as it declares; read as UTF-8");
    return;
  }
  out.resize(out.size() - out_left);
  raw = std::move(out);
}

}  // namespace

SourceFile decode_source(std::string display, std::string raw, std::vector<Diagnostic>& diagnostics) {
  if (raw.starts_with("\xEF\xBB\xBF")) raw.erase(0, 3);
  apply_declared_encoding(display, raw, diagnostics);

  std::vector<Problem> problems;
  FirstPerLine nul_lines, utf8_lines;
  const std::size_t size = raw.size();
  std::size_t at = 0;
  while (at < size) {
    if (size - at >= 8 && plain_ascii8(raw.data() + at)) {
      at += 8;
      continue;
    }
    const auto byte = static_cast<unsigned char>(raw[at]);
    if (byte == 0) {
      raw[at] = ' ';
      if (nul_lines.check(raw, at)) problems.push_back({at, "nul-byte", "source contains a NUL byte"});
      ++at;
      continue;
    }
    const Utf8Check check = check_utf8(std::string_view(raw).substr(at));
    if (check.error == Utf8Error::none) {
      at += check.length;
      continue;
    }
    // Replace only this byte and resume at the next: the rest of a broken sequence is
    // then judged on its own, so every byte that is not part of valid UTF-8 becomes '?'.
    raw[at] = '?';
    if (utf8_lines.check(raw, at)) problems.push_back({at, "invalid-utf8", invalid_byte_message(byte, check.error)});
    ++at;
  }

  SourceFile file(std::move(display), std::move(raw));
  for (Problem& problem : problems) {
    Diagnostic& diagnostic = diagnostics.emplace_back();
    diagnostic.file = file.display();
    diagnostic.position = file.position_at(clamp_offset(problem.offset));
    diagnostic.level = DiagnosticLevel::error;
    diagnostic.code = std::move(problem.code);
    diagnostic.message = std::move(problem.message);
    diagnostic.snippet = std::string(file.line(diagnostic.position.line));
  }
  return file;
}

std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::error_code(errno, std::generic_category()).message();
    return std::nullopt;
  }
  std::string bytes;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size > 0) {
    bytes.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(bytes.data(), size);
    bytes.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  return bytes;
}

}  // namespace warden::detail
