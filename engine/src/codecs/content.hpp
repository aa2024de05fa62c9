// What a blob of bytes is, by its content: an executable (ELF, PE, Mach-O), Python bytecode or a
// pickle, a script or source code (shell, Python, C/C++/CUDA), an archive; and the encodings a
// constant may still be wrapped in before it is one of those (base64, base32, hex, base85,
// zlib/gzip/bz2/lzma, reversal, rot13), undone here by trying them, bounded. This is how an embedded
// payload (`BLOB = "f0VMRgIBAQ..."`) is recognised whether or not the code decodes it in
// plain sight. Nothing is executed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::detail::codec {

enum class ContentKind : std::uint8_t {
  none,             // nothing Warden recognises (data, text, an image...)
  elf,              // \x7fELF
  pe,               // MZ with a PE header (Windows executables and DLLs)
  macho,            // Mach-O, thin or fat
  python_bytecode,  // a .pyc (magic, then \r\n) or a marshalled code object
  pickle,           // a pickle of protocol 2 to 5 ending in STOP
  shell_script,     // a #! line naming a shell, or shell commands that fetch and run
  python_source,    // Python that runs commands or code, or reaches the network or native code
  c_source,         // C, C++ or CUDA: #include, a kernel, main()
  archive,          // zip, tar, 7z, gzip, bz2, xz (when not undone)
};

// "elf", "pe", "mach-o", "python-bytecode", "pickle", "shell-script", "python-source",
// "c-source", "archive"; "none".
std::string_view to_string(ContentKind kind) noexcept;
std::optional<ContentKind> content_kind_named(std::string_view name) noexcept;
// Whether the kind is code in text form (shell, Python, C): readable unless encoded.
bool is_text_kind(ContentKind kind) noexcept;

// The kind of `bytes` as they are (no decoding); binary_kind() looks only for the kinds
// recognised by their first bytes (executables, bytecode, pickles, archives), which is cheap.
ContentKind content_kind(std::string_view bytes) noexcept;
ContentKind binary_kind(std::string_view bytes) noexcept;

struct Unwrapped {
  ContentKind kind = ContentKind::none;
  std::string bytes;               // the content, decoded
  std::vector<std::string> steps;  // the decodings tried that led there, outermost first: "base64", "zlib"
};

// `bytes` if they are a known kind, else what trying the encodings on them gives, up to
// `max_depth` decodings deep (an input under 24 bytes is not tried: too short to hide a
// payload). The first kind found wins; none when nothing is recognised. Without
// `text_as_is`, `bytes` themselves are not classified as a text kind (source in plain sight),
// only what decoding them gives.
Unwrapped unwrap_content(std::string_view bytes, std::uint32_t max_depth = 4, bool text_as_is = true);

}  // namespace warden::detail::codec
