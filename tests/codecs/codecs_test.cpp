// The decoders of codecs.hpp against Python's own results (vectors generated once with
// CPython 3.11), invalid and truncated input, and decompression bombs.
#include <gtest/gtest.h>

#include "deflate_bomb.hpp"

#include <optional>
#include <string>
#include <vector>

#include "codecs.hpp"

namespace warden::detail::codec {
namespace {

using warden::testing::deflate_zeros;

using namespace std::string_literals;

std::optional<std::string> value(const Result& r) {
  if (!r.ok()) return std::nullopt;
  return r.bytes;
}

// Test payloads are pasted as base64 (decoded with the decoder tested above them).
std::string b64(std::string_view text) {
  Result r = base64_decode(text, false, true);
  EXPECT_TRUE(r.ok()) << text;
  return r.bytes;
}

const std::string kPayload = "import os; os.system('id')\n";

TEST(Codecs, Base64LikePython) {
  struct Case {
    std::string input;
    bool urlsafe, validate;
    std::optional<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"aGVsbG8gd29ybGQ="s, false, false, "hello world"s},
      {"aGVs bG8*\x0a"s, false, false, std::nullopt},
      {"aGVsbG8"s, false, false, std::nullopt},
      {"aGVsbA"s, false, false, std::nullopt},
      {"YQ=="s, false, false, "a"s},
      {"YQ="s, false, false, std::nullopt},
      {"YQ"s, false, false, std::nullopt},
      {"Y"s, false, false, std::nullopt},
      {"YQ==YWJj"s, false, false, "a"s},
      {"YQ=Y="s, false, false, "a\x06"s},
      {"=YQ=="s, false, false, "a"s},
      {"Y=Q=="s, false, false, "a"s},
      {""s, false, false, ""s},
      {"aGVsbG8gd29ybGQ="s, false, true, "hello world"s},
      {"aGVs bG8="s, false, true, std::nullopt},
      {"YQ==YWJj"s, false, true, std::nullopt},
      {"=YQ=="s, false, true, std::nullopt},
      {"YWJj="s, false, true, "abc"s},
      {"YQ="s, false, true, std::nullopt},
      {"YQ=\x0a"s, false, true, std::nullopt},
      {"-_-_"s, true, false, "\xfb\xff\xbf"s},
      {"+/+/"s, true, false, "\xfb\xff\xbf"s},
      {"-_-_"s, false, false, ""s},
      {"-_-_"s, true, true, "\xfb\xff\xbf"s},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(value(base64_decode(c.input, c.urlsafe, c.validate)), c.expected)
        << '"' << c.input << "\" urlsafe=" << c.urlsafe << " validate=" << c.validate;
  }
}

TEST(Codecs, Base32LikePython) {
  struct Case {
    std::string input;
    bool casefold;
    std::optional<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"NBSWY3DP"s, false, "hello"s},
      {"NBSWY3DPEE======"s, false, "hello!"s},
      {"MFRGG==="s, false, "abc"s},
      {"ME======"s, false, "a"s},
      {"MFRA===="s, false, "ab"s},
      {"MFRGGZA="s, false, "abcd"s},
      {"nbswy3dp"s, false, std::nullopt},
      {"nbswy3dp"s, true, "hello"s},
      {"NBSWY3D"s, false, std::nullopt},
      {"NBSWY3D="s, false, "hell"s},
      {"MFRGG=="s, false, std::nullopt},
      {"M======="s, false, std::nullopt},
      {"========"s, false, std::nullopt},
      {"NBSW=3DP"s, false, std::nullopt},
      {"NBSWY3D1"s, false, std::nullopt},
      {""s, false, ""s},
      {"MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPI======"s, false, "abcdefghijklmnopqrstuvwxyz"s},
      {"ME====="s, false, std::nullopt},
      {"MFRGG===="s, false, std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(value(base32_decode(c.input, c.casefold)), c.expected) << '"' << c.input << '"';
  }
}

TEST(Codecs, HexLikePython) {
  struct Case {
    std::string input;
    HexMode mode;
    std::optional<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"48656c6c6f"s, HexMode::unhexlify, "Hello"s},
      {"48656C6C6F"s, HexMode::b16, "Hello"s},
      {"48656c6c6f"s, HexMode::b16, std::nullopt},
      {"48656c6c6f"s, HexMode::b16_casefold, "Hello"s},
      {"4865 6c"s, HexMode::unhexlify, std::nullopt},
      {"486"s, HexMode::unhexlify, std::nullopt},
      {"48 65\x09""6c\x0a""6c6f "s, HexMode::fromhex, "Hello"s},
      {"4 865"s, HexMode::fromhex, std::nullopt},
      {"486"s, HexMode::fromhex, std::nullopt},
      {""s, HexMode::fromhex, ""s},
      {"  "s, HexMode::fromhex, ""s},
      {"zz"s, HexMode::unhexlify, std::nullopt},
      {"0g"s, HexMode::fromhex, std::nullopt},
      {"\x0b""48\x0c""65"s, HexMode::fromhex, "He"s},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(value(hex_decode(c.input, c.mode)), c.expected)
        << '"' << c.input << "\" mode " << static_cast<int>(c.mode);
  }
}

TEST(Codecs, Base85LikePython) {
  struct Case {
    std::string input;
    std::optional<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"Xk~0{Zy<MXa%^M"s, "hello world"s},
      {"009F3"s, "\x00\x01\x02\xff"s},
      {"VPa!s"s, "abcd"s},
      {""s, ""s},
      {"a"s, ""s},
      {"ab"s, "q"s},
      {"|NsC0"s, "\xff\xff\xff\xff"s},
      {"{{{{{"s, "\xff\x06\x0e="s},
      {"ab\"c"s, std::nullopt},
      {"VPa!sWoBn+X= "s, std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(value(base85_decode(c.input)), c.expected) << '"' << c.input << '"';
}

TEST(Codecs, Ascii85LikePython) {
  struct Case {
    std::string input;
    bool adobe;
    std::optional<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"BOu!rD]j7BEbo7"s, false, "hello world"s},
      {"<~BOu!rD]j7BEbo7~>"s, true, "hello world"s},
      {"z"s, false, "\x00\x00\x00\x00"s},
      {"zz!!"s, false, "\x00\x00\x00\x00\x00\x00\x00\x00\x00"s},
      {"!z"s, false, std::nullopt},
      {"BOu!rD]j7BEbo80"s, false, "hello world!"s},
      {"BOu!r D]j7\x0a""BEbo80"s, false, "hello world!"s},
      {"<~BOu!rD]j7BEbo80~>"s, true, "hello world!"s},
      {"BOu!rD]j7BEbo80~>"s, true, "hello world!"s},
      {"BOu!rD]j7BEbo80"s, true, std::nullopt},
      {"s8W-!"s, false, "\xff\xff\xff\xff"s},
      {"s8W-\""s, false, std::nullopt},
      {"a"s, false, ""s},
      {"ab"s, false, "\xc9"s},
      {"abc"s, false, "\xc9\x89"s},
      {"abcd"s, false, "\xc9\x89\xa3"s},
      {""s, false, ""s},
      {"~>"s, true, ""s},
      {"v"s, false, std::nullopt},
      {"uuuuu"s, false, std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(value(ascii85_decode(c.input, c.adobe)), c.expected) << '"' << c.input << "\" adobe=" << c.adobe;
  }
}

TEST(Codecs, Rot13) {
  EXPECT_EQ(rot13("vzcbeg bf; bf.flfgrz('vq') 123 Ñ"), "import os; os.system('id') 123 Ñ");
  EXPECT_EQ(rot13(rot13("Hello, World")), "Hello, World");
}

TEST(Codecs, OutputLimitOfTextCodecs) {
  // The whole input is still validated; only max_output bytes are written.
  Result r = base64_decode("aGVsbG8gd29ybGQ=", false, false, 4);
  EXPECT_EQ(r.status, Status::too_large);
  EXPECT_EQ(r.bytes, "hell");
  EXPECT_EQ(base64_decode("aGVsbG8gd29ybGQ", false, false, 4).status, Status::invalid);
  r = hex_decode("48656c6c6f", HexMode::unhexlify, 5);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.bytes, "Hello");
  r = hex_decode("48656c6c6f", HexMode::unhexlify, 2);
  EXPECT_EQ(r.status, Status::too_large);
  EXPECT_EQ(r.bytes, "He");
  r = ascii85_decode("BOu!rD]j7BEbo80", false, 11);
  EXPECT_EQ(r.status, Status::too_large);
  EXPECT_EQ(r.bytes, "hello world");
  EXPECT_EQ(ascii85_decode("BOu!rD]j7BEbo80", false, 12).bytes, "hello world!");
  EXPECT_EQ(base85_decode("Xk~0{Zy<MXa%^M", 5).bytes, "hello");
  EXPECT_EQ(base32_decode("NBSWY3DPEE======", false, 5).status, Status::too_large);
}

TEST(Codecs, Zlib) {
  EXPECT_EQ(value(zlib_decompress(b64("eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk"))), kPayload);
  // Data after the end of the stream is ignored, as by zlib.decompress.
  EXPECT_EQ(value(zlib_decompress(b64("eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk") + "trailing")), kPayload);
  const std::string raw = b64("y8wtyC8qUcgvtgZiveLK4pLUXA31zBR1TS4A");
  EXPECT_EQ(value(zlib_decompress(raw, -15)), kPayload);
  EXPECT_EQ(value(zlib_decompress(raw, 15)), std::nullopt);  // no zlib header
  const std::string wrapped = b64("H4sIAAAAAAAAA8vMLcgvKlHIL7YGYr3iyuKS1FwN9cwUdU0uAGH3UHIbAAAA");
  EXPECT_EQ(value(zlib_decompress(wrapped, 31)), kPayload);
  EXPECT_EQ(value(zlib_decompress(wrapped, 47)), kPayload);  // zlib or gzip, detected
  EXPECT_EQ(value(zlib_decompress(b64("eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk"), 47)), kPayload);
  EXPECT_EQ(value(zlib_decompress(wrapped, 15)), std::nullopt);
  EXPECT_EQ(value(zlib_decompress(raw, 99)), std::nullopt);  // wbits zlib rejects
  EXPECT_EQ(value(zlib_decompress("")), std::nullopt);
  EXPECT_EQ(value(zlib_decompress("not compressed at all")), std::nullopt);
}

TEST(Codecs, Gzip) {
  EXPECT_EQ(value(gzip_decompress(b64("H4sIAAAAAAACA0vLLCouUQAA/HrxHAYAAAA="))), "first ");
  // Members one after the other, zero padding after them.
  EXPECT_EQ(value(gzip_decompress(b64("H4sIAAAAAAACA0vLLCouUQAA/HrxHAYAAAAfiwgAAAAAAAIDK05Nzs9LAQBpER+2BgAAAAAAAA=="))),
            "first second");
  // FEXTRA, FNAME, FCOMMENT and FHCRC in the header.
  EXPECT_EQ(value(gzip_decompress(b64("H4sIHgAAAAAA/wMAYWJjbmFtZQBjb21tZW50AHgYS8tJTC8GALpBBQsFAAAA"))), "flags");
  EXPECT_EQ(value(gzip_decompress("")), "");  // as gzip.decompress(b"")
  EXPECT_EQ(value(gzip_decompress(b64("H4sIAAAAAAACA0vLLCouUQAA/HrxHAYAAAA=") + "garbage!")), std::nullopt);
  std::string bad_crc = b64("H4sIAAAAAAACA0vLLCouUQAA/HrxHAYAAAA=");
  bad_crc[bad_crc.size() - 8] ^= 1;
  EXPECT_EQ(value(gzip_decompress(bad_crc)), std::nullopt);
  std::string bad_length = b64("H4sIAAAAAAACA0vLLCouUQAA/HrxHAYAAAA=");
  bad_length[bad_length.size() - 4] ^= 1;
  EXPECT_EQ(value(gzip_decompress(bad_length)), std::nullopt);
  EXPECT_EQ(value(gzip_decompress(b64("eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk"))), std::nullopt);  // zlib, not gzip
}

TEST(Codecs, Bz2) {
  const std::string one = b64("QlpoOTFBWSZTWfr4ayUAAAZZgAAQQOEACAYi3CAgACIg000PRpChppgAVi+/OUDZ4FkI82o0E+LuSKcKEh9fDWSg");
  EXPECT_EQ(value(bz2_decompress(one)), kPayload);
  EXPECT_EQ(value(bz2_decompress(b64("QlpoOTFBWSZTWc+6oLQAAAGRAEAAAgGgACGaaDNNDLxdyRThQkM+6oLQQlpoOTFBWSZTWc3cjZoAAACBgAAAhIAgACGYGYRhdyRThQkM3cjZoA=="))),
            "one two");
  EXPECT_EQ(value(bz2_decompress(one + "garbage")), kPayload);  // trailing garbage ignored, as Python does
  EXPECT_EQ(value(bz2_decompress("")), "");
  EXPECT_EQ(value(bz2_decompress("garbage")), std::nullopt);
  EXPECT_EQ(value(bz2_decompress(one + one.substr(0, 20))), std::nullopt);  // a truncated second stream
}

TEST(Codecs, Lzma) {
  const std::string xz = b64("/Td6WFoAAATm1rRGAgAhARYAAAB0L+WjAQAaaW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lkJykKAABa2McBFFeg8wABMxv3GYheH7bzfQEAAAAABFla");
  const std::string alone = b64("XQAAgAD//////////wA0m0pnuFI8c+00luF7+lWPOuz6su1otmn9LIEPGK///8hbAAA=");
  EXPECT_EQ(value(lzma_decompress(xz)), kPayload);
  EXPECT_EQ(value(lzma_decompress(alone)), kPayload);
  EXPECT_EQ(value(lzma_decompress(xz + xz)), kPayload + kPayload);
  EXPECT_EQ(value(lzma_decompress(xz + "garbage!")), kPayload);  // as Python: not a stream, ignored
  EXPECT_EQ(value(lzma_decompress(xz + "\0\0\0\0"s)), std::nullopt);  // as Python: a truncated .lzma header
  EXPECT_EQ(value(lzma_decompress("")), std::nullopt);  // lzma.decompress(b"") raises
  EXPECT_EQ(value(lzma_decompress("garbage")), std::nullopt);
}

TEST(Codecs, TruncatedStreamsAreInvalid) {
  const std::vector<std::pair<std::string, Result (*)(std::string_view, std::size_t)>> streams = {
      {b64("H4sIAAAAAAACA0vLLCouUQAA/HrxHAYAAAA="), gzip_decompress},
      {b64("QlpoOTFBWSZTWfr4ayUAAAZZgAAQQOEACAYi3CAgACIg000PRpChppgAVi+/OUDZ4FkI82o0E+LuSKcKEh9fDWSg"), bz2_decompress},
      {b64("/Td6WFoAAATm1rRGAgAhARYAAAB0L+WjAQAaaW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lkJykKAABa2McBFFeg8wABMxv3GYheH7bzfQEAAAAABFla"),
       lzma_decompress},
      {b64("XQAAgAD//////////wA0m0pnuFI8c+00luF7+lWPOuz6su1otmn9LIEPGK///8hbAAA="), lzma_decompress},
  };
  for (const auto& [data, decompress] : streams) {
    ASSERT_TRUE(decompress(data, kDefaultMaxOutput).ok());
    for (std::size_t cut = 1; cut < data.size(); cut += 3) {
      EXPECT_FALSE(decompress(data.substr(0, data.size() - cut), kDefaultMaxOutput).ok()) << "cut " << cut;
    }
  }
  const std::string zlib = b64("eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk");
  for (std::size_t cut = 1; cut < zlib.size(); ++cut) {
    EXPECT_FALSE(zlib_decompress(zlib.substr(0, zlib.size() - cut)).ok()) << "cut " << cut;
  }
  std::string corrupt = zlib;
  corrupt[5] ^= 0x55;
  EXPECT_FALSE(zlib_decompress(corrupt).ok());
}


void expect_bounded_zeros(const Result& r, std::size_t limit) {
  EXPECT_EQ(r.status, Status::too_large);
  ASSERT_EQ(r.bytes.size(), limit);
  EXPECT_EQ(r.bytes.find_first_not_of('\0'), std::string::npos);
  EXPECT_LT(r.bytes.capacity(), limit + 4096);  // never more than the limit held
}

TEST(Codecs, DeflateBombsStopAtTheLimit) {
  const std::string small = deflate_zeros(1000);
  const Result whole = zlib_decompress(small, -15);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole.bytes, std::string(1 + 258 * 1000, '\0'));

  const std::string bomb = deflate_zeros(100'000'000 / 258);  // 100 MB of zeros in ~630 KB
  expect_bounded_zeros(zlib_decompress(bomb, -15), kDefaultMaxOutput);
  expect_bounded_zeros(zlib_decompress(bomb, -15, 1000), 1000);
  expect_bounded_zeros(zlib_decompress("\x78\x01"s + bomb, 15), kDefaultMaxOutput);  // zlib header
  const std::string gzip_header = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"s;
  expect_bounded_zeros(gzip_decompress(gzip_header + bomb + "\0\0\0\0\0\0\0\0"s), kDefaultMaxOutput);
  expect_bounded_zeros(zlib_decompress(gzip_header + bomb, 31), kDefaultMaxOutput);
  // Exactly at the limit is not too large.
  EXPECT_EQ(zlib_decompress(small, -15, 1 + 258 * 1000).status, Status::ok);
  EXPECT_EQ(zlib_decompress(small, -15, 258 * 1000).status, Status::too_large);
}

TEST(Codecs, Bz2AndLzmaBombsStopAtTheLimit) {
  // bz2.compress(b"\0" * 100_000_000, 9): 113 bytes.
  const std::string bz2_bomb = b64(
      "QlpoOTFBWSZTWQ4J4t8BX45AAMAAAAggADCATUZCoCWpCoCXMUFZJlNZDgni3wFfjkAAwAAACCAAMIBNRkKgJakKgJcxQVkmU1nEYApVAD7RQALAAABAAAggADDMCapppUiDaipEHi7kinChIcCoiS4=");
  expect_bounded_zeros(bz2_decompress(bz2_bomb, kDefaultMaxOutput), kDefaultMaxOutput);
  expect_bounded_zeros(bz2_decompress(bz2_bomb, 12345), 12345);
  // lzma.compress(b"\0" * 10_000_000): 1584 bytes.
  const std::string xz_bomb = b64(
      "/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj//8RAWxdAABv/f//o7f/Rz5IFXI5YVG4kijmo4YH+e7kHoLTL8U6PAFLsX7JiopNL6MN"
      "2X+m44wjEVPgWRjFdYrid/i2lH8MasDedElk4ulcU7IE2PdEDKtfDW1G6eXDdoi3llestk3haR1v+0uIEGxCy4g/XACP0E6vJiiU"
      "cR89jyThcJ6nI1/sKMuF0ZWYin4qkfIndfcZwAaYTZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJY"
      "vul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgLzf+VKEYPqfx83vua"
      "MC5WwI+F84OBwGXEJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1T"
      "PfgpZAk7gMsqbN+1O/DEvEgn5lif/xABKwDsc1On/b6ufDEan7eNMW5wnqcjX+woy4XRlZiKfiqR8id19xnABphNmP3Yr9WQD8Ql"
      "U/j1kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0zR5bIEL53VM9+ClkCTuAyyps37U7"
      "8MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5UoRg+p/Hze+5owLlbAj4Xzg4HAZcQlU/j1kTYxBaWw7m/BcE1HDNGREaqtYB26zrEn"
      "GFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0zR5bIEL53VM9+ClkCTuAyyps37U78MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5Uo"
      "Rg+p/Hze+5owLlbAj4Xzg4HAZcQlUQ8/sp//EAErAOxzU6f9vq58MRqft40xbnCepyNf7CjLhdGVmIp+KpHyJ3X3GcAGmE2Y/div"
      "1ZAPxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DL"
      "KmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1g"
      "HbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4"
      "C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVRDz+yn/8QASsA7HNTp/2+rnwxGp+3jTFucJ6nI1/sKMuF0ZWYin4qkfIndfcZwAaY"
      "TZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgp"
      "ZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgLzf+VKEYPqfx83vuaMC5WwI+F84OBwGXEJVP49ZE2MQWlsO5vwXBNRwzR"
      "kRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT"
      "+HF4WfgLzf+VKEYPqfx83vuaMC5WwI+F84OBwGXEJVEPP7KYmjoA6ADsc1On/b6ufDEan7eNMW5wnqcjX+woy4XRlZiKfiqR8id1"
      "9xnABphNmP3Yr9WQD8QlU/j1kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0zR5bIEL5"
      "3VM9+ClkCTuAyyps37U78MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5UoRg+p/Hze+5owLlbAj4Xzg4HAZcQlU/j1kTYxBaWw7m/B"
      "cE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0zQrPEUIAAAAAAFPgiffDPIoSAAGJDICt4gSzUcZoscRn"
      "+wIAAAAABFla");
  expect_bounded_zeros(lzma_decompress(xz_bomb, kDefaultMaxOutput), kDefaultMaxOutput);
  const Result whole = lzma_decompress(xz_bomb, 10'000'000);
  EXPECT_EQ(whole.status, Status::ok);
  EXPECT_EQ(whole.bytes.size(), 10'000'000u);
}

}  // namespace
}  // namespace warden::detail::codec
