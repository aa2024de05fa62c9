// Decoders for the encodings and compressions that obfuscated Python uses to hide a payload
// (base64, base32, hex, rot13, zlib, gzip, bz2, lzma), with Python's semantics where it
// matters (base64.b64decode drops characters outside its alphabet unless validate=True).
// Pure functions over bytes: nothing is executed, and every output is bounded, so a
// decompression bomb stops at the limit instead of filling memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace warden::detail::codec {

enum class Status : std::uint8_t {
  ok,         // `bytes` is the whole decoded value
  invalid,    // the input is not valid for this codec (Python would raise)
  too_large,  // the output would exceed the limit; `bytes` holds its first `max_output` bytes
};

struct Result {
  Status status = Status::invalid;
  std::string bytes;
  bool ok() const noexcept { return status == Status::ok; }
};

// The most bytes any decoder writes. Text codecs validate all their input and return
// too_large only for valid input; decompressors stop as soon as the output passes the limit
// (so a truncated or corrupt stream may still give too_large). Python's semantics are those
// of CPython 3.11.
inline constexpr std::size_t kDefaultMaxOutput = 1u << 20;

// base64.b64decode / standard_b64decode (urlsafe: '-' and '_' as well as '+' and '/', as
// urlsafe_b64decode's translation leaves both). Without `validate`, characters outside the
// alphabet are dropped first, as Python does; padding must then be right, and what follows
// the padding is ignored. `validate` is binascii's strict_mode (CPython 3.11 rules).
Result base64_decode(std::string_view text, bool urlsafe = false, bool validate = false,
                     std::size_t max_output = kDefaultMaxOutput);
// base64.b32decode (RFC 4648 alphabet; `casefold` accepts lower case).
Result base32_decode(std::string_view text, bool casefold = false, std::size_t max_output = kDefaultMaxOutput);
// base64.b16decode (upper case unless `casefold`), binascii.unhexlify / a2b_hex (either case,
// no whitespace), bytes.fromhex (either case, whitespace between pairs): one function, the
// `mode` says which rules apply.
enum class HexMode : std::uint8_t { b16, b16_casefold, unhexlify, fromhex };
Result hex_decode(std::string_view text, HexMode mode, std::size_t max_output = kDefaultMaxOutput);
// base64.b85decode and base64.a85decode (without adobe framing unless `adobe`).
Result base85_decode(std::string_view text, std::size_t max_output = kDefaultMaxOutput);
Result ascii85_decode(std::string_view text, bool adobe = false, std::size_t max_output = kDefaultMaxOutput);
// codecs.decode(x, "rot13"): letters rotated, everything else kept.
std::string rot13(std::string_view text);
// zlib.decompress (a zlib stream; wbits decides: 9..15 zlib, -9..-15 raw deflate, 25..31
// gzip, 40..47 zlib or gzip, auto-detected), gzip.decompress (one or more gzip members),
// bz2.decompress, lzma.decompress (.xz or legacy .lzma, auto-detected, as Python's
// FORMAT_AUTO). Data after a zlib stream is ignored; gzip members may be followed by zero
// padding; bz2 and lzma streams may follow each other, and data after the first stream that
// is not a stream is ignored (a truncated one is invalid), as in Python. lzma refuses streams
// whose decoder would need more than 256 MiB (Python would decode them).
Result zlib_decompress(std::string_view data, int wbits = 15, std::size_t max_output = kDefaultMaxOutput);
Result gzip_decompress(std::string_view data, std::size_t max_output = kDefaultMaxOutput);
Result bz2_decompress(std::string_view data, std::size_t max_output = kDefaultMaxOutput);
Result lzma_decompress(std::string_view data, std::size_t max_output = kDefaultMaxOutput);

// zlib.crc32(data): the checksum zip members carry.
std::uint32_t crc32_of(std::string_view data) noexcept;

}  // namespace warden::detail::codec
