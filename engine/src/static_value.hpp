// The value of an expression, computed statically: string and bytes literals, and what chains
// of decoders, decompressions, joins, concatenations, slices and reversals make of them
// (`exec(zlib.decompress(base64.b64decode(PAYLOAD[::-1])))`). This is how a signature is
// applied to what code executes rather than to the file's text. Nothing is imported or run:
// every operation is one of a fixed list implemented in C++ (codecs.hpp), and the work is
// bounded in output size, steps and depth.
#pragma once

#include <tree_sitter/api.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden::detail {

class FileContext;

struct StaticValue {
  std::string bytes;      // a str as UTF-8, or the bytes
  bool is_bytes = false;  // bytes (or bytearray) rather than str
  // The transformations applied, innermost first, by what the code calls:
  // {"base64.b64decode", "zlib.decompress"}. Plain literals, concatenation of literals and
  // str/bytes conversions (.encode(), .decode()) are not listed; a reversal is "[::-1]", a
  // join of chr() codes "chr-join", codecs.decode(x, "rot13") "codecs.decode(rot13)".
  std::vector<std::string> chain;
};

struct StaticLimits {
  std::size_t max_bytes = 1u << 20;  // no intermediate or final value is larger
  std::uint32_t max_depth = 64;      // expression nesting and name lookups followed
  std::uint32_t max_steps = 10000;   // nodes visited in total
};

// The value of `expression` in `file`, or nullopt when it is not a constant Warden can compute
// (a call it does not model, a name with no single constant binding, input that the decoder
// rejects, a limit reached). Names are followed to their assignment in the enclosing function
// or module (the last plain `NAME = value` before the use, in the same function, else at
// module level); callees are resolved through the file's module model, so
// `from base64 import b64decode as d; d(x)` is base64.b64decode.
std::optional<StaticValue> static_value(TSNode expression, const FileContext& file, const StaticLimits& limits = {});

// A short printable excerpt of a value for messages: the first `max_chars` characters,
// control and non-UTF-8 bytes escaped (\n, \x00), "..." when cut.
std::string excerpt(const StaticValue& value, std::size_t max_chars = 80);

}  // namespace warden::detail
