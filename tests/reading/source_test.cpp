// SourceFile's line index and positions, and decode_source's repairs and diagnostics.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "source.hpp"

namespace warden::detail {
namespace {

using namespace std::string_literals;

struct Decoded {
  SourceFile file;
  std::vector<Diagnostic> diagnostics;
};

Decoded decode(std::string raw) {
  Decoded result;
  result.file = decode_source("pkg/mod.py", std::move(raw), result.diagnostics);
  return result;
}

// True when every byte of `text` belongs to a well-formed UTF-8 sequence.
bool is_valid_utf8(std::string_view text) {
  while (!text.empty()) {
    const std::size_t length = utf8_sequence_length(text);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

TEST(SourceFile, EmptyText) {
  const SourceFile file("empty.py", "");
  EXPECT_EQ(file.line_count(), 0u);
  EXPECT_EQ(file.position_at(0), (Position{1, 1}));
  EXPECT_EQ(file.position_at(0, 0), (Position{1, 1}));
  EXPECT_EQ(file.line(1), "");
  EXPECT_EQ(file.lines(1, 3), "");
  EXPECT_EQ(file.slice(0, 10), "");
}

TEST(SourceFile, DefaultConstructedIsEmpty) {
  const SourceFile file;
  EXPECT_EQ(file.line_count(), 0u);
  EXPECT_EQ(file.position_at(5), (Position{1, 1}));
  EXPECT_EQ(file.line(1), "");
}

TEST(SourceFile, LineCountIgnoresFinalTerminator) {
  EXPECT_EQ(SourceFile("f", "a").line_count(), 1u);
  EXPECT_EQ(SourceFile("f", "a\n").line_count(), 1u);
  EXPECT_EQ(SourceFile("f", "a\nb").line_count(), 2u);
  EXPECT_EQ(SourceFile("f", "a\nb\n").line_count(), 2u);
  EXPECT_EQ(SourceFile("f", "\n\n").line_count(), 2u);
  EXPECT_EQ(SourceFile("f", "a\r\nb\r\n").line_count(), 2u);
}

TEST(SourceFile, NoTrailingNewline) {
  const SourceFile file("f.py", "x = 1\ny");
  EXPECT_EQ(file.line(2), "y");
  EXPECT_EQ(file.position_at(6), (Position{2, 1}));
  EXPECT_EQ(file.position_at(7), (Position{2, 2}));    // end of text
  EXPECT_EQ(file.position_at(100), (Position{2, 2}));  // clamped
  EXPECT_EQ(file.line(3), "");
}

TEST(SourceFile, OffsetAfterFinalNewlineIsNextLine) {
  const SourceFile file("f.py", "a\nb\n");
  EXPECT_EQ(file.position_at(4), (Position{3, 1}));
  EXPECT_EQ(file.position_at(2, 0), (Position{3, 1}));  // tree-sitter's end of a module
  EXPECT_EQ(file.line(3), "");
}

TEST(SourceFile, CrlfLinesAndPositions) {
  const SourceFile file("f.py", "x = 1\r\nyy = 2\r\nz\r\n");
  EXPECT_EQ(file.line_count(), 3u);
  EXPECT_EQ(file.line(1), "x = 1");
  EXPECT_EQ(file.line(2), "yy = 2");
  EXPECT_EQ(file.line(3), "z");
  EXPECT_EQ(file.position_at(5), (Position{1, 6}));  // the '\r'
  EXPECT_EQ(file.position_at(7), (Position{2, 1}));
  EXPECT_EQ(file.position_at(10), (Position{2, 4}));
  EXPECT_EQ(file.position_at(1, 3), (Position{2, 4}));
  EXPECT_EQ(file.lines(1, 3), "x = 1\nyy = 2\nz");
}

TEST(SourceFile, LoneCarriageReturnIsNotALineBreak) {
  // As for tree-sitter's rows: only '\n' ends a line.
  const SourceFile file("f.py", "a\rb\nc");
  EXPECT_EQ(file.line_count(), 2u);
  EXPECT_EQ(file.line(1), "a\rb");
  EXPECT_EQ(file.position_at(4), (Position{2, 1}));
}

TEST(SourceFile, ColumnsCountCodePoints) {
  // é is 2 bytes, € 3, 😀 4: 'x' is byte 9 of the line but column 4.
  const SourceFile file("f.py", "# note\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x = 1\n");
  EXPECT_EQ(file.position_at(7 + 9), (Position{2, 4}));
  EXPECT_EQ(file.position_at(1, 9), (Position{2, 4}));
  EXPECT_EQ(file.position_at(1, 2), (Position{2, 2}));
  EXPECT_EQ(file.position_at(1, 5), (Position{2, 3}));
  // Inside a character: the column of the next one.
  EXPECT_EQ(file.position_at(1, 6), (Position{2, 4}));
}

TEST(SourceFile, RowPastTheEndClampsToTheEnd) {
  const SourceFile file("f.py", "a\nbc");
  EXPECT_EQ(file.position_at(7, 3), (Position{2, 3}));
  EXPECT_EQ(file.position_at(1, 99), (Position{2, 3}));
}

TEST(SourceFile, LinesClampAndJoin) {
  const SourceFile file("f.py", "one\ntwo\nthree\n");
  EXPECT_EQ(file.lines(2, 2), "two");
  EXPECT_EQ(file.lines(0, 2), "one\ntwo");
  EXPECT_EQ(file.lines(2, 99), "two\nthree");  // not the empty line 4 after the final terminator
  EXPECT_EQ(file.lines(3, 2), "");
  EXPECT_EQ(file.line(0), "");
}

TEST(SourceFile, SliceClamps) {
  const SourceFile file("f.py", "abcdef");
  EXPECT_EQ(file.slice(1, 3), "bc");
  EXPECT_EQ(file.slice(4, 100), "ef");
  EXPECT_EQ(file.slice(4, 2), "");
  EXPECT_EQ(file.slice(100, 200), "");
}

TEST(DecodeSource, CleanTextIsUnchanged) {
  const std::string text = "import os\n\ndef f(x):\n    return 'caf\xC3\xA9'\n";
  const Decoded decoded = decode(text);
  EXPECT_EQ(decoded.file.text(), text);
  EXPECT_EQ(decoded.file.display(), "pkg/mod.py");
  EXPECT_TRUE(decoded.diagnostics.empty());
}

TEST(DecodeSource, EmptyFile) {
  const Decoded decoded = decode("");
  EXPECT_EQ(decoded.file.text(), "");
  EXPECT_EQ(decoded.file.line_count(), 0u);
  EXPECT_TRUE(decoded.diagnostics.empty());
}

TEST(DecodeSource, BomIsDroppedSilently) {
  const Decoded decoded = decode("\xEF\xBB\xBFprint(1)\n");
  EXPECT_EQ(decoded.file.text(), "print(1)\n");
  EXPECT_EQ(decoded.file.position_at(0), (Position{1, 1}));
  EXPECT_TRUE(decoded.diagnostics.empty());
  // Only a leading BOM: elsewhere U+FEFF is ordinary text.
  EXPECT_EQ(decode("x\xEF\xBB\xBF").file.text(), "x\xEF\xBB\xBF");
  EXPECT_EQ(decode("\xEF\xBB\xBF").file.text(), "");
}

TEST(DecodeSource, CrlfIsKept) {
  const Decoded decoded = decode("a = 1\r\nb = 2\r\n");
  EXPECT_EQ(decoded.file.text(), "a = 1\r\nb = 2\r\n");
  EXPECT_EQ(decoded.file.line(2), "b = 2");
  EXPECT_TRUE(decoded.diagnostics.empty());
}

TEST(DecodeSource, NulBecomesSpaceWithOneDiagnosticPerLine) {
  const Decoded decoded = decode("a\0b\0\nc = 1\n\xC3\xA9\0\n"s);
  EXPECT_EQ(decoded.file.text(), "a b \nc = 1\n\xC3\xA9 \n");
  ASSERT_EQ(decoded.diagnostics.size(), 2u);
  const Diagnostic& first = decoded.diagnostics[0];
  EXPECT_EQ(first.file, "pkg/mod.py");
  EXPECT_EQ(first.level, DiagnosticLevel::error);
  EXPECT_EQ(first.code, "nul-byte");
  EXPECT_EQ(first.message, "source contains a NUL byte");
  EXPECT_EQ(first.position, (Position{1, 2}));
  EXPECT_EQ(first.snippet, "a b ");
  EXPECT_EQ(decoded.diagnostics[1].position, (Position{3, 2}));  // after the 2-byte é
  EXPECT_EQ(decoded.diagnostics[1].snippet, "\xC3\xA9 ");
}

TEST(DecodeSource, OffsetsArePreserved) {
  const std::string raw = "x = '\xFF\xFE'\0\n\xE2\x82\n"s;
  const Decoded decoded = decode(raw);
  EXPECT_EQ(decoded.file.text().size(), raw.size());
  EXPECT_EQ(decoded.file.text(), "x = '\?\?' \n\?\?\n");
}

struct InvalidCase {
  const char* name;
  std::string raw;
  std::string decoded;
  std::string message;
};

class InvalidUtf8 : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidUtf8, EachBadByteBecomesQuestionMark) {
  const InvalidCase& c = GetParam();
  const Decoded decoded = decode("s = '" + c.raw + "'\n");
  EXPECT_EQ(decoded.file.text(), "s = '" + c.decoded + "'\n");
  ASSERT_EQ(decoded.diagnostics.size(), 1u);
  const Diagnostic& diagnostic = decoded.diagnostics[0];
  EXPECT_EQ(diagnostic.code, "invalid-utf8");
  EXPECT_EQ(diagnostic.level, DiagnosticLevel::error);
  EXPECT_EQ(diagnostic.message, c.message);
  EXPECT_EQ(diagnostic.position, (Position{1, 6}));
  EXPECT_EQ(diagnostic.snippet, "s = '" + c.decoded + "'");
  EXPECT_TRUE(is_valid_utf8(decoded.file.text()));
}

INSTANTIATE_TEST_SUITE_P(
    Classes, InvalidUtf8,
    ::testing::Values(
        InvalidCase{"NeverValid", "\xFF", "?", "invalid UTF-8 byte 0xFF (never valid in UTF-8)"},
        InvalidCase{"StrayContinuation", "\x80", "?", "invalid UTF-8 byte 0x80 (continuation byte without a lead byte)"},
        InvalidCase{"Overlong2", "\xC0\xAF", "??", "invalid UTF-8 byte 0xC0 (overlong encoding)"},
        InvalidCase{"Overlong2C1", "\xC1\xBF", "??", "invalid UTF-8 byte 0xC1 (overlong encoding)"},
        InvalidCase{"Overlong3", "\xE0\x80\xAF", "???", "invalid UTF-8 byte 0xE0 (overlong encoding)"},
        InvalidCase{"Overlong4", "\xF0\x80\x80\xAF", "????", "invalid UTF-8 byte 0xF0 (overlong encoding)"},
        InvalidCase{"Surrogate", "\xED\xA0\x80", "???", "invalid UTF-8 byte 0xED (encodes a UTF-16 surrogate)"},
        InvalidCase{"LowSurrogate", "\xED\xBF\xBF", "???", "invalid UTF-8 byte 0xED (encodes a UTF-16 surrogate)"},
        InvalidCase{"AboveMaxF4", "\xF4\x90\x80\x80", "????",
                    "invalid UTF-8 byte 0xF4 (encodes a code point above U+10FFFF)"},
        InvalidCase{"AboveMaxF5", "\xF5\x80\x80\x80", "????",
                    "invalid UTF-8 byte 0xF5 (encodes a code point above U+10FFFF)"},
        InvalidCase{"TruncatedBeforeAscii", "\xE2\x82x", "??x", "invalid UTF-8 byte 0xE2 (truncated multi-byte sequence)"},
        InvalidCase{"TruncatedBeforeLead", "\xC3\xC3\xA9", "?\xC3\xA9",
                    "invalid UTF-8 byte 0xC3 (truncated multi-byte sequence)"},
        InvalidCase{"TruncatedFourByte", "\xF0\x9F\x98", "???", "invalid UTF-8 byte 0xF0 (truncated multi-byte sequence)"}),
    [](const ::testing::TestParamInfo<InvalidCase>& param_info) { return std::string(param_info.param.name); });

TEST(DecodeSource, TruncatedAtEndOfFile) {
  const std::pair<std::string, std::string> cases[] = {
      {"x\xC3", "x?"}, {"x\xE2\x82", "x??"}, {"x\xF0\x9F\x98", "x???"}};
  for (const auto& [raw, repaired] : cases) {
    const Decoded decoded = decode(raw);
    EXPECT_EQ(decoded.file.text(), repaired);
    ASSERT_EQ(decoded.diagnostics.size(), 1u);
    EXPECT_NE(decoded.diagnostics[0].message.find("truncated"), std::string::npos);
  }
}

TEST(DecodeSource, BoundaryCodePointsAreValid) {
  // U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF.
  const std::string text = "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
  const Decoded decoded = decode(text);
  EXPECT_EQ(decoded.file.text(), text);
  EXPECT_TRUE(decoded.diagnostics.empty());
  EXPECT_EQ(decoded.file.position_at(static_cast<std::uint32_t>(text.size())), (Position{1, 9}));
}

TEST(DecodeSource, InvalidUtf8OneDiagnosticPerLine) {
  const Decoded decoded = decode("\xFF\xFE\xFD\nok\n  \xC3\xA9\x80 \xFF\n");
  ASSERT_EQ(decoded.diagnostics.size(), 2u);
  EXPECT_EQ(decoded.diagnostics[0].position, (Position{1, 1}));
  EXPECT_EQ(decoded.diagnostics[0].snippet, "???");
  EXPECT_EQ(decoded.diagnostics[1].position, (Position{3, 4}));
  EXPECT_EQ(decoded.diagnostics[1].snippet, "  \xC3\xA9? ?");
}

TEST(DecodeSource, NulAndInvalidUtf8OnOneLineGiveOneEachInOffsetOrder) {
  const Decoded decoded = decode("a\xFF\0\xFF\0\n"s);
  ASSERT_EQ(decoded.diagnostics.size(), 2u);
  EXPECT_EQ(decoded.diagnostics[0].code, "invalid-utf8");
  EXPECT_EQ(decoded.diagnostics[0].position, (Position{1, 2}));
  EXPECT_EQ(decoded.diagnostics[1].code, "nul-byte");
  EXPECT_EQ(decoded.diagnostics[1].position, (Position{1, 3}));
}

TEST(DecodeSource, DiagnosticsAreAppended) {
  std::vector<Diagnostic> diagnostics(1);
  (void)decode_source("f.py", "\xFF", diagnostics);
  EXPECT_EQ(diagnostics.size(), 2u);
}

TEST(DecodeSource, BadBytesAtEveryOffsetOfTheFastPath) {
  // The ASCII fast path reads 8 bytes at a time: a bad byte must be found wherever it sits.
  for (const char bad : {'\0', '\xFF', '\x80'}) {
    for (std::size_t at = 0; at < 40; ++at) {
      std::string raw(40, 'a');
      raw[at] = bad;
      const Decoded decoded = decode(raw);
      ASSERT_EQ(decoded.diagnostics.size(), 1u) << "offset " << at;
      EXPECT_EQ(decoded.diagnostics[0].position, (Position{1, static_cast<std::uint32_t>(at + 1)}));
      EXPECT_EQ(decoded.file.text()[at], bad == '\0' ? ' ' : '?');
    }
  }
}

TEST(DecodeSource, RandomBytesAlwaysDecodeToValidText) {
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 200; ++round) {
    std::string raw(static_cast<std::size_t>(round * 7), '\0');
    for (char& c : raw) c = static_cast<char>(byte(random));
    const Decoded decoded = decode(raw);
    const bool had_bom = raw.starts_with("\xEF\xBB\xBF");
    EXPECT_EQ(decoded.file.text().size(), raw.size() - (had_bom ? 3 : 0));
    EXPECT_TRUE(is_valid_utf8(decoded.file.text()));
    EXPECT_EQ(decoded.file.text().find('\0'), std::string::npos);
    for (const Diagnostic& diagnostic : decoded.diagnostics) {
      EXPECT_GE(diagnostic.position.line, 1u);
      EXPECT_GE(diagnostic.position.column, 1u);
      EXPECT_TRUE(is_valid_utf8(diagnostic.snippet));
    }
  }
}

TEST(Utf8SequenceLength, Classes) {
  EXPECT_EQ(utf8_sequence_length(""), 0u);
  EXPECT_EQ(utf8_sequence_length("a"), 1u);
  EXPECT_EQ(utf8_sequence_length("\xC3\xA9x"), 2u);
  EXPECT_EQ(utf8_sequence_length("\xE2\x82\xAC"), 3u);
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x98\x80"), 4u);
  EXPECT_EQ(utf8_sequence_length("\xC0\x80"), 0u);
  EXPECT_EQ(utf8_sequence_length("\xED\xA0\x80"), 0u);
  EXPECT_EQ(utf8_sequence_length("\xE2\x82"), 0u);
}

}  // namespace
}  // namespace warden::detail
