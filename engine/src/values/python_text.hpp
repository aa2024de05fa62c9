// Python's rules for text, as the static evaluator needs them: code points of UTF-8 text,
// codecs.lookup's names, str <-> bytes in the strict codecs, string-literal escapes and int
// literals. Pure functions over bytes: nothing of the scanned code runs.
#pragma once

#include <tree_sitter/api.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "utf8.hpp"  // append_code_point

namespace warden::detail {

// --- UTF-8 ----------------------------------------------------------------------------------

// Length of the code point starting at `s[i]` in text we built or decoded (well-formed).
std::size_t cp_length(std::string_view s, std::size_t i);
// The code point of the `n` bytes at `s[i]`.
std::uint32_t decode_cp(std::string_view s, std::size_t i, std::size_t n);
// Whether every byte is below 0x80.
bool is_ascii(std::string_view s);
// Byte offsets of each code point of a str, and its size at the end.
std::vector<std::size_t> cp_offsets(std::string_view s);
// Whitespace as str.isspace() (`str`) or bytes.isspace() sees it.
bool is_space_cp(std::uint32_t cp, bool str);

// --- text encodings -------------------------------------------------------------------------

enum class TextEncoding : std::uint8_t { utf8, ascii, latin1 };
enum class CodecName : std::uint8_t { rot13, hex, base64, zlib, bz2 };
// The text encoding or the bytes-to-bytes codec a codecs.lookup name means (case, `-` and ` `
// do not matter); nullopt for one Warden does not implement.
std::optional<TextEncoding> text_encoding(std::string_view name);
std::optional<CodecName> binary_codec(std::string_view name);
// The codec's name in a decoding chain ("base64").
const char* codec_label(CodecName c);
// str -> bytes, strict errors.
std::optional<std::string> encode_text(std::string_view s, TextEncoding encoding);
// bytes -> str, strict errors.
std::optional<std::string> decode_text(std::string_view b, TextEncoding encoding);

// --- literals -------------------------------------------------------------------------------

// One `string` node: its value and whether it is bytes.
bool string_part(TSNode node, std::string_view source, std::string& out, bool& bytes);
// An int literal's value (0x, 0o, 0b, underscores); nullopt past 64 bits.
std::optional<std::int64_t> parse_int_literal(std::string_view text);
// int(x, base) of a str: Python's rules without the Unicode digits.
std::optional<std::int64_t> parse_int_text(std::string_view s, int base);

}  // namespace warden::detail
