// Source text: decoding raw bytes for the parser, and mapping byte offsets to positions.
#include "source.hpp"

#include <algorithm>
#include <cstring>
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

SourceFile decode_source(std::string display, std::string raw, std::vector<Diagnostic>& diagnostics) {
  if (raw.starts_with("\xEF\xBB\xBF")) raw.erase(0, 3);

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

}  // namespace warden::detail
