// A source file's text as the analysis sees it, with its line index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "warden/finding.hpp"

namespace warden::detail {

class SourceFile {
 public:
  SourceFile() = default;
  // `display` is the name used in every report; `text` the decoded text (see decode_source).
  SourceFile(std::string display, std::string text);

  const std::string& display() const noexcept { return display_; }
  const std::string& text() const noexcept { return text_; }
  std::uint32_t line_count() const noexcept { return static_cast<std::uint32_t>(line_starts_.size()); }

  // 1-based line and code-point column of a byte offset (clamped to the text).
  Position position_at(std::uint32_t byte) const noexcept;
  // Same, from tree-sitter's (0-based row, byte column).
  Position position_at(std::uint32_t row, std::uint32_t byte_column) const noexcept;
  // The text of a 1-based line, without its terminator ("\n", "\r\n").
  std::string_view line(std::uint32_t line) const noexcept;
  // Lines first..last joined with '\n', without terminators.
  std::string lines(std::uint32_t first, std::uint32_t last) const;
  std::string_view slice(std::uint32_t begin, std::uint32_t end) const noexcept;

 private:
  std::string display_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;  // byte offset of each line's first byte
};

// Turns raw file bytes into text tree-sitter can parse, reporting what it changed:
//  - a UTF-8 BOM is dropped (legal in Python; no diagnostic);
//  - each NUL byte becomes a space, with an error diagnostic at its position (CPython
//    rejects NUL; tree-sitter would read it as end of input);
//  - each invalid UTF-8 byte becomes '?', with an error diagnostic at the first one in
//    each line (so one bad blob gives a few lines, not thousands);
//  - CRLF is kept (tree-sitter-python accepts it; line() strips the '\r').
// Byte offsets after the BOM are preserved one for one, so positions stay exact.
SourceFile decode_source(std::string display, std::string raw, std::vector<Diagnostic>& diagnostics);

}  // namespace warden::detail
