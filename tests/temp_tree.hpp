// A tree of files in a fresh temporary directory, removed when the object goes: for tests
// that scan several files as one project.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace warden::testing {

class TempTree {
 public:
  // `files`: relative path -> contents; directories are created as needed.
  explicit TempTree(const std::map<std::string, std::string>& files) {
    static std::atomic<int> counter{0};
    root_ = std::filesystem::temp_directory_path() /
            ("warden-tree-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(root_);
    for (const auto& [path, text] : files) {
      std::filesystem::create_directories((root_ / path).parent_path());
      std::ofstream(root_ / path) << text;
    }
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  const std::filesystem::path& root() const noexcept { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace warden::testing
