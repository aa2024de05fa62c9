#include "content.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "codecs.hpp"

namespace warden::detail::codec {
namespace {

constexpr std::array<std::pair<ContentKind, std::string_view>, 10> kNames = {{
    {ContentKind::none, "none"},
    {ContentKind::elf, "elf"},
    {ContentKind::pe, "pe"},
    {ContentKind::macho, "mach-o"},
    {ContentKind::python_bytecode, "python-bytecode"},
    {ContentKind::pickle, "pickle"},
    {ContentKind::shell_script, "shell-script"},
    {ContentKind::python_source, "python-source"},
    {ContentKind::c_source, "c-source"},
    {ContentKind::archive, "archive"},
}};

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::uint32_t little_endian32(std::string_view s, std::size_t at) noexcept {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(s[at + i])} << (8 * i);
  return v;
}

// Text a person or a shell reads: no NUL, and almost every byte printable, whitespace or part
// of a UTF-8 character.
bool readable_text(std::string_view s) noexcept {
  if (s.empty()) return false;
  std::size_t odd = 0;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return false;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++odd;
  }
  return odd * 50 < s.size();
}

// `needle` at the start of some line of `text`, after indentation.
bool at_line_start(std::string_view text, std::string_view needle) noexcept {
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    std::size_t i = at;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
    if (i == 0 || text[i - 1] == '\n' || text[i - 1] == ';') return true;
  }
  return false;
}

bool contains(std::string_view text, std::string_view needle) noexcept { return text.find(needle) != std::string_view::npos; }

ContentKind text_kind(std::string_view text) noexcept {
  if (!readable_text(text)) return ContentKind::none;
  const std::string_view first_line = text.substr(0, text.find('\n'));
  if (starts_with(first_line, "#!")) {
    if (contains(first_line, "python")) return ContentKind::python_source;
    if (contains(first_line, "sh")) return ContentKind::shell_script;
  }
  // C first: a C payload may well contain a shell command in a string.
  if (at_line_start(text, "#include") || contains(text, "__global__ void") || contains(text, "int main(") ||
      contains(text, "extern \"C\"")) {
    return ContentKind::c_source;
  }
  // Shell commands that fetch and run, or open a reverse shell.
  for (const std::string_view marker : {"| sh", "|sh", "| bash", "|bash", "/dev/tcp/", "chmod +x ", "nohup ", "crontab "}) {
    if (contains(text, marker) && (contains(text, "curl ") || contains(text, "wget ") || contains(text, "/dev/tcp/") ||
                                   contains(text, "chmod +x ") || contains(text, "crontab "))) {
      return ContentKind::shell_script;
    }
  }
  // Python that reaches beyond computing: commands, code, the network, native code. A hidden
  // one-liner of arithmetic (`def rms_norm(x, w): return ...`) is not reported as a program.
  for (const std::string_view marker :
       {"os.system(", "os.popen(", "os.exec", "os.spawn", "subprocess", "exec(", "eval(", "compile(", "socket",
        "pty.", "ctypes", "urllib", "requests.", "http.client", "__import__('os')", "__import__(\"os\")",
        "__import__('subprocess')", "__import__(\"subprocess\")", "marshal.loads", "pickle.loads", "base64.b64decode"}) {
    if (!contains(text, marker)) continue;
    const bool python = at_line_start(text, "import ") || (at_line_start(text, "from ") && contains(text, " import ")) ||
                        at_line_start(text, "def ") || at_line_start(text, "class ") || contains(text, "__import__(") ||
                        contains(text, "exec(") || contains(text, "eval(");
    if (python) return ContentKind::python_source;
  }
  return ContentKind::none;
}

// Only characters of `alphabet` and line breaks (an encoded blob may be wrapped into lines,
// but has no spaces: prose fails at its first one).
bool only(std::string_view text, const char* alphabet) noexcept {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return c == '\n' || c == '\r' || (c != 0 && std::strchr(alphabet, c) != nullptr);
  });
}

constexpr const char* kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_";
constexpr const char* kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=";
constexpr const char* kHex = "0123456789abcdefABCDEF";
constexpr const char* kBase85 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

constexpr std::size_t kMinEncoded = 24;

class Search {
 public:
  Search(std::uint32_t max_depth, bool text_as_is) : max_depth_(max_depth), text_as_is_(text_as_is) {}

  bool run(std::string_view bytes, std::uint32_t depth, Unwrapped& out) {
    const ContentKind kind = depth > 0 || text_as_is_ ? content_kind(bytes) : binary_kind(bytes);
    if (kind != ContentKind::none && kind != ContentKind::archive) {
      out.kind = kind;
      out.bytes = std::string(bytes);
      return true;
    }
    if (depth < max_depth_ && bytes.size() >= kMinEncoded && ++tries_ <= kMaxTries) {
      if (decompress(bytes, depth, out) || decode_text(bytes, depth, out)) return true;
    }
    if (kind == ContentKind::archive && out.kind == ContentKind::none) {
      out.kind = kind;  // an archive that could not be opened further
      out.bytes = std::string(bytes);
      return true;
    }
    return false;
  }

 private:
  // At most this many decodings are tried per value: each is bounded, and so is their number.
  static constexpr std::uint32_t kMaxTries = 32;

  bool step(const Result& r, std::string_view name, std::uint32_t depth, Unwrapped& out) {
    if (r.status != Status::ok || r.bytes.empty()) return false;
    Unwrapped inner;
    if (!run(r.bytes, depth + 1, inner)) return false;
    out.kind = inner.kind;
    out.bytes = std::move(inner.bytes);
    out.steps.clear();
    out.steps.emplace_back(name);
    out.steps.insert(out.steps.end(), inner.steps.begin(), inner.steps.end());
    return true;
  }

  bool decompress(std::string_view bytes, std::uint32_t depth, Unwrapped& out) {
    const auto b0 = static_cast<unsigned char>(bytes[0]);
    const auto b1 = static_cast<unsigned char>(bytes[1]);
    if (b0 == 0x78 && (b1 == 0x01 || b1 == 0x5e || b1 == 0x9c || b1 == 0xda)) return step(zlib_decompress(bytes), "zlib", depth, out);
    if (b0 == 0x1f && b1 == 0x8b) return step(gzip_decompress(bytes), "gzip", depth, out);
    if (starts_with(bytes, "BZh")) return step(bz2_decompress(bytes), "bz2", depth, out);
    if (starts_with(bytes, std::string_view("\xfd" "7zXZ\0", 6)) || starts_with(bytes, std::string_view("\x5d\0\0", 3))) {
      return step(lzma_decompress(bytes), "lzma", depth, out);
    }
    return false;
  }

  // Python or shell words as rot13 writes them ("vzcbeg", "rkrp(", "bf.flfgrz(", "fhocebprff",
  // "phey "): only then is rot13 tried, so prose is not rotated for nothing.
  static bool rot13_markers(std::string_view text) noexcept {
    return contains(text, "vzcbeg ") || contains(text, "rkrp(") || contains(text, "riny(") ||
           contains(text, "bf.flfgrz(") || contains(text, "fhocebprff") || contains(text, "phey ");
  }

  bool decode_text(std::string_view bytes, std::uint32_t depth, Unwrapped& out) {
    if (rot13_markers(bytes)) {
      Result rotated;
      rotated.status = Status::ok;
      rotated.bytes = rot13(bytes);
      if (step(rotated, "rot13", depth, out)) return true;
    }
    if (only(bytes, kHex) && hex_digits(bytes) % 2 == 0 && step(hex_decode(bytes, HexMode::fromhex), "hex", depth, out)) {
      return true;
    }
    if (only(bytes, kBase64)) {
      const bool urlsafe = bytes.find_first_of("-_") != std::string_view::npos;
      if (step(base64_decode(bytes, urlsafe), "base64", depth, out)) return true;
      // Reversed before encoding (or after): the padding comes first.
      std::string reversed(bytes.rbegin(), bytes.rend());
      if (step(base64_decode(reversed, urlsafe), "reversed, base64", depth, out)) return true;
    }
    if (only(bytes, kBase32) && step(base32_decode(bytes), "base32", depth, out)) return true;
    if (bytes.size() >= 40 && bytes.find(' ') == std::string_view::npos && only(bytes, kBase85) &&
        step(base85_decode(bytes), "base85", depth, out)) {
      return true;
    }
    return false;
  }

  static std::size_t hex_digits(std::string_view s) noexcept {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return std::strchr(kHex, c) != nullptr && c != 0; }));
  }

  std::uint32_t max_depth_;
  bool text_as_is_;
  std::uint32_t tries_ = 0;
};

}  // namespace

std::string_view to_string(ContentKind kind) noexcept {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "none";
}

std::optional<ContentKind> content_kind_named(std::string_view name) noexcept {
  for (const auto& [k, n] : kNames) {
    if (n == name && k != ContentKind::none) return k;
  }
  return std::nullopt;
}

bool is_text_kind(ContentKind kind) noexcept {
  return kind == ContentKind::shell_script || kind == ContentKind::python_source || kind == ContentKind::c_source;
}

ContentKind content_kind(std::string_view b) noexcept {
  const ContentKind kind = binary_kind(b);
  return kind != ContentKind::none || b.size() < 4 ? kind : text_kind(b);
}

ContentKind binary_kind(std::string_view b) noexcept {
  if (b.size() < 4) return ContentKind::none;
  const auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
  // Executables at least as long as their headers (ELF32's is 52 bytes, Mach-O's 28): a magic
  // alone (`b"\x7fELF"` compared with a file's start) is no program.
  if (starts_with(b, "\x7f" "ELF") && b.size() >= 52) return ContentKind::elf;
  if (starts_with(b, "MZ") && b.size() >= 0x40) {
    const std::uint32_t pe = little_endian32(b, 0x3c);
    if (pe <= b.size() - 4 && b.compare(pe, 4, std::string_view("PE\0\0", 4)) == 0) return ContentKind::pe;
  }
  const std::uint32_t magic = little_endian32(b, 0);
  if (b.size() >= 28 && (magic == 0xfeedface || magic == 0xfeedfacf || magic == 0xcefaedfe || magic == 0xcffaedfe ||
                         magic == 0xbebafeca)) {
    return ContentKind::macho;
  }
  // A .pyc: a 16-bit magic whose high byte is 0x0d (CPython 3), then \r\n; or a marshalled
  // code object (TYPE_CODE, with or without FLAG_REF), what marshal.dumps(compile(...)) writes.
  if (u(1) == 0x0d && u(2) == '\r' && u(3) == '\n') return ContentKind::python_bytecode;
  if ((u(0) == 0x63 || u(0) == 0xe3) && b.size() >= 30 && little_endian32(b, 1) < 256 && little_endian32(b, 5) < 256 &&
      little_endian32(b, 9) < 256) {
    // The code's bytes follow the counts and flags (CPython 3.11: five fields; 3.8-3.10: six).
    const auto code_at = [&](std::size_t i) { return u(i) == 0x73 || u(i) == 0xf3; };
    if (code_at(21) || code_at(25)) return ContentKind::python_bytecode;
  }
  if (u(0) == 0x80 && u(1) >= 2 && u(1) <= 5 && b.back() == '.') return ContentKind::pickle;
  if (starts_with(b, "PK\x03\x04") || starts_with(b, "PK\x05\x06") || starts_with(b, "7z\xbc\xaf\x27\x1c") ||
      (u(0) == 0x1f && u(1) == 0x8b) || (starts_with(b, "BZh") && b.size() > 4 && u(3) >= '1' && u(3) <= '9') ||
      starts_with(b, std::string_view("\xfd" "7zXZ\0", 6)) || (b.size() >= 262 && b.compare(257, 5, "ustar") == 0)) {
    return ContentKind::archive;
  }
  return ContentKind::none;
}

Unwrapped unwrap_content(std::string_view bytes, std::uint32_t max_depth, bool text_as_is) {
  Unwrapped out;
  Search(max_depth, text_as_is).run(bytes, 0, out);
  return out;
}

}  // namespace warden::detail::codec
