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
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace warden::detail {

class ResolvedFile;

struct StaticValue {
  std::string bytes;      // a str as UTF-8, or the bytes
  bool is_bytes = false;  // bytes (or bytearray) rather than str
  // The transformations applied, innermost first, by what the code calls:
  // {"base64.b64decode", "zlib.decompress"}. Plain literals, concatenation, repetition, joins
  // of literals and str/bytes conversions (.encode(), .decode(), str(), bytes(s, enc),
  // codecs.decode(b, "utf-8")) are not listed. The steps:
  //  - decoders by qualified callee, builtins without "builtins.": "base64.b64decode",
  //    "binascii.unhexlify", "zlib.decompress", "bytes.fromhex", "compile", ...;
  //  - codecs.decode/encode with a binary codec, by its canonical name:
  //    "codecs.decode(rot13)", "codecs.decode(hex)", "codecs.decode(base64)",
  //    "codecs.decode(zlib)", "codecs.decode(bz2)", "codecs.encode(rot13)";
  //  - slices and indexes of a str or bytes by their evaluated bounds: "[::-1]", "[2:-3]",
  //    "[::2]", "[0]" (slices of a list too: "".join(parts[::-1]));
  //  - "reversed" (reversed()), "chr-join" (a str built from chr() codes, joined or
  //    concatenated), "bytes(ints)" / "bytearray(ints)" (bytes from a list of ints),
  //    ".replace", ".lower", ".upper".
  std::vector<std::string> chain;
};

struct StaticLimits {
  std::size_t max_bytes = 1u << 20;  // no intermediate or final value is larger
  std::uint32_t max_depth = 64;      // expression nesting and name lookups followed
  std::uint32_t max_steps = 10000;   // nodes visited in total
};

// What name lookups in one file build once and reuse across static_value() calls: an index of
// each scope's assignments. Keep one per file (it points into the file's tree and text).
class StaticValueCache {
 public:
  StaticValueCache();
  ~StaticValueCache();
  StaticValueCache(const StaticValueCache&) = delete;
  StaticValueCache& operator=(const StaticValueCache&) = delete;
  struct Indexes;
  Indexes& indexes() noexcept { return *indexes_; }

 private:
  std::unique_ptr<Indexes> indexes_;
};

// The value of `expression` in `file`, or nullopt when it is not a str or bytes Warden can
// compute (a call it does not model, a name with no constant binding, input that the decoder
// rejects, a limit reached). Names are followed to their assignment in the enclosing function
// or module (the last plain `NAME = value` before the use, in the same function, else at
// module level; see static_value.cpp for the approximations); callees are resolved through
// the file's module model, so `from base64 import b64decode as d; d(x)` is base64.b64decode
// (and `base64.b64decode` without an import is taken as written, as call rules do).
// max_depth is capped at 256 whatever the limits say, for the stack's sake.
// `cache` (one per file) spares rebuilding the scope indexes on every call.
std::optional<StaticValue> static_value(TSNode expression, const ResolvedFile& file, const StaticLimits& limits = {},
                                        StaticValueCache* cache = nullptr);

// The expression last plainly assigned to the name `identifier` where it is used, as
// static_value() follows names (`f = getattr(os, name)` for a later `f`); null when there is
// none (a parameter, an import, an augmented assignment, another kind of node).
TSNode assigned_value(TSNode identifier, const ResolvedFile& file, StaticValueCache* cache = nullptr);

// A short printable excerpt of a value for messages: the first `max_chars` characters,
// control and non-UTF-8 bytes escaped (\n, \x00), "..." when cut.
std::string excerpt(const StaticValue& value, std::size_t max_chars = 80);

}  // namespace warden::detail
