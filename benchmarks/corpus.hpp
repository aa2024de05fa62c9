// The benchmark corpus: $WARDEN_BENCH_CORPUS, else the CPython standard library (Debian's
// libpython3.11-stdlib), else examples/. Read once, kept in memory.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace warden::bench {

struct Corpus {
  std::vector<std::pair<std::string, std::string>> files;  // display, bytes
  std::size_t bytes = 0, lines = 0;
};

inline const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    namespace fs = std::filesystem;
    fs::path root = WARDEN_SOURCE_DIR "/examples";
    if (const char* env = std::getenv("WARDEN_BENCH_CORPUS")) root = env;
    else if (fs::exists("/usr/lib/python3.11/os.py")) root = "/usr/lib/python3.11";
    std::vector<fs::path> paths;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it) {
      if (it->is_regular_file() && it->path().extension() == ".py") paths.push_back(it->path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string bytes = ss.str();
      out.bytes += bytes.size();
      out.lines += static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
      out.files.emplace_back(p.string(), std::move(bytes));
    }
    return out;
  }();
  return c;
}

}  // namespace warden::bench
