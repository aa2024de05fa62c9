// Finding the files to scan under the paths a user gives.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "warden/finding.hpp"

namespace warden::detail {

enum class FileKind : std::uint8_t { python };

struct DiscoveredFile {
  std::filesystem::path path;  // to open
  std::string display;         // to report: the given path joined with the relative path, '/'-separated
  std::string module;          // dotted module name relative to the scan root ("pkg.sub.mod", "pkg" for pkg/__init__.py)
  bool is_package = false;     // an __init__.py
  std::uint64_t size = 0;
  FileKind kind = FileKind::python;
};

struct DiscoveryOptions {
  std::uint64_t max_file_size = 10u << 20;
};

struct Discovery {
  std::vector<DiscoveredFile> files;  // sorted by display name, no duplicates
  std::vector<SkippedFile> skipped;   // sorted by file
};

// Walks each path (a file or a directory). Rules:
//  - `.git/` directories are not entered (and not listed);
//  - symlinks are followed only when their target lies inside the scanned root; others are
//    skipped with reason symlink_outside_root; a directory reached twice (a loop, or two
//    links to it) is walked once;
//  - Python files are *.py and *.pyi, and extension-less files with a python shebang;
//    every other regular file is skipped with reason not_python, without reading it (the
//    scanner skips a Python file as binary when looks_binary() says so after reading it);
//  - files over max_file_size are skipped with reason too_large; unreadable ones with
//    unreadable and the OS error; sockets, FIFOs and devices with special_file.
// Throws ScanError for a top-level path that does not exist.
Discovery discover(const std::vector<std::filesystem::path>& paths, const DiscoveryOptions& options);

// True when the first bytes look like a binary file rather than text (NULs, many control bytes).
bool looks_binary(std::string_view head) noexcept;

}  // namespace warden::detail
