// discover(): what is listed, what is skipped and why, names, order; and looks_binary().
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <string>
#include <vector>

#include "discovery.hpp"
#include "warden/scanner.hpp"

namespace warden::detail {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

// A fresh directory tree under the system temp directory, removed afterwards.
class DiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    base_ = fs::temp_directory_path() /
            ("warden-discovery-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(base_);
    root_ = base_ / "root";
    fs::create_directories(root_);
  }
  void TearDown() override {
    // Restore permissions a test removed, so the tree can be deleted.
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(base_, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (!it->is_symlink()) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
    }
    fs::remove_all(base_, error);
  }

  fs::path write(const fs::path& relative, std::string_view content = "x = 1\n") const {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  Discovery run(const DiscoveryOptions& options = {}) const { return discover({root_}, options); }

  std::string shown(const fs::path& relative) const { return root_.string() + "/" + relative.string(); }

  static std::vector<std::string> displays(const Discovery& found) {
    std::vector<std::string> names;
    for (const DiscoveredFile& file : found.files) names.push_back(file.display);
    return names;
  }

  const SkippedFile* skipped(const Discovery& found, const fs::path& relative) const {
    const std::string name = shown(relative);
    for (const SkippedFile& file : found.skipped) {
      if (file.file == name) return &file;
    }
    return nullptr;
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(DiscoveryTest, NestedDirectoriesAndModuleNames) {
  write("top.py");
  write("stubs.pyi");
  write("__init__.py");
  write("pkg/__init__.py");
  write("pkg/sub/__init__.pyi");
  write("pkg/sub/mod.py", "import os\n");
  write("pkg/sub/deeper/leaf.py");

  const Discovery found = run();
  EXPECT_TRUE(found.skipped.empty());
  ASSERT_EQ(displays(found), (std::vector<std::string>{shown("__init__.py"), shown("pkg/__init__.py"),
                                                       shown("pkg/sub/__init__.pyi"), shown("pkg/sub/deeper/leaf.py"),
                                                       shown("pkg/sub/mod.py"), shown("stubs.pyi"), shown("top.py")}));
  using Module = std::pair<std::string, bool>;
  const auto module = [&](std::size_t i) { return Module{found.files[i].module, found.files[i].is_package}; };
  EXPECT_EQ(module(0), (Module{"", true}));  // the root's own package
  EXPECT_EQ(module(1), (Module{"pkg", true}));
  EXPECT_EQ(module(2), (Module{"pkg.sub", true}));
  EXPECT_EQ(module(3), (Module{"pkg.sub.deeper.leaf", false}));
  EXPECT_EQ(module(4), (Module{"pkg.sub.mod", false}));
  EXPECT_EQ(module(5), (Module{"stubs", false}));
  EXPECT_EQ(module(6), (Module{"top", false}));
  EXPECT_EQ(found.files[4].size, 10u);
  EXPECT_EQ(found.files[4].path, root_ / "pkg/sub/mod.py");
  EXPECT_EQ(found.files[4].kind, FileKind::python);
}

TEST_F(DiscoveryTest, DisplayJoinsTheGivenPathWithoutDoubleSlash) {
  write("pkg/a.py");
  const Discovery found = discover({root_.string() + "/"}, {});
  EXPECT_EQ(displays(found), std::vector<std::string>{shown("pkg/a.py")});
}

TEST_F(DiscoveryTest, FileGivenDirectly) {
  const fs::path file = write("pkg/model_utils.py", "pass\n");
  write("pkg/__init__.py");
  const Discovery found = discover({file}, {});
  ASSERT_EQ(found.files.size(), 1u);
  EXPECT_EQ(found.files[0].display, file.string());
  EXPECT_EQ(found.files[0].module, "model_utils");
  EXPECT_FALSE(found.files[0].is_package);
  EXPECT_EQ(found.files[0].size, 5u);
}

TEST_F(DiscoveryTest, MissingTopLevelPathThrowsWithThePath) {
  const fs::path missing = root_ / "no-such-dir";
  try {
    discover({missing}, {});
    FAIL() << "expected ScanError";
  } catch (const ScanError& error) {
    EXPECT_NE(std::string(error.what()).find(missing.string()), std::string::npos) << error.what();
  }
  EXPECT_THROW(discover({root_, root_ / "gone.py"}, {}), ScanError);
}

TEST_F(DiscoveryTest, NonPythonFilesAreSkipped) {
  write("README.md", "# hi\n");
  write("model.safetensors", "\x01\x02");
  write("cache/mod.cpython-311.pyc", "\x6f\x0d\x0d\x0a");
  write("LICENSE", "MIT\n");
  write("mod.py");
  const Discovery found = run();
  EXPECT_EQ(displays(found), std::vector<std::string>{shown("mod.py")});
  ASSERT_EQ(found.skipped.size(), 4u);
  for (const SkippedFile& file : found.skipped) EXPECT_EQ(file.reason, SkipReason::not_python) << file.file;
  EXPECT_EQ(found.skipped[0].file, shown("LICENSE"));  // sorted by name
}

TEST_F(DiscoveryTest, ShebangMakesAnExtensionlessFilePython) {
  write("bin/env_python", "#!/usr/bin/env python3\nprint(1)\n");
  write("bin/env_options", "#!/usr/bin/env -S PYTHONPATH=. python3 -u\n");
  write("bin/direct", "#! /opt/conda/bin/python3.11\n");
  write("bin/pypy", "#!/usr/bin/pypy3\r\n");
  write("bin/shell", "#!/bin/sh\necho python\n");
  write("bin/no_shebang", "print(1)\n");
  write("bin/empty", "");
  write("notes.txt", "#!/usr/bin/env python\n");  // an extension that is not .py decides

  const Discovery found = run();
  EXPECT_EQ(displays(found), (std::vector<std::string>{shown("bin/direct"), shown("bin/env_options"),
                                                       shown("bin/env_python"), shown("bin/pypy")}));
  EXPECT_EQ(found.files[2].module, "bin.env_python");
  for (const char* name : {"bin/shell", "bin/no_shebang", "bin/empty", "notes.txt"}) {
    const SkippedFile* file = skipped(found, name);
    ASSERT_NE(file, nullptr) << name;
    EXPECT_EQ(file->reason, SkipReason::not_python);
  }
}

TEST_F(DiscoveryTest, TooLargeFilesAreSkippedWithSizeAndLimit) {
  write("big.py", std::string(11, '#'));
  write("fits.py", std::string(10, '#'));
  DiscoveryOptions options;
  options.max_file_size = 10;
  const Discovery found = run(options);
  EXPECT_EQ(displays(found), std::vector<std::string>{shown("fits.py")});
  const SkippedFile* big = skipped(found, "big.py");
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->reason, SkipReason::too_large);
  EXPECT_NE(big->detail.find("11"), std::string::npos) << big->detail;
  EXPECT_NE(big->detail.find("10"), std::string::npos) << big->detail;
}

TEST_F(DiscoveryTest, UnreadableFilesAndDirectoriesAreSkippedWithTheOsError) {
  const fs::path secret = write("secret.py");
  write("locked/inner.py");
  write("open.py");
  fs::permissions(secret, fs::perms::none);
  fs::permissions(root_ / "locked", fs::perms::none);
  if (std::ifstream(secret).is_open()) {
    GTEST_SKIP() << "running with privileges that ignore file permissions (root?): chmod 000 does not block reads";
  }
  const Discovery found = run();
  EXPECT_EQ(displays(found), std::vector<std::string>{shown("open.py")});
  const SkippedFile* file = skipped(found, "secret.py");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->reason, SkipReason::unreadable);
  EXPECT_NE(file->detail.find("ermission denied"), std::string::npos) << file->detail;
  const SkippedFile* dir = skipped(found, "locked");
  ASSERT_NE(dir, nullptr);
  EXPECT_EQ(dir->reason, SkipReason::unreadable);
  EXPECT_NE(dir->detail.find("ermission denied"), std::string::npos) << dir->detail;
  // Given directly, the user asked for them: an error, not a skip.
  EXPECT_THROW(discover({secret}, {}), ScanError);
  EXPECT_THROW(discover({root_ / "locked"}, {}), ScanError);
}

TEST_F(DiscoveryTest, FifoIsASpecialFileAndIsNotOpened) {
  write("mod.py");
  ASSERT_EQ(::mkfifo((root_ / "pipe.py").c_str(), 0600), 0);
  const Discovery found = run();  // would block forever if the FIFO were opened
  EXPECT_EQ(displays(found), std::vector<std::string>{shown("mod.py")});
  const SkippedFile* fifo = skipped(found, "pipe.py");
  ASSERT_NE(fifo, nullptr);
  EXPECT_EQ(fifo->reason, SkipReason::special_file);
  EXPECT_EQ(fifo->detail, "FIFO");
}

TEST_F(DiscoveryTest, SymlinksOutOfTheRootAreNotFollowed) {
  const fs::path outside = base_ / "outside";
  fs::create_directories(outside);
  std::ofstream(outside / "stolen.py") << "x = 1\n";
  fs::create_symlink(outside / "stolen.py", root_ / "link.py");
  fs::create_directory_symlink(outside, root_ / "linked_dir");
  fs::create_symlink("../outside/stolen.py", root_ / "relative.py");
  write("mod.py");

  const Discovery found = run();
  EXPECT_EQ(displays(found), std::vector<std::string>{shown("mod.py")});
  for (const char* name : {"link.py", "linked_dir", "relative.py"}) {
    const SkippedFile* link = skipped(found, name);
    ASSERT_NE(link, nullptr) << name;
    EXPECT_EQ(link->reason, SkipReason::symlink_outside_root);
    EXPECT_NE(link->detail.find("outside"), std::string::npos) << link->detail;
  }
}

TEST_F(DiscoveryTest, SymlinkLoopsTerminateAndFilesAreListedOnce) {
  write("y.py");
  write("sub/x.py");
  fs::create_directory_symlink(".", root_ / "a");
  fs::create_directory_symlink("../", root_ / "sub" / "b");
  const Discovery found = run();
  EXPECT_EQ(displays(found), (std::vector<std::string>{shown("sub/x.py"), shown("y.py")}));
  EXPECT_TRUE(found.skipped.empty());
}

TEST_F(DiscoveryTest, SymlinksInsideTheRootListTheRealPathOnce) {
  write("pkg/real.py");
  write("pkg/impl/core.py");
  fs::create_symlink("pkg/real.py", root_ / "alias.py");           // sorts before pkg/
  fs::create_directory_symlink("pkg/impl", root_ / "aaa_impl");   // likewise
  const Discovery found = run();
  EXPECT_EQ(displays(found), (std::vector<std::string>{shown("pkg/impl/core.py"), shown("pkg/real.py")}));
  EXPECT_EQ(found.files[0].module, "pkg.impl.core");
  EXPECT_TRUE(found.skipped.empty());
}

TEST_F(DiscoveryTest, PythonNamedSymlinkToANonPythonFileIsListed) {
  // Python imports evil.py, whatever the target is called: the link must be analysed.
  write("payload.txt", "import os\n");
  fs::create_symlink("payload.txt", root_ / "evil.py");
  const Discovery found = run();
  EXPECT_EQ(displays(found), std::vector<std::string>{shown("evil.py")});
  EXPECT_EQ(found.files[0].module, "evil");
  ASSERT_NE(skipped(found, "payload.txt"), nullptr);
}

TEST_F(DiscoveryTest, BrokenAndSelfReferentialSymlinksAreReported) {
  fs::create_symlink("missing.py", root_ / "dangling.py");
  fs::create_symlink("self.py", root_ / "self.py");
  const Discovery found = run();
  EXPECT_TRUE(found.files.empty());
  for (const char* name : {"dangling.py", "self.py"}) {
    const SkippedFile* link = skipped(found, name);
    ASSERT_NE(link, nullptr) << name;
    EXPECT_EQ(link->reason, SkipReason::unreadable);
  }
}

TEST_F(DiscoveryTest, RootGivenAsASymlinkIsFollowed) {
  write("pkg/mod.py");
  const fs::path link = base_ / "root_link";
  fs::create_directory_symlink(root_, link);
  const Discovery found = discover({link}, {});
  ASSERT_EQ(found.files.size(), 1u);
  EXPECT_EQ(found.files[0].display, link.string() + "/pkg/mod.py");
  EXPECT_EQ(found.files[0].module, "pkg.mod");
}

TEST_F(DiscoveryTest, GitDirectoriesAreIgnored) {
  write(".git/hooks/pre-commit.py");
  write(".git/config", "[core]\n");
  write("vendor/.git/x.py");
  write("mod.py");
  const Discovery found = run();
  EXPECT_EQ(displays(found), std::vector<std::string>{shown("mod.py")});
  EXPECT_TRUE(found.skipped.empty());
}

TEST_F(DiscoveryTest, OverlappingRootsListEachFileOnce) {
  write("pkg/a.py");
  write("b.py");
  const Discovery found = discover({root_, root_ / "pkg", root_ / "b.py"}, {});
  EXPECT_EQ(displays(found), (std::vector<std::string>{shown("b.py"), shown("pkg/a.py")}));
  EXPECT_EQ(found.files[1].module, "pkg.a");
}

TEST_F(DiscoveryTest, HostileNamesAreEscapedForDisplay) {
  write("bad\xFF\x1B[2J\\.py");
  const Discovery found = run();
  ASSERT_EQ(found.files.size(), 1u);
  EXPECT_EQ(found.files[0].display, shown("bad\\xFF\\x1B[2J\\\\.py"));
  EXPECT_EQ(found.files[0].path, root_ / "bad\xFF\x1B[2J\\.py");  // still opens the real name
}

TEST_F(DiscoveryTest, OrderIsDeterministicAndSorted) {
  for (const char* name : {"z.py", "a/b.py", "m.py", "a.py", "B.py", "a/a/z.py", "zz/notes.md", "k.bin"}) write(name);
  const Discovery first = run();
  const Discovery second = run();
  EXPECT_EQ(displays(first), displays(second));
  EXPECT_TRUE(std::is_sorted(first.files.begin(), first.files.end(),
                             [](const auto& a, const auto& b) { return a.display < b.display; }));
  EXPECT_TRUE(std::is_sorted(first.skipped.begin(), first.skipped.end(),
                             [](const auto& a, const auto& b) { return a.file < b.file; }));
  EXPECT_EQ(first.files.size(), 6u);
  EXPECT_EQ(first.skipped.size(), 2u);
}

TEST(LooksBinary, TextIsNotBinary) {
  EXPECT_FALSE(looks_binary(""));
  EXPECT_FALSE(looks_binary("import os\n\tx = 1\r\n\f\v"));
  EXPECT_FALSE(looks_binary("print('\x1B[31mred\x1B[0m')\n"));
  EXPECT_FALSE(looks_binary("s = 'caf\xC3\xA9'\n"));
}

TEST(LooksBinary, PythonWithAStrayNulIsText) {
  EXPECT_FALSE(looks_binary("x = 1\0\n"s));
  std::string source(2000, 'a');
  for (std::size_t at = 0; at < source.size(); at += 200) source[at] = '\0';
  EXPECT_FALSE(looks_binary(source));  // 10 NULs
}

TEST(LooksBinary, CompiledAndExecutableFilesAreBinary) {
  // A .pyc header (magic, flags, mtime, size) and the start of its marshalled code object.
  const std::string pyc = "\xCB\x0D\x0D\x0A\0\0\0\0\x12\x34\x56\x65\x10\0\0\0\xE3\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                          "\0\x02\0\0\0\0\0\0\0\xF3\x0A\0\0\0\x97\0\x64\0\x5A\0\x79\x01)\x02N\xDA\x01x"s;
  EXPECT_TRUE(looks_binary(pyc));
  std::string elf = "\x7F" "ELF\x02\x01\x01"s;
  elf.resize(4096, '\0');
  EXPECT_TRUE(looks_binary(elf));
}

TEST(LooksBinary, ManyControlBytesWithoutNul) {
  std::string text(100, 'a');
  std::fill_n(text.begin(), 31, '\x01');
  EXPECT_TRUE(looks_binary(text));
  std::fill_n(text.begin(), 100, 'a');
  std::fill_n(text.begin(), 30, '\x01');
  EXPECT_FALSE(looks_binary(text));  // exactly 30% is not more than 30%
}

TEST(LooksBinary, OnlyTheFirst8000BytesCount) {
  std::string text(8000, 'a');
  text += std::string(8000, '\0');
  EXPECT_FALSE(looks_binary(text));
}

}  // namespace
}  // namespace warden::detail
