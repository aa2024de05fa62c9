// Test data: a decompression bomb built in memory, for the codecs and static-value tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace warden::testing {

// A raw deflate stream (fixed Huffman codes) of one zero byte then `copies` copies of 258
// bytes at distance 1: 1 + 258 * copies zero bytes, about 13 bits per 258 bytes.
inline std::string deflate_zeros(std::size_t copies) {
  std::string out;
  std::uint32_t buffer = 0, bits = 0;
  const auto put = [&](std::uint32_t value, std::uint32_t n) {  // LSB first
    buffer |= value << bits;
    bits += n;
    while (bits >= 8) {
      out.push_back(static_cast<char>(buffer & 0xFFu));
      buffer >>= 8;
      bits -= 8;
    }
  };
  const auto huffman = [&](std::uint32_t code, std::uint32_t n) {  // MSB first
    for (std::uint32_t i = n; i-- > 0;) put((code >> i) & 1u, 1);
  };
  put(1, 1);          // BFINAL
  put(1, 2);          // BTYPE 01: fixed Huffman
  huffman(0x30, 8);   // literal 0
  for (std::size_t k = 0; k < copies; ++k) {
    huffman(0xC5, 8);  // length code 285: 258
    huffman(0, 5);     // distance code 0: 1
  }
  huffman(0, 7);  // end of block
  if (bits > 0) out.push_back(static_cast<char>(buffer & 0xFFu));
  return out;
}

}  // namespace warden::testing
