// Decoders with Python's semantics (CPython 3.11: binascii.c, base64.py, zlib/gzip/bz2/lzma
// modules). Text codecs validate the whole input and write at most `max_output` bytes;
// decompressors stop as soon as the output passes the limit.
#include "codecs.hpp"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>

namespace warden::detail::codec {
namespace {

// Output that never grows past `max` bytes: the rest is counted as overflow.
class BoundedOutput {
 public:
  explicit BoundedOutput(std::size_t max, std::size_t estimate = 0) : max_(max) {
    bytes_.reserve(std::min(estimate, max));
  }
  void push(char c) {
    if (bytes_.size() < max_) {
      bytes_.push_back(c);
    } else {
      overflow_ = true;
    }
  }
  void append(const char* data, std::size_t n) {
    const std::size_t room = max_ - std::min(max_, bytes_.size());
    if (n > room) overflow_ = true;
    n = std::min(n, room);
    if (n == 0) return;
    if (bytes_.size() + n > bytes_.capacity()) {
      // Grow by doubling but never reserve past the limit.
      bytes_.reserve(std::min(max_, std::max(bytes_.size() + n, bytes_.capacity() * 2)));
    }
    bytes_.append(data, n);
  }
  void truncate(std::size_t size) {
    if (size < bytes_.size()) bytes_.resize(size);
  }
  std::size_t size() const noexcept { return bytes_.size(); }
  bool overflow() const noexcept { return overflow_; }
  std::string take() { return std::move(bytes_); }
  Result finish() {
    Result r;
    r.status = overflow_ ? Status::too_large : Status::ok;
    r.bytes = std::move(bytes_);
    return r;
  }

 private:
  std::string bytes_;
  std::size_t max_;
  bool overflow_ = false;
};

Result invalid() { return Result{}; }

constexpr unsigned char kNotInAlphabet = 0xFF;

// --- base64 -------------------------------------------------------------------------------

unsigned char base64_value(unsigned char c, bool urlsafe) {
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned char>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<unsigned char>(c - 'a' + 26);
  if (c >= '0' && c <= '9') return static_cast<unsigned char>(c - '0' + 52);
  if (c == '+') return 62;
  if (c == '/') return 63;
  // base64.urlsafe_b64decode translates '-' and '_' to '+' and '/', so both pairs decode.
  if (urlsafe && c == '-') return 62;
  if (urlsafe && c == '_') return 63;
  return kNotInAlphabet;
}

// --- base32 -------------------------------------------------------------------------------

unsigned char base32_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned char>(c - 'A');
  if (c >= '2' && c <= '7') return static_cast<unsigned char>(c - '2' + 26);
  return kNotInAlphabet;
}

// --- hex ----------------------------------------------------------------------------------

int hex_value(unsigned char c, bool lower_ok) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (lower_ok && c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_python_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// --- base85 -------------------------------------------------------------------------------

constexpr std::string_view kBase85Alphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

constexpr std::array<unsigned char, 256> base85_table() {
  std::array<unsigned char, 256> table{};
  for (auto& v : table) v = kNotInAlphabet;
  for (std::size_t i = 0; i < kBase85Alphabet.size(); ++i) {
    table[static_cast<unsigned char>(kBase85Alphabet[i])] = static_cast<unsigned char>(i);
  }
  return table;
}

void push_word(BoundedOutput& out, std::uint32_t word) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push(static_cast<char>((word >> shift) & 0xFFu));
}

// --- decompression ------------------------------------------------------------------------

constexpr std::size_t kChunk = 64 * 1024;
// liblzma allocates the dictionary the stream header asks for; refuse more than this.
constexpr std::uint64_t kLzmaMemoryLimit = 256ull << 20;

// Feeds at most UINT_MAX bytes at a time to the C libraries' 32-bit counters.
unsigned int clamp_uint(std::size_t n) { return static_cast<unsigned int>(std::min<std::size_t>(n, UINT_MAX)); }

enum class Inflate : std::uint8_t { end, truncated, error, full };

// Inflates one stream from `data` (initialised with `wbits`) into `out`; `used` is how many
// input bytes it consumed. `crc`, when given, accumulates the CRC-32 of what it wrote.
Inflate inflate_stream(std::string_view data, int wbits, BoundedOutput& out, std::size_t& used,
                       uLong* crc = nullptr) {
  z_stream zs{};
  used = 0;
  if (inflateInit2(&zs, wbits) != Z_OK) return Inflate::error;
  std::array<unsigned char, kChunk> buffer;
  std::size_t offset = 0;
  Inflate result = Inflate::error;
  for (;;) {
    if (zs.avail_in == 0 && offset < data.size()) {
      // zlib's API takes a non-const pointer; it does not write through it.
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
      zs.avail_in = clamp_uint(data.size() - offset);
      offset += zs.avail_in;
    }
    zs.next_out = buffer.data();
    zs.avail_out = static_cast<uInt>(buffer.size());
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t produced = buffer.size() - zs.avail_out;
    if (crc != nullptr && produced > 0) *crc = crc32(*crc, buffer.data(), static_cast<uInt>(produced));
    out.append(reinterpret_cast<const char*>(buffer.data()), produced);
    if (out.overflow()) {
      result = Inflate::full;
      break;
    }
    if (rc == Z_STREAM_END) {
      result = Inflate::end;
      break;
    }
    if (rc == Z_OK) continue;
    // Z_BUF_ERROR: no progress possible, so the input ran out before the end of the stream.
    result = (rc == Z_BUF_ERROR && zs.avail_in == 0 && offset == data.size()) ? Inflate::truncated : Inflate::error;
    break;
  }
  used = offset - zs.avail_in;
  inflateEnd(&zs);
  return result;
}

// gzip's member header (RFC 1952) as Python's gzip._read_gzip_header reads it: the offset
// just past it, or 0 when it is malformed or truncated.
std::size_t gzip_header_end(std::string_view data) {
  constexpr unsigned char kText = 1, kHcrc = 2, kExtra = 4, kName = 8, kComment = 16;
  (void)kText;
  if (data.size() < 10) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(data[i]); };
  if (byte(0) != 0x1f || byte(1) != 0x8b || byte(2) != 8) return 0;
  const unsigned char flags = byte(3);
  std::size_t pos = 10;
  if (flags & kExtra) {
    if (pos + 2 > data.size()) return 0;
    const std::size_t length = byte(pos) | (static_cast<std::size_t>(byte(pos + 1)) << 8);
    pos += 2;
    if (pos + length > data.size()) return 0;
    pos += length;
  }
  // Python stops a name or comment at NUL or at the end of the data.
  for (const unsigned char flag : {kName, kComment}) {
    if ((flags & flag) == 0) continue;
    while (pos < data.size() && data[pos] != '\0') ++pos;
    if (pos < data.size()) ++pos;
  }
  if (flags & kHcrc) {
    if (pos + 2 > data.size()) return 0;
    pos += 2;
  }
  return pos;
}

std::uint32_t read_le32(std::string_view data, std::size_t pos) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[pos + i])) << (8 * i);
  return v;
}

enum class Stream : std::uint8_t { end, truncated, error, full };

// One bzip2 stream from `data`.
Stream bz2_stream(std::string_view data, BoundedOutput& out, std::size_t& used) {
  bz_stream bs{};
  used = 0;
  if (BZ2_bzDecompressInit(&bs, 0, 0) != BZ_OK) return Stream::error;
  std::array<char, kChunk> buffer;
  std::size_t offset = 0;
  Stream result = Stream::error;
  for (;;) {
    if (bs.avail_in == 0 && offset < data.size()) {
      bs.next_in = const_cast<char*>(data.data() + offset);
      bs.avail_in = clamp_uint(data.size() - offset);
      offset += bs.avail_in;
    }
    bs.next_out = buffer.data();
    bs.avail_out = static_cast<unsigned int>(buffer.size());
    const int rc = BZ2_bzDecompress(&bs);
    const std::size_t produced = buffer.size() - bs.avail_out;
    out.append(buffer.data(), produced);
    if (out.overflow()) {
      result = Stream::full;
      break;
    }
    if (rc == BZ_STREAM_END) {
      result = Stream::end;
      break;
    }
    if (rc != BZ_OK) break;
    // BZ_OK with room left in the output: bzlib wants more input.
    if (bs.avail_out > 0 && bs.avail_in == 0 && offset == data.size()) {
      result = Stream::truncated;
      break;
    }
  }
  used = offset - bs.avail_in;
  BZ2_bzDecompressEnd(&bs);
  return result;
}

// One .xz or .lzma stream from `data` (lzma_auto_decoder, as Python's FORMAT_AUTO).
Stream lzma_stream_decode(std::string_view data, BoundedOutput& out, std::size_t& used) {
  lzma_stream ls = LZMA_STREAM_INIT;
  used = 0;
  if (lzma_auto_decoder(&ls, kLzmaMemoryLimit, 0) != LZMA_OK) return Stream::error;
  std::array<std::uint8_t, kChunk> buffer;
  ls.next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  ls.avail_in = data.size();
  Stream result = Stream::error;
  for (;;) {
    ls.next_out = buffer.data();
    ls.avail_out = buffer.size();
    // All the input is there: LZMA_FINISH makes a truncated stream an error (LZMA_BUF_ERROR).
    const lzma_ret rc = lzma_code(&ls, LZMA_FINISH);
    const std::size_t produced = buffer.size() - ls.avail_out;
    out.append(reinterpret_cast<const char*>(buffer.data()), produced);
    if (out.overflow()) {
      result = Stream::full;
      break;
    }
    if (rc == LZMA_STREAM_END) {
      result = Stream::end;
      break;
    }
    if (rc == LZMA_OK) continue;
    result = rc == LZMA_BUF_ERROR ? Stream::truncated : Stream::error;
    break;
  }
  used = data.size() - ls.avail_in;
  lzma_end(&ls);
  return result;
}

// Python's bz2.decompress and lzma.decompress: streams one after the other; data after the
// first stream that is not a valid stream is ignored, a truncated stream is an error.
template <typename DecodeStream>
Result decompress_streams(std::string_view data, std::size_t max_output, bool empty_ok, DecodeStream decode) {
  BoundedOutput out(max_output, data.size() * 4);
  if (data.empty()) return empty_ok ? out.finish() : invalid();
  for (bool first = true; !data.empty(); first = false) {
    const std::size_t before = out.size();
    std::size_t used = 0;
    switch (decode(data, out, used)) {
      case Stream::full: return out.finish();
      case Stream::truncated: return invalid();
      case Stream::error:
        if (first) return invalid();
        out.truncate(before);  // trailing garbage: what it produced is dropped, as in Python
        return out.finish();
      case Stream::end: break;
    }
    data.remove_prefix(used);
  }
  return out.finish();
}

}  // namespace

Result base64_decode(std::string_view text, bool urlsafe, bool validate, std::size_t max_output) {
  // binascii.a2b_base64, with strict_mode = validate (base64.b64decode in Python 3.11+).
  BoundedOutput out(max_output, text.size() / 4 * 3 + 3);
  if (validate && !text.empty() && text.front() == '=') return invalid();  // leading padding
  unsigned quad_pos = 0, pads = 0;
  unsigned leftchar = 0;
  bool padding_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '=') {
      padding_started = true;  // (3.11 accepts '=' after a complete quad, even strict)
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) {
        if (validate && i + 1 < text.size()) return invalid();  // data after padding
        return out.finish();  // the rest is not read
      }
      continue;
    }
    const unsigned char v = base64_value(c, urlsafe);
    if (v == kNotInAlphabet) {
      if (validate) return invalid();
      continue;
    }
    if (validate && padding_started) return invalid();  // discontinuous padding
    pads = 0;
    switch (quad_pos) {
      case 0:
        quad_pos = 1;
        leftchar = v;
        break;
      case 1:
        quad_pos = 2;
        out.push(static_cast<char>(((leftchar << 2) | (v >> 4)) & 0xFFu));
        leftchar = v & 0x0Fu;
        break;
      case 2:
        quad_pos = 3;
        out.push(static_cast<char>(((leftchar << 4) | (v >> 2)) & 0xFFu));
        leftchar = v & 0x03u;
        break;
      default:
        quad_pos = 0;
        out.push(static_cast<char>(((leftchar << 6) | v) & 0xFFu));
        leftchar = 0;
        break;
    }
  }
  if (quad_pos != 0) return invalid();  // one data character too many, or incorrect padding
  return out.finish();
}

Result base32_decode(std::string_view text, bool casefold, std::size_t max_output) {
  if (text.size() % 8 != 0) return invalid();
  std::size_t length = text.size();
  while (length > 0 && text[length - 1] == '=') --length;
  const std::size_t padchars = text.size() - length;
  if (padchars != 0 && padchars != 1 && padchars != 3 && padchars != 4 && padchars != 6) return invalid();
  BoundedOutput out(max_output, text.size() / 8 * 5);
  for (std::size_t i = 0; i < length; i += 8) {
    const std::size_t end = std::min(length, i + 8);
    std::uint64_t acc = 0;
    for (std::size_t k = i; k < end; ++k) {
      auto c = static_cast<unsigned char>(text[k]);
      if (casefold && c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
      const unsigned char v = base32_value(c);
      if (v == kNotInAlphabet) return invalid();
      acc = (acc << 5) | v;
    }
    std::size_t keep = 5;
    if (end - i < 8) {  // the last, padded quantum
      acc <<= 5 * (8 - (end - i));
      keep = (43 - 5 * padchars) / 8;
    }
    for (std::size_t b = 0; b < keep; ++b) out.push(static_cast<char>((acc >> (32 - 8 * b)) & 0xFFu));
  }
  return out.finish();
}

Result hex_decode(std::string_view text, HexMode mode, std::size_t max_output) {
  BoundedOutput out(max_output, text.size() / 2);
  const bool lower_ok = mode != HexMode::b16;
  if (mode != HexMode::fromhex) {
    if (text.size() % 2 != 0) return invalid();
    for (std::size_t i = 0; i < text.size(); i += 2) {
      const int hi = hex_value(static_cast<unsigned char>(text[i]), lower_ok);
      const int lo = hex_value(static_cast<unsigned char>(text[i + 1]), lower_ok);
      if (hi < 0 || lo < 0) return invalid();
      out.push(static_cast<char>(hi * 16 + lo));
    }
    return out.finish();
  }
  // bytes.fromhex: ASCII whitespace is skipped before each pair, never inside one.
  std::size_t i = 0;
  for (;;) {
    while (i < text.size() && is_python_space(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) break;
    if (i + 1 == text.size()) return invalid();
    const int hi = hex_value(static_cast<unsigned char>(text[i]), true);
    const int lo = hex_value(static_cast<unsigned char>(text[i + 1]), true);
    if (hi < 0 || lo < 0) return invalid();
    out.push(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out.finish();
}

Result base85_decode(std::string_view text, std::size_t max_output) {
  static constexpr auto kTable = base85_table();
  // Python pads the input with '~' (84) to a multiple of 5 and drops as many output bytes.
  const std::size_t padding = (5 - text.size() % 5) % 5;
  BoundedOutput out(max_output, text.size() / 5 * 4 + 4);
  for (std::size_t i = 0; i < text.size() + padding; i += 5) {
    std::uint64_t acc = 0;
    for (std::size_t k = i; k < i + 5; ++k) {
      const unsigned char v = k < text.size() ? kTable[static_cast<unsigned char>(text[k])] : 84;
      if (v == kNotInAlphabet) return invalid();
      acc = acc * 85 + v;
    }
    if (acc > 0xFFFFFFFFull) return invalid();  // overflow in the hunk
    const bool last = i + 5 >= text.size() + padding;
    const std::size_t keep = last ? 4 - padding : 4;
    for (std::size_t b = 0; b < keep; ++b) out.push(static_cast<char>((acc >> (24 - 8 * b)) & 0xFFu));
  }
  return out.finish();
}

Result ascii85_decode(std::string_view text, bool adobe, std::size_t max_output) {
  if (adobe) {
    if (text.size() < 2 || text.substr(text.size() - 2) != "~>") return invalid();
    text.remove_suffix(2);
    if (text.size() >= 2 && text.substr(0, 2) == "<~") text.remove_prefix(2);
  }
  BoundedOutput out(max_output, text.size() / 5 * 4 + 4);
  std::array<unsigned char, 5> group{};
  std::size_t in_group = 0;
  std::size_t total = 0;  // bytes Python would produce (before dropping the padding)
  const auto feed = [&](unsigned char c) -> bool {
    if (c >= '!' && c <= 'u') {
      group[in_group++] = c;
      if (in_group == 5) {
        std::uint64_t acc = 0;
        for (const unsigned char g : group) acc = 85 * acc + (g - 33u);
        if (acc > 0xFFFFFFFFull) return false;  // Ascii85 overflow
        push_word(out, static_cast<std::uint32_t>(acc));
        total += 4;
        in_group = 0;
      }
    } else if (c == 'z') {
      if (in_group != 0) return false;  // z inside a 5-tuple
      push_word(out, 0);
      total += 4;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v') {
      // ignored
    } else {
      return false;
    }
    return true;
  };
  for (const char c : text) {
    if (!feed(static_cast<unsigned char>(c))) return invalid();
  }
  for (int k = 0; k < 4; ++k) {
    if (!feed('u')) return invalid();
  }
  // Python: result[:-padding] with padding = 4 - (characters left in the group).
  const std::size_t padding = 4 - in_group;
  const std::size_t keep = total > padding ? total - padding : 0;
  if (keep > max_output) return out.finish();  // too large: the first max_output bytes
  out.truncate(keep);
  return Result{Status::ok, out.take()};
}

std::string rot13(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>('A' + (c - 'A' + 13) % 26);
    }
  }
  return out;
}

Result zlib_decompress(std::string_view data, int wbits, std::size_t max_output) {
  BoundedOutput out(max_output, data.size() * 4);
  std::size_t used = 0;
  switch (inflate_stream(data, wbits, out, used)) {
    case Inflate::end:  // data after the end of the stream is ignored, as zlib.decompress does
    case Inflate::full: return out.finish();
    case Inflate::truncated:
    case Inflate::error: break;
  }
  return invalid();
}

Result gzip_decompress(std::string_view data, std::size_t max_output) {
  BoundedOutput out(max_output, data.size() * 4);
  while (!data.empty()) {
    const std::size_t header = gzip_header_end(data);
    if (header == 0) return invalid();
    data.remove_prefix(header);
    const std::size_t before = out.size();
    uLong crc = crc32(0L, Z_NULL, 0);
    std::size_t used = 0;
    const Inflate state = inflate_stream(data, -MAX_WBITS, out, used, &crc);
    if (state == Inflate::full) return out.finish();
    if (state != Inflate::end) return invalid();
    data.remove_prefix(used);
    if (data.size() < 8) return invalid();  // no trailer
    const std::size_t length = out.size() - before;
    if (read_le32(data, 0) != static_cast<std::uint32_t>(crc) ||
        read_le32(data, 4) != static_cast<std::uint32_t>(length & 0xFFFFFFFFu)) {
      return invalid();
    }
    data.remove_prefix(8);
    while (!data.empty() && data.front() == '\0') data.remove_prefix(1);  // padding between members
  }
  return out.finish();
}

Result bz2_decompress(std::string_view data, std::size_t max_output) {
  return decompress_streams(data, max_output, true, bz2_stream);
}

Result lzma_decompress(std::string_view data, std::size_t max_output) {
  return decompress_streams(data, max_output, false, lzma_stream_decode);
}

std::uint32_t crc32_of(std::string_view data) noexcept {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  // zlib takes at most UINT_MAX bytes a call.
  while (!data.empty()) {
    const std::size_t n = std::min<std::size_t>(data.size(), UINT_MAX);
    crc = ::crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(n));
    data.remove_prefix(n);
  }
  return static_cast<std::uint32_t>(crc);
}

}  // namespace warden::detail::codec
