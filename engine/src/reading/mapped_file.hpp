// A file's bytes mapped read-only into memory, for files too large to copy (serialized
// weights run to gigabytes): the kernel pages them in as they are read, so a scan's memory
// does not grow with the file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace warden::detail {

class MappedFile {
 public:
  // Maps the whole file; nullopt and the OS's error when it cannot be opened or mapped.
  static std::optional<MappedFile> open(const std::filesystem::path& path, std::string& error);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const noexcept { return {static_cast<const char*>(data_), size_}; }

 private:
  MappedFile(void* data, std::size_t size) noexcept : data_(data), size_(size) {}
  void* data_ = nullptr;  // null for an empty file
  std::size_t size_ = 0;
};

// The first `n` bytes of a file (fewer when it is shorter); nullopt and the OS's error when it
// cannot be read.
std::optional<std::string> read_file_head(const std::filesystem::path& path, std::size_t n, std::string& error);

}  // namespace warden::detail
