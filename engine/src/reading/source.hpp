// A source file's text as the analysis sees it, with its line index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "warden/finding.hpp"

namespace warden::detail {

// At most this many diagnostics of one code (syntax-error, invalid-utf8, ...) are listed per
// file; the rest are counted in one note.
inline constexpr std::size_t kMaxDiagnosticsPerCode = 20;

class SourceFile {
 public:
  SourceFile() = default;
  // `display` is the name used in every report; `text` the decoded text (see decode_source).
  SourceFile(std::string display, std::string text);

  const std::string& display() const noexcept { return display_; }
  const std::string& text() const noexcept { return text_; }
  // Lines as an editor numbers them: only '\n' ends a line (as for tree-sitter's rows; a
  // lone '\r' does not), and a final terminator starts no new line: "" has 0 lines, "a\n" 1,
  // "a\nb" 2. The offset just past a final '\n' is still addressable, as line_count() + 1.
  std::uint32_t line_count() const noexcept;

  // 1-based line and code-point column of a byte offset (clamped to the text). An offset
  // inside a multi-byte character gets the column of the character after it.
  Position position_at(std::uint32_t byte) const noexcept;
  // Same, from tree-sitter's (0-based row, byte column); a row past the end clamps to the end.
  Position position_at(std::uint32_t row, std::uint32_t byte_column) const noexcept;
  // The text of a 1-based line, without its terminator ("\n", "\r\n"); empty when out of range.
  std::string_view line(std::uint32_t line) const noexcept;
  // Lines first..last (1-based, inclusive, clamped to line_count()) joined with '\n',
  // without terminators.
  std::string lines(std::uint32_t first, std::uint32_t last) const;
  // Bytes [begin, end), clamped to the text.
  std::string_view slice(std::uint32_t begin, std::uint32_t end) const noexcept;

 private:
  Position position_in_line(std::uint32_t line_index, std::size_t byte) const noexcept;

  std::string display_;
  std::string text_;
  // Byte offset of each line's first byte, plus one past a final '\n'. Offsets are 32-bit:
  // text past 4 GiB is not indexed (positions there clamp), which the file size limit avoids.
  std::vector<std::uint32_t> line_starts_ = {0};
};

// Reads a whole file; nullopt and an error message (the OS's) when it cannot.
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error);

// Turns raw file bytes into text tree-sitter can parse, reporting what it changed:
//  - a UTF-8 BOM is dropped (legal in Python; no diagnostic);
//  - a PEP 263 cookie (`# -*- coding: latin-1 -*-`) other than UTF-8 is honoured: the text is
//    converted to UTF-8 with iconv, as Python decodes it (a warning "encoding" when the name
//    is unknown or the bytes do not fit it; the bytes are then read as UTF-8);
//  - each NUL byte becomes a space, with an error diagnostic at its position (CPython
//    rejects NUL; tree-sitter would read it as end of input);
//  - each invalid UTF-8 byte becomes '?', with an error diagnostic at the first one in
//    each line (so one bad blob gives a few lines, not thousands);
//  - CRLF is kept (tree-sitter-python accepts it; line() strips the '\r').
// Byte offsets after the BOM are preserved one for one, so positions stay exact.
// Overlong encodings, UTF-16 surrogates (ED A0..BF ..), code points above U+10FFFF and
// truncated sequences are invalid, as for CPython. Diagnostics (code "nul-byte" or
// "invalid-utf8", at most one of each per line) are appended in offset order, each with
// `display`, its position and its decoded source line as snippet.
SourceFile decode_source(std::string display, std::string raw, std::vector<Diagnostic>& diagnostics);

// Length (1-4) of the well-formed UTF-8 sequence that starts `text`, or 0 when `text` is
// empty or does not start with one (the same rules as decode_source).
std::size_t utf8_sequence_length(std::string_view text) noexcept;

}  // namespace warden::detail
