// Walking the paths a user gives to find the Python files to scan.
#include "discovery.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <set>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "source.hpp"
#include "warden/scanner.hpp"

namespace warden::detail {
namespace {

namespace fs = std::filesystem;

// Bytes read from an extension-less file to find a shebang; Linux reads at most 256.
constexpr std::size_t kShebangHead = 256;

std::string os_message(int error) { return std::generic_category().message(error); }

// A path as reported: bytes that are not valid UTF-8, control bytes and the backslash
// become \xNN / \\, so a hostile file name can neither break JSON output nor drive a
// terminal, and two different names never print the same.
std::string printable(std::string_view raw) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(raw.size());
  while (!raw.empty()) {
    const auto byte = static_cast<unsigned char>(raw.front());
    const std::size_t length = utf8_sequence_length(raw);
    if (byte == '\\') {
      out += "\\\\";
    } else if (length == 0 || byte < 0x20 || byte == 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0Fu];
    } else {
      out.append(raw.substr(0, length));
      raw.remove_prefix(length);
      continue;
    }
    raw.remove_prefix(1);
  }
  return out;
}

std::string join(std::string_view base, std::string_view name) {
  std::string joined(base);
  if (!joined.empty() && !joined.ends_with('/')) joined += '/';
  joined += name;
  return joined;
}

// True when `inner` is `outer` or lies under it; both canonical.
bool is_within(const fs::path& inner, const fs::path& outer) {
  const auto mismatch = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return mismatch.first == outer.end();
}

bool has_python_extension(const fs::path& path) {
  const fs::path extension = path.extension();
  return extension == ".py" || extension == ".pyi";
}

// "#!/usr/bin/python3", "#!/usr/bin/env python", "#!/usr/bin/env -S python3 -u", "#!pypy3".
bool has_python_shebang(std::string_view head) {
  if (!head.starts_with("#!")) return false;
  std::string_view rest = head.substr(2, head.find('\n') - 2);
  const auto next_token = [&rest]() -> std::string_view {
    const std::size_t begin = std::min(rest.find_first_not_of(" \t\r"), rest.size());
    const std::size_t end = std::min(rest.find_first_of(" \t\r", begin), rest.size());
    const std::string_view token = rest.substr(begin, end - begin);
    rest.remove_prefix(end);
    return token;
  };
  const auto program = [](std::string_view token) { return token.substr(token.rfind('/') + 1); };
  std::string_view token = next_token();
  if (program(token) == "env") {
    do token = next_token();  // skip env's options and VAR=value settings
    while (token.starts_with('-') || token.find('=') != std::string_view::npos);
  }
  const std::string_view interpreter = program(token);
  return interpreter.starts_with("python") || interpreter.starts_with("pypy");
}

// Opens `path` for reading and, when `head` is given, reads its first bytes into it.
// Returns 0 or the errno. O_NONBLOCK: a file swapped for a FIFO after the walk must not
// hang the scan.
int read_head(const fs::path& path, std::string* head) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return errno;
  int error = 0;
  if (head != nullptr) {
    head->resize(kShebangHead);
    ssize_t count;
    do count = ::read(fd, head->data(), head->size());
    while (count < 0 && errno == EINTR);
    if (count < 0) error = errno;
    head->resize(count < 0 ? 0 : static_cast<std::size_t>(count));
  }
  ::close(fd);
  return error;
}

std::string describe_special(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo: return "FIFO";
    case fs::file_type::socket: return "socket";
    case fs::file_type::block: return "block device";
    case fs::file_type::character: return "character device";
    default: return "not a regular file or directory";
  }
}

// "pkg/sub/mod.py" -> "pkg.sub.mod"; "pkg/__init__.py" -> "pkg", a package; the root's own
// "__init__.py" -> "", the root package.
std::pair<std::string, bool> module_name(std::string_view relative) {
  std::string_view stem = relative;
  for (std::string_view suffix : {".pyi", ".py"}) {
    if (stem.ends_with(suffix)) {
      stem.remove_suffix(suffix.size());
      break;
    }
  }
  const std::size_t slash = stem.rfind('/');
  const bool is_package = stem.substr(slash + 1) == "__init__";
  if (is_package) stem = stem.substr(0, slash == std::string_view::npos ? 0 : slash);
  std::string module(stem);
  std::replace(module.begin(), module.end(), '/', '.');
  return {std::move(module), is_package};
}

class Walker {
 public:
  explicit Walker(const DiscoveryOptions& options) : options_(options) {}

  void add_root(const fs::path& given);
  Discovery finish() &&;

 private:
  struct Pending {
    fs::path path;         // to open
    std::string relative;  // printable, '/'-separated, from the root
  };

  void walk(const Pending& dir, bool top_level);
  void follow(const Pending& link);
  void add_file(const fs::path& path, std::string display, std::string_view relative, std::string identity,
                bool top_level);
  std::string display_of(std::string_view relative) const { return join(root_display_, relative); }
  void skip(std::string display, SkipReason reason, std::string detail) {
    result_.skipped.push_back({std::move(display), reason, std::move(detail)});
  }

  const DiscoveryOptions& options_;
  Discovery result_;
  std::set<std::pair<dev_t, ino_t>> walked_dirs_;   // across roots: loops and second links end here
  std::unordered_set<std::string> listed_files_;    // canonical paths of the files listed so far
  // The directory root being walked. Real directories are walked before any symlink is
  // followed, so a file reachable both ways is reported under its real path.
  fs::path root_canonical_;
  std::string root_display_;
  std::deque<Pending> dirs_;
  std::deque<Pending> links_;
};

void Walker::add_root(const fs::path& given) {
  const std::string given_display = printable(given.native());
  std::error_code error;
  const fs::file_status status = fs::status(given, error);
  if (error || !fs::exists(status)) {
    const std::string reason = error ? error.message() : os_message(ENOENT);
    throw ScanError("cannot scan '" + given_display + "': " + reason);
  }
  const fs::path canonical = fs::canonical(given, error);
  if (error) throw ScanError("cannot scan '" + given_display + "': " + error.message());

  if (fs::is_directory(status)) {
    root_canonical_ = canonical;
    root_display_ = given_display;
    while (root_display_.size() > 1 && root_display_.ends_with('/')) root_display_.pop_back();
    walk({given, ""}, /*top_level=*/true);
    while (!dirs_.empty() || !links_.empty()) {
      const bool link = dirs_.empty();
      std::deque<Pending>& queue = link ? links_ : dirs_;
      const Pending next = std::move(queue.front());
      queue.pop_front();
      link ? follow(next) : walk(next, /*top_level=*/false);
    }
  } else if (fs::is_regular_file(status)) {
    add_file(given, given_display, printable(given.filename().native()), canonical.native(), /*top_level=*/true);
  } else {
    skip(given_display, SkipReason::special_file, describe_special(status.type()));
  }
}

void Walker::walk(const Pending& dir, bool top_level) {
  const auto unreadable = [&](const std::string& message) {
    if (top_level) throw ScanError("cannot read directory '" + display_of(dir.relative) + "': " + message);
    skip(display_of(dir.relative), SkipReason::unreadable, "cannot read directory: " + message);
  };
  struct stat info {};
  if (::stat(dir.path.c_str(), &info) != 0) return unreadable(os_message(errno));
  if (!walked_dirs_.insert({info.st_dev, info.st_ino}).second) return;  // a loop, or reached before

  std::error_code error;
  fs::directory_iterator it(dir.path, error);
  if (error) return unreadable(error.message());
  std::vector<fs::directory_entry> entries;
  for (; !error && it != fs::directory_iterator(); it.increment(error)) entries.push_back(*it);
  // A listing that fails half-way is reported, and what was listed is still scanned.
  if (error) unreadable(error.message());
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path().native() < b.path().native(); });

  fs::path canonical_dir = fs::canonical(dir.path, error);
  if (error) canonical_dir = fs::absolute(dir.path, error);
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().native();
    if (name == ".git") continue;
    std::string relative = join(dir.relative, printable(name));
    const fs::file_status status = entry.symlink_status(error);
    if (error) {
      skip(display_of(relative), SkipReason::unreadable, error.message());
    } else if (fs::is_symlink(status)) {
      links_.push_back({entry.path(), std::move(relative)});
    } else if (fs::is_directory(status)) {
      dirs_.push_back({entry.path(), std::move(relative)});
    } else if (fs::is_regular_file(status)) {
      add_file(entry.path(), display_of(relative), relative, (canonical_dir / name).native(), false);
    } else {
      skip(display_of(relative), SkipReason::special_file, describe_special(status.type()));
    }
  }
}

void Walker::follow(const Pending& link) {
  std::error_code error;
  const fs::path target = fs::weakly_canonical(link.path, error);
  if (error) return skip(display_of(link.relative), SkipReason::unreadable, "cannot resolve symbolic link: " + error.message());
  if (!is_within(target, root_canonical_)) {
    return skip(display_of(link.relative), SkipReason::symlink_outside_root,
                "target " + printable(target.native()) + " is outside the scanned root");
  }
  const fs::file_status status = fs::status(link.path, error);
  if (error || !fs::exists(status)) {
    const std::string reason = error ? error.message() : os_message(ENOENT);
    return skip(display_of(link.relative), SkipReason::unreadable, "cannot follow symbolic link: " + reason);
  }
  if (fs::is_directory(status)) {
    dirs_.push_back(link);
  } else if (fs::is_regular_file(status)) {
    add_file(link.path, display_of(link.relative), link.relative, target.native(), false);
  } else {
    skip(display_of(link.relative), SkipReason::special_file, describe_special(status.type()));
  }
}

// Classifies a regular file by the name it was reached by: listed, or skipped with the
// reason. `identity` (its canonical path) makes a file listed once however often it is
// reached; only listing records it, so "evil.py -> evil.txt" is still listed after
// evil.txt was skipped. A top-level file that cannot be read throws.
void Walker::add_file(const fs::path& path, std::string display, std::string_view relative, std::string identity,
                      bool top_level) {
  const auto unreadable = [&](const std::string& message) {
    if (top_level) throw ScanError("cannot read '" + display + "': " + message);
    skip(std::move(display), SkipReason::unreadable, message);
  };

  FileKind kind = FileKind::python;
  bool opened = false;
  if (!has_python_extension(path)) {
    if (!path.extension().empty()) {
      if (!options_.other_files) return skip(std::move(display), SkipReason::not_python, "not a .py or .pyi file");
      kind = FileKind::other;
    } else {
      if (listed_files_.contains(identity)) return;
      std::string head;
      if (const int error = read_head(path, &head); error != 0) return unreadable(os_message(error));
      opened = true;
      if (!has_python_shebang(head)) {
        if (!options_.other_files) {
          return skip(std::move(display), SkipReason::not_python, "no .py extension and no python shebang");
        }
        kind = FileKind::other;
      }
    }
  }
  // A file reached as Python and as another file (a link "evil.py -> payload.txt") is listed
  // once as each: Python analysis must not be lost to the signature-only listing.
  if (kind == FileKind::other) identity.insert(0, "other:");
  if (listed_files_.contains(identity)) return;

  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) return unreadable(error.message());
  const std::uint64_t limit =
      kind == FileKind::other ? std::max(options_.max_file_size, options_.max_other_file_size) : options_.max_file_size;
  if (size > limit) return skip(std::move(display), SkipReason::too_large, too_large_detail(size, limit));
  if (!opened) {
    if (const int open_error = read_head(path, nullptr); open_error != 0) return unreadable(os_message(open_error));
  }

  listed_files_.insert(std::move(identity));
  if (kind == FileKind::other) {
    result_.files.push_back({path, std::move(display), std::string(), false, size, FileKind::other});
    return;
  }
  auto [module, is_package] = module_name(relative);
  result_.files.push_back({path, std::move(display), std::move(module), is_package, size, FileKind::python});
}

Discovery Walker::finish() && {
  std::stable_sort(result_.files.begin(), result_.files.end(),
                   [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.display < b.display; });
  result_.files.erase(std::unique(result_.files.begin(), result_.files.end(),
                                  [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.display == b.display; }),
                      result_.files.end());
  std::stable_sort(result_.skipped.begin(), result_.skipped.end(),
                   [](const SkippedFile& a, const SkippedFile& b) { return a.file < b.file; });
  result_.skipped.erase(std::unique(result_.skipped.begin(), result_.skipped.end(),
                                    [](const SkippedFile& a, const SkippedFile& b) {
                                      return a.file == b.file && a.reason == b.reason;
                                    }),
                        result_.skipped.end());
  return std::move(result_);
}

}  // namespace

Discovery discover(const std::vector<std::filesystem::path>& paths, const DiscoveryOptions& options) {
  Walker walker(options);
  for (const std::filesystem::path& path : paths) walker.add_root(path);
  return std::move(walker).finish();
}

// The head looks binary when, within its first 8000 bytes (the window git uses):
//  - more than 30% of the bytes are control bytes; or
//  - there is a NUL and the head is not mostly text: more than 16 control bytes, making up
//    more than 5% of the window.
// Control bytes are 0x00-0x1F and 0x7F, except \t \n \v \f \r and ESC (ANSI colours).
// So a .py with a few stray NULs stays text (it is analysed, with a diagnostic per NUL
// line), while .pyc files (60%+ control bytes), ELF objects (70%+) and images are binary.
bool looks_binary(std::string_view head) noexcept {
  const std::string_view window = head.substr(0, 8000);
  std::size_t controls = 0;
  bool has_nul = false;
  for (const char c : window) {
    const auto byte = static_cast<unsigned char>(c);
    const bool whitespace_or_escape = (byte >= '\t' && byte <= '\r') || byte == 0x1B;
    if ((byte < 0x20 && !whitespace_or_escape) || byte == 0x7F) ++controls;
    has_nul = has_nul || byte == 0;
  }
  if (controls * 10 > window.size() * 3) return true;
  return has_nul && controls > 16 && controls * 20 > window.size();
}

bool cannot_be_python_source(std::string_view head) noexcept {
  return head.find('\0') != std::string_view::npos && looks_binary(head);
}

std::string too_large_detail(std::uint64_t size, std::uint64_t limit) {
  return "size " + std::to_string(size) + " bytes exceeds the limit of " + std::to_string(limit) + " bytes";
}

}  // namespace warden::detail
