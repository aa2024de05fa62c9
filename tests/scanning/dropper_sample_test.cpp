// examples/dropper-kernel-model: a compressed C source decoded at import, written into the
// modules cache, compiled with gcc and loaded with ctypes. The whole chain is one finding on
// load, with the decode, the write and the compile in its trace; each step also keeps its own
// rule. PAYLOAD.md lists the locations.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "temp_tree.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

const ScanResult& dropper_scan() {
  static const ScanResult result =
      Scanner(RuleSet::builtin()).scan({fs::path(WARDEN_SOURCE_DIR) / "examples" / "dropper-kernel-model"});
  return result;
}

std::string where(const std::string& file, const Position& p) {
  return fs::path(file).filename().string() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

TEST(DropperSample, TheChainIsOneFindingOnLoadWithEveryStep) {
  const auto& findings = dropper_scan().findings;
  const auto chain = std::find_if(findings.begin(), findings.end(),
                                  [](const Finding& f) { return f.rule_id == "py-drop-decoded-code-run"; });
  ASSERT_NE(chain, findings.end());
  EXPECT_EQ(where(chain->file, chain->range.start), "kernels_quill.py:35:36");
  EXPECT_EQ(chain->severity, Severity::critical);
  EXPECT_EQ(chain->on_load, OnLoad::yes);
  Lines steps;
  for (const TraceStep& s : chain->trace) steps.push_back(std::to_string(s.range.start.line) + ": " + s.message);
  ASSERT_EQ(steps.size(), 6u) << ::testing::PrintToString(steps);
  EXPECT_TRUE(steps[0].starts_with("18: source: ")) << steps[0];
  EXPECT_EQ(steps[2], "29: tainted value flows into 'source'");       // the decode
  EXPECT_EQ(steps[3], "31: tainted value flows into 'source_path'");  // the write
  EXPECT_EQ(steps[4], "34: tainted value flows into 'library_path'"); // the compile
  EXPECT_EQ(steps[5], "35: sink: library_path");                      // the load
  // On load through the import and the module-level instance.
  Lines load;
  for (const TraceStep& s : chain->load_chain) load.push_back(where(s.file, s.range.start) + " " + s.message);
  ASSERT_EQ(load.size(), 3u) << ::testing::PrintToString(load);
  EXPECT_EQ(load[1], "modeling_quill.py:1:1 imports 'kernels_quill'");
  EXPECT_EQ(load[2], "kernels_quill.py:43:17 creates an instance: runs 'kernels_quill._FusedRMSNorm.__init__'");
}

TEST(DropperSample, EachStepKeepsItsOwnRule) {
  Lines got;
  for (const Finding& f : dropper_scan().findings) {
    got.push_back(f.rule_id + "@" + where(f.file, f.range.start) + (f.on_load == OnLoad::yes ? " on load" : ""));
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Lines{"py-drop-decoded-code-run@kernels_quill.py:35:36 on load",
                        "py-mlhub-native-build@kernels_quill.py:34:9 on load",
                        "py-mlhub-native-library-load@kernels_quill.py:35:24 on load",
                        "py-payload-embedded-code@kernels_quill.py:18:5 on load"}));
  const auto blob = std::find_if(dropper_scan().findings.begin(), dropper_scan().findings.end(),
                                 [](const Finding& f) { return f.rule_id == "py-payload-embedded-code"; });
  ASSERT_TRUE(blob->decoded.has_value());
  EXPECT_EQ(blob->decoded->kind, "c-source");
  EXPECT_EQ(blob->decoded->chain, (Lines{"base64 (found by Warden)", "zlib (found by Warden)"}));
}

// The look-alike: a repository that builds a bundled, readable C file at import, in plain
// sight. Each native step is reported (high), but no drop chain (critical): nothing was decoded
// or downloaded.
TEST(DropperSample, AVisibleBuildOfABundledSourceIsNoDrop) {
  const testing::TempTree tree({{"config.json", R"({"auto_map": {"AutoModel": "modeling_k.K"}})"},
                       {"kernels/rmsnorm.c", "void rmsnorm(float *x, int n) { for (int i = 0; i < n; ++i) x[i] *= 2; }\n"},
                       {"modeling_k.py",
                        "import ctypes\n"
                        "import os\n"
                        "import subprocess\n"
                        "HERE = os.path.dirname(__file__)\n"
                        "SOURCE = os.path.join(HERE, 'kernels', 'rmsnorm.c')\n"
                        "LIBRARY = os.path.join(HERE, 'kernels', 'librmsnorm.so')\n"
                        "subprocess.run(['gcc', '-O2', '-shared', '-fPIC', SOURCE, '-o', LIBRARY], check=True)\n"
                        "LIB = ctypes.CDLL(LIBRARY)\n"
                        "class K:\n"
                        "    def __init__(self, config):\n"
                        "        self.config = config\n"}});
  const ScanResult result = Scanner(RuleSet::builtin()).scan({tree.root()});
  Lines got;
  for (const Finding& f : result.findings) {
    got.push_back(f.rule_id + "@" + where(f.file, f.range.start) + " " + std::string(to_string(f.severity)) +
                  (f.on_load == OnLoad::yes ? " on load" : ""));
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Lines{"py-mlhub-native-build@modeling_k.py:7:1 high on load",
                        "py-mlhub-native-library-load@modeling_k.py:8:7 high on load"}));
}

}  // namespace
}  // namespace warden
