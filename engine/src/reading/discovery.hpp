// Finding the files to scan under the paths a user gives.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "warden/finding.hpp"

namespace warden::detail {

// Python files are analysed; other files, listed only when signatures are enabled, are
// scanned by the file-level YARA checks alone.
enum class FileKind : std::uint8_t { python, other };

struct DiscoveredFile {
  std::filesystem::path path;  // to open
  // To report: the given path joined with the relative path, '/'-separated ("examples/sample"
  // -> "examples/sample/modeling.py"; a given file keeps the path as given). Bytes of a name
  // that are not valid UTF-8, control bytes and '\' print as \xNN / \\, so hostile names
  // cannot break JSON or drive a terminal, and two names never print the same.
  std::string display;
  // Dotted module name relative to the scan root: "pkg.sub.mod", "pkg" for pkg/__init__.py,
  // "" for the root's own __init__.py; a file given directly: its stem ("" for __init__.py).
  // Empty for other files.
  std::string module;
  bool is_package = false;     // an __init__.py or __init__.pyi
  std::uint64_t size = 0;
  FileKind kind = FileKind::python;
};

struct DiscoveryOptions {
  std::uint64_t max_file_size = 10u << 20;
  bool other_files = false;  // list non-Python regular files as FileKind::other (for signatures)
  // Other files up to this size are listed even above max_file_size (serialized weights are
  // read mapped, whatever their size; the scanner skips what is not weights as too large).
  std::uint64_t max_other_file_size = 0;
};

struct Discovery {
  std::vector<DiscoveredFile> files;  // sorted by display name, no duplicates
  std::vector<SkippedFile> skipped;   // sorted by file
};

// Walks each path (a file or a directory). Rules:
//  - `.git` entries are not entered (and not listed);
//  - symlinks are followed only when their target lies inside the scanned root; others are
//    skipped with reason symlink_outside_root; a directory reached twice (a loop, or two
//    links to it, or two overlapping paths) is walked once, and a file listed once. Real
//    directories are walked before any symlink is followed, so such a file is listed under
//    its real path. A given path may itself be a symlink;
//  - Python files are *.py and *.pyi, and extension-less files with a python shebang
//    ("#!/usr/bin/env python3", "#!/usr/bin/pypy3", ...), judged by the name they are
//    reached by (a link "evil.py -> payload.txt" is Python); every other regular file is
//    listed as FileKind::other when options.other_files is set (the link and its target are
//    then listed once each, as Python and as other), else skipped with reason not_python,
//    reading no more than an extension-less file's first 256 bytes (the scanner skips a
//    Python file as binary when looks_binary() says so after reading it);
//  - files over max_file_size (other files: over the larger of it and max_other_file_size)
//    are skipped with reason too_large; unreadable files and
//    directories, broken symlinks, with unreadable and the OS error; sockets, FIFOs and
//    devices with special_file (never opened).
// Throws ScanError (whose message has the path) for a top-level path that does not exist,
// or that cannot be read: a directory that cannot be listed, a file that cannot be opened.
Discovery discover(const std::vector<std::filesystem::path>& paths, const DiscoveryOptions& options);

// True when the first bytes look like a binary file rather than text: NULs in a head that
// is not mostly text, or many control bytes (the exact rule is beside the definition).
// A .py with a few stray NULs is text, so it is analysed and its NULs reported.
bool looks_binary(std::string_view head) noexcept;

// A Python-named file is skipped as binary only when it looks binary and has a NUL byte:
// CPython refuses to run source with NUL bytes, so such a file cannot execute. Without one,
// control bytes are legal in string literals and the file is analysed: skipping it would let
// hostile code hide behind a few kilobytes of "\x01".
bool cannot_be_python_source(std::string_view head) noexcept;

// The skip detail for a file over the size limit; one wording wherever it is detected.
std::string too_large_detail(std::uint64_t size, std::uint64_t limit);

}  // namespace warden::detail
