// Whole scans: recovery from bad input, encodings, determinism across thread counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "warden/warden.hpp"

namespace warden {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> rules_at(const ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(std::to_string(f.range.start.line) + ":" + f.rule_id);
  return out;
}

std::vector<std::string> codes_at(const ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) {
    out.push_back(std::to_string(d.position.line) + ":" + std::to_string(d.position.column) + ":" + d.code);
  }
  return out;
}

ScanResult scan(std::string_view source) { return Scanner(RuleSet::builtin()).scan_buffer("t.py", source); }

TEST(Scanner, SyntaxErrorIsReportedAndTheRestIsStillAnalysed) {
  const auto r = scan("import os\ndef broken(:\n    pass\nos.system(cmd)\n");
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].code, "syntax-error");
  EXPECT_EQ(r.diagnostics[0].level, DiagnosticLevel::error);
  EXPECT_EQ(r.diagnostics[0].position.line, 2u);
  EXPECT_EQ(rules_at(r), std::vector<std::string>{"4:py-exec-os-system"});
}

TEST(Scanner, ManySyntaxErrorsAreCapped) {
  std::string source = "import os\n";
  for (int i = 0; i < 100; ++i) source += "def f(:\n";
  source += "os.system(c)\n";
  const auto r = scan(source);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_LE(r.diagnostics.size(), 21u);
  EXPECT_EQ(r.diagnostics.back().level, DiagnosticLevel::note);
}

TEST(Scanner, BomIsAcceptedWithoutDiagnostic) {
  const auto r = scan("\xEF\xBB\xBFimport os\nos.system(c)\n");
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].range.start, (Position{2, 1}));
}

TEST(Scanner, CrlfLineEndings) {
  const auto r = scan("import os\r\n\r\nos.system(c)\r\n");
  EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics[0].message;
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].range.start, (Position{3, 1}));
  EXPECT_EQ(r.findings[0].snippet, "os.system(c)");
}

TEST(Scanner, InvalidUtf8IsReportedAndTheFileStillAnalysed) {
  const auto r = scan("import os\nx = 'caf\xE9'\nos.system(c)\n");
  EXPECT_EQ(codes_at(r), std::vector<std::string>{"2:9:invalid-utf8"});
  EXPECT_EQ(rules_at(r), std::vector<std::string>{"3:py-exec-os-system"});
}

TEST(Scanner, DeclaredEncodingIsHonoured) {
  // Latin-1: 'caf\xE9' is "café"; Python reads it without error, and so do we.
  const auto r = scan("# -*- coding: latin-1 -*-\nimport os\nx = 'caf\xE9'; os.system(c)\n");
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].range.start, (Position{3, 13}));
  EXPECT_EQ(r.findings[0].snippet, "x = 'caf\xC3\xA9'; os.system(c)");
  // After a shebang, on line 2; a Japanese legacy encoding through iconv.
  const auto sjis = scan("#!/usr/bin/env python\n# coding=shift_jis\nimport os\ns = '\x93\xfa\x96\x7b'; os.system(c)\n");
  EXPECT_TRUE(sjis.diagnostics.empty());
  ASSERT_EQ(sjis.findings.size(), 1u);
  EXPECT_EQ(sjis.findings[0].range.start, (Position{4, 11}));  // 日本 is two columns, not four bytes
}

TEST(Scanner, UnknownOrWrongDeclaredEncodingIsAWarning) {
  const auto unknown = scan("# coding: no-such-codec\nimport os\nos.system(c)\n");
  ASSERT_EQ(unknown.diagnostics.size(), 1u);
  EXPECT_EQ(unknown.diagnostics[0].code, "encoding");
  EXPECT_EQ(unknown.diagnostics[0].level, DiagnosticLevel::warning);
  EXPECT_EQ(unknown.findings.size(), 1u);
  const auto utf16 = scan("# coding: utf-16\nimport os\nos.system(c)\n");
  ASSERT_FALSE(utf16.diagnostics.empty());
  EXPECT_EQ(utf16.diagnostics[0].code, "encoding");
  // A cookie after code does not count (PEP 263: first two lines, comments only before it).
  EXPECT_EQ(codes_at(scan("import os\n# coding: latin-1\nx = '\xE9'\n")), std::vector<std::string>{"3:6:invalid-utf8"});
}

TEST(Scanner, NulByteIsReportedAndTheFileStillAnalysed) {
  constexpr char source[] = "import os\nx = 1\0\nos.system(c)\n";
  const auto r = scan(std::string(source, sizeof source - 1));
  EXPECT_EQ(codes_at(r), std::vector<std::string>{"2:6:nul-byte"});
  EXPECT_EQ(rules_at(r), std::vector<std::string>{"3:py-exec-os-system"});
}

TEST(Scanner, MultiByteColumnsCountCodePoints) {
  const auto r = scan("import os\ns = 'é'; os.system(c)\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].range.start, (Position{2, 10}));  // é is one column
}

std::string random_bytes(std::mt19937& rng, std::string_view excluded) {
  std::string junk(static_cast<std::size_t>(rng() % 2000), '\0');
  for (auto& c : junk) {
    do c = static_cast<char>(rng() % 256);
    while (excluded.find(c) != std::string_view::npos);
  }
  return junk;
}

TEST(Scanner, RandomBytesNeverCrashAndAreReported) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 200; ++round) {
    const auto r = scan(random_bytes(rng, "") + "\nimport os\nos.system(x)\n");
    // An unclosed bracket or quote in the junk may swallow the code after it; never silently.
    EXPECT_TRUE(!r.findings.empty() || !r.diagnostics.empty());
  }
}

TEST(Scanner, CodeAfterCommonBreakageIsStillAnalysed) {
  const std::string breakages[] = {
      "x = )\n",
      "def f(:\n    pass\n",
      "x = $y\n",
      "if x\n    y = 1\n",
      "\x89PNG\x0d\x0a\x1a\x0a\x00\x00\x00\x0dIHDR\n",
  };
  for (const auto& broken : breakages) {
    const auto r = scan("import os\n" + broken + "os.system(x)\n");
    EXPECT_EQ(r.findings.size(), 1u) << broken;
    EXPECT_FALSE(r.diagnostics.empty()) << broken;
  }
}

// tree-sitter-python accepts some code CPython rejects (Python 2 print, a stray indent):
// no diagnostic for those yet, but the code around them is analysed.
TEST(Scanner, LenientlyParsedCodeIsAnalysed) {
  const std::string lenient[] = {"  badly_indented = 1\n", "print 'python 2'\n", "await await\n"};
  for (const auto& odd : lenient) {
    EXPECT_EQ(scan("import os\n" + odd + "os.system(x)\n").findings.size(), 1u) << odd;
  }
}

class ScanTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("warden-scan-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& relative, const std::string& content) {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }
  fs::path root_;
};

TEST_F(ScanTree, OutputIsIdenticalWhateverTheThreadCount) {
  for (int i = 0; i < 60; ++i) {
    write("pkg/m" + std::to_string(i) + ".py",
          "import os, pickle\nos.system(a)\npickle.loads(b)\ndef f(:\n" + std::string(static_cast<std::size_t>(i), '\n') +
              "eval(c)\n");
  }
  write("README.md", "# hi\n");
  std::string first;
  for (unsigned jobs : {1u, 2u, 3u, 8u}) {
    ScanOptions options;
    options.jobs = jobs;
    const auto r = Scanner(RuleSet::builtin(), options).scan({root_});
    std::ostringstream json;
    write_json(json, r, RuleSet::builtin());
    if (first.empty()) first = json.str();
    EXPECT_EQ(json.str(), first) << "jobs=" << jobs;
    EXPECT_EQ(r.findings.size(), 180u);
    // README.md is read too: the built-in signature checks scan every file.
    EXPECT_EQ(r.skipped.size(), 0u);
    EXPECT_EQ(r.analysed.size(), 61u);
  }
}

TEST_F(ScanTree, NamesResolveThroughOtherFilesOfTheTree) {
  write("model/__init__.py", "from .helpers import shell as run_shell\n");
  write("model/utils.py", "import os\nfrom os import system as run\n");
  write("model/helpers.py", "from .utils import run as shell\nfrom . import utils\n");
  write("model/modeling.py",
        "from .utils import os as o\n"
        "from .helpers import shell\n"
        "from model import run_shell\n"
        "from . import utils\n"
        "o.system(a)\n"             // model.utils.os.system -> os.system
        "shell(b)\n"                // model.helpers.shell -> model.utils.run -> os.system
        "run_shell(c)\n"            // through the package's __init__
        "utils.os.popen(d)\n"       // attribute chain through a module
        "def local():\n    pass\n"
        "local()\n");
  const auto r = Scanner(RuleSet::builtin()).scan({root_});
  EXPECT_EQ(rules_at(r), (std::vector<std::string>{"5:py-exec-os-system", "6:py-exec-os-system", "7:py-exec-os-system",
                                                   "8:py-exec-os-system"}));
  EXPECT_EQ(r.analysed.size(), 4u);
}

TEST_F(ScanTree, RulesOnEveryCallSeeCalleesResolvedThroughOtherFiles) {
  // Rules not indexed by one callee (a glob, a pattern before the call) are tried again on a
  // call once another file resolves it; a rule that held before is not reported twice.
  write("helpers.py", "import os\nset_mode = os.chmod\n");
  write("main.py", "from helpers import set_mode\nset_mode('x', 0o777)\n");
  const auto rules = RuleSet::from_text("r.rule", R"(
rule glob { title: "t" message: "m" severity: low confidence: low  match: call *.*chmod* }
rule pattern-first { title: "t" message: "m" severity: low confidence: low
  match: all { pattern `$F($P, $M)`  call os.chmod } }
rule any-call { title: "t" message: "m" severity: low confidence: low  match: all { pattern `$F($P, $M)`  call *.* } }
)");
  const auto r = Scanner(rules).scan({root_});
  EXPECT_EQ(rules_at(r), (std::vector<std::string>{"2:any-call", "2:glob", "2:pattern-first"}));
}

TEST_F(ScanTree, ImportCyclesBetweenFilesTerminate) {
  write("a.py", "from b import f\nf(x)\n");
  write("b.py", "from a import f\nf(y)\n");
  const auto r = Scanner(RuleSet::builtin()).scan({root_});
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.analysed.size(), 2u);
}

TEST_F(ScanTree, BinaryPythonFileIsSkippedWithReason) {
  write("a.py", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0", 24) + std::string(200, '\0'));
  write("b.py", "import os\nos.system(x)\n");
  const auto r = Scanner(RuleSet::builtin()).scan({root_});
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].reason, SkipReason::binary);
  EXPECT_EQ(r.findings.size(), 1u);
}

TEST_F(ScanTree, ControlBytesInStringsCannotHideAFile) {
  // Legal Python: control bytes inside a literal. It must be analysed, not skipped as binary.
  write("hide.py", "x = '" + std::string(6000, '\x01') + "'\nimport os\nos.system(x)\n");
  const auto r = Scanner(RuleSet::builtin()).scan({root_});
  EXPECT_TRUE(r.skipped.empty());
  EXPECT_EQ(r.findings.size(), 1u);
}

TEST_F(ScanTree, TooLargeFileIsSkippedWithReason) {
  write("big.py", std::string(5000, '#'));
  ScanOptions options;
  options.max_file_size = 1000;
  const auto r = Scanner(RuleSet::builtin(), options).scan({root_});
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].reason, SkipReason::too_large);
}

TEST(ScannerErrors, MissingPathThrows) {
  EXPECT_THROW((void)Scanner(RuleSet::builtin()).scan({"/no/such/path/warden"}), ScanError);
}

}  // namespace
}  // namespace warden
