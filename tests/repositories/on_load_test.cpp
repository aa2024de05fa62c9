// Model-repository mode: which findings run when the model loads, with the call chain from
// the entry point, on the samples in examples/ and on small trees written here.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>

#include "temp_tree.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

const fs::path kExamples = fs::path(WARDEN_SOURCE_DIR) / "examples";

const Finding* find(const ScanResult& result, const std::string& file_suffix, std::uint32_t line) {
  for (const auto& f : result.findings) {
    if (f.file.ends_with(file_suffix) && f.range.start.line == line) return &f;
  }
  return nullptr;
}

// Each chain step as "file:line: message", the file without its directory.
Lines chain_of(const Finding& f) {
  Lines out;
  for (const auto& s : f.load_chain) {
    out.push_back(fs::path(s.file).filename().string() + ":" + std::to_string(s.range.start.line) + ": " + s.message);
  }
  return out;
}

ScanResult scan(const fs::path& dir, ScanOptions options = {}) {
  return Scanner(RuleSet::builtin(), std::move(options)).scan({dir});
}

TEST(OnLoad, MaliciousSamplePayloadRunsOnLoadThroughThreeCalls) {
  const ScanResult result = scan(kExamples / "malicious-custom-model");
  const Finding* exec = find(result, "kernels_lumi.py", 62);
  ASSERT_NE(exec, nullptr);
  EXPECT_EQ(exec->on_load, OnLoad::yes);
  const Lines chain = chain_of(*exec);
  ASSERT_GE(chain.size(), 4u);
  EXPECT_TRUE(chain.front().starts_with("config.json:5: entry point: config.json 'auto_map.AutoModel' loads 'modeling_lumi.LumiModel'"))
      << chain.front();
  EXPECT_EQ(Lines(chain.end() - 3, chain.end()),
            (Lines{"modeling_lumi.py:103: calls 'kernels_lumi._setup_kernels'", "kernels_lumi.py:107: calls 'kernels_lumi._warm_cache'",
                   "kernels_lumi.py:73: calls 'kernels_lumi._compile'"}));
  ASSERT_EQ(result.repositories.size(), 1u);
  const RepositorySummary& repo = result.repositories[0];
  ASSERT_EQ(repo.remote_references.size(), 2u);
  EXPECT_EQ(repo.remote_references[0].kind, "repo");
  EXPECT_EQ(repo.remote_references[0].target, "other-org/helper-repo");
  EXPECT_EQ(repo.remote_references[1].kind, "url");
  EXPECT_EQ(repo.remote_references[1].target, "https://attacker.invalid/collect");
  EXPECT_TRUE(repo.remote_references[1].declared_in.ends_with("kernels_lumi.py"));
  EXPECT_GE(repo.on_load_findings[static_cast<int>(Severity::high)], 1u);
  // On-load findings come first.
  EXPECT_EQ(result.findings.front().on_load, OnLoad::yes);
}

TEST(OnLoad, BenignSampleHasNoHighSeverityFindingOnLoad) {
  const ScanResult result = scan(kExamples / "benign-custom-model");
  ASSERT_EQ(result.repositories.size(), 1u);
  for (const Finding& f : result.findings) {
    EXPECT_FALSE(f.on_load == OnLoad::yes && f.severity >= Severity::high) << f.file << ":" << f.range.start.line;
    if (f.file.ends_with("train.py")) {
      EXPECT_EQ(f.on_load, OnLoad::no) << f.range.start.line;
    }
  }
  const auto& files = result.repositories[0].files_on_load;
  EXPECT_TRUE(std::none_of(files.begin(), files.end(), [](const std::string& f) { return f.ends_with("train.py"); }));
  EXPECT_TRUE(std::any_of(files.begin(), files.end(), [](const std::string& f) { return f.ends_with("utils_tiny.py"); }));
}

TEST(OnLoad, TorchHubEntryFunctionsAndOnLoadOnly) {
  const ScanResult all = scan(kExamples / "torch-hub-repo");
  const Finding* load = find(all, "hubconf.py", 53);
  const Finding* make = find(all, "resnet_tiny.py", 82);
  ASSERT_NE(load, nullptr);
  ASSERT_NE(make, nullptr);
  EXPECT_EQ(load->on_load, OnLoad::yes);
  EXPECT_EQ(chain_of(*load).front(), "hubconf.py:39: entry point: torch.hub.load runs 'hubconf.tiny_resnet_wide' (hubconf.py)");
  EXPECT_EQ(make->on_load, OnLoad::no);
  // hubconf.py's `from models.resnet_tiny import BasicBlock, ResNetTiny` entries resolve there.
  ASSERT_EQ(all.repositories.size(), 1u);
  for (const auto& e : all.repositories[0].entry_points) EXPECT_TRUE(e.found) << e.target;
  ScanOptions options;
  options.on_load_only = true;
  const ScanResult only = scan(kExamples / "torch-hub-repo", options);
  ASSERT_FALSE(only.findings.empty());
  for (const Finding& f : only.findings) EXPECT_EQ(f.on_load, OnLoad::yes);
  EXPECT_EQ(find(only, "resnet_tiny.py", 82), nullptr);
}

using Tree = testing::TempTree;

TEST(OnLoad, ImportsClassBodiesAndInheritedMethods) {
  const Tree tree({{"config.json", R"({"auto_map": {"AutoModel": "modeling_m.M"}})"},
                   {"modeling_m.py",
                    "import os\n"
                    "from .base import Base\n"
                    "class M(Base):\n"
                    "    os.system('class body')\n"
                    "    def forward(self, x):\n"
                    "        os.system(x)\n"},
                   {"base.py",
                    "import os\n"
                    "class Base:\n"
                    "    def __init__(self, config):\n"
                    "        os.system(config.cmd)\n"},
                   {"unused.py", "import os\nos.system('never imported')\n"}});
  const ScanResult result = scan(tree.root());
  const auto on_load_at = [&](const std::string& file, std::uint32_t line) {
    const Finding* f = find(result, file, line);
    return f ? std::string(to_string(f->on_load)) : std::string("none");
  };
  EXPECT_EQ(on_load_at("modeling_m.py", 4), "yes");  // class body: runs on import
  EXPECT_EQ(on_load_at("modeling_m.py", 6), "no");   // forward: called at inference, not on load
  EXPECT_EQ(on_load_at("base.py", 4), "yes");        // inherited __init__
  EXPECT_EQ(on_load_at("unused.py", 2), "no");
  // The class-body finding's chain starts at the config entry, in config.json.
  const Finding* body = find(result, "modeling_m.py", 4);
  ASSERT_NE(body, nullptr);
  ASSERT_FALSE(body->load_chain.empty());
  EXPECT_TRUE(body->load_chain.front().file.ends_with("config.json"));
}

// A branch that constants on the load path decide is followed on its taken side only; one a
// config value decides keeps both.
TEST(OnLoad, BranchesConstantsDecideAreFollowedOnTheirTakenSideOnly) {
  const Tree tree({{"config.json", R"({"auto_map": {"AutoModel": "modeling_m.M"}})"},
                   {"modeling_m.py",
                    "import os\n"
                    "class M:\n"
                    "    def __init__(self, config):\n"
                    "        self.setup(use_kernels=False)\n"
                    "        self.build(None)\n"
                    "        self.tune(config.fast)\n"
                    "        plain(True)\n"
                    "    def setup(self, use_kernels=True):\n"
                    "        if use_kernels:\n"
                    "            os.system('kernels')\n"
                    "        else:\n"
                    "            os.system('no kernels')\n"
                    "        if use_kernels:\n"
                    "            self.compile_kernels()\n"
                    "    def compile_kernels(self):\n"
                    "        os.system('nvcc kernels.cu')\n"
                    "    def build(self, cache_dir):\n"
                    "        if cache_dir is not None:\n"
                    "            os.system('build into cache')\n"
                    "        if not cache_dir:\n"
                    "            os.system('no cache')\n"
                    "    def tune(self, fast=False):\n"
                    "        if fast:\n"
                    "            os.system('fast')\n"
                    "def plain(flag=False):\n"
                    "    if flag:\n"
                    "        os.system('flag')\n"
                    "    if not flag:\n"
                    "        os.system('no flag')\n"}});
  const ScanResult result = scan(tree.root());
  const auto on_load_at = [&](std::uint32_t line) {
    const Finding* f = find(result, "modeling_m.py", line);
    return f ? std::string(to_string(f->on_load)) : std::string("none");
  };
  EXPECT_EQ(on_load_at(10), "no");   // use_kernels=False is passed: the if is not taken
  EXPECT_EQ(on_load_at(12), "yes");  // its else is
  EXPECT_EQ(on_load_at(16), "no");   // nor is the function only that if calls
  EXPECT_EQ(on_load_at(19), "no");   // cache_dir is None
  EXPECT_EQ(on_load_at(21), "yes");
  EXPECT_EQ(on_load_at(24), "yes");  // config.fast: not known, both sides stay
  EXPECT_EQ(on_load_at(27), "yes");  // plain(True)
  EXPECT_EQ(on_load_at(29), "no");
}

TEST(OnLoad, DecoratorsMetaclassesAndModuleGetattrRunOnLoad) {
  const Tree tree({{"config.json", R"({"auto_map": {"AutoModel": "modeling_m.M"}})"},
                   {"modeling_m.py",
                    "import os\n"
                    "from .hooks import register, Meta\n"
                    "@register\n"
                    "class M(metaclass=Meta):\n"
                    "    pass\n"
                    "def __getattr__(name):\n"
                    "    os.system(name)\n"},
                   {"hooks.py",
                    "import os\n"
                    "def register(cls):\n"
                    "    os.system('decorator')\n"
                    "    return cls\n"
                    "class Meta(type):\n"
                    "    def __new__(mcs, name, bases, ns):\n"
                    "        os.system('metaclass new')\n"
                    "        return super().__new__(mcs, name, bases, ns)\n"
                    "    def __init__(cls, name, bases, ns):\n"
                    "        os.system('metaclass init')\n"
                    "    def helper(cls):\n"
                    "        os.system('never called')\n"}});
  const ScanResult result = scan(tree.root());
  const auto on_load_at = [&](const std::string& file, std::uint32_t line) {
    const Finding* f = find(result, file, line);
    return f ? std::string(to_string(f->on_load)) : std::string("none");
  };
  EXPECT_EQ(on_load_at("hooks.py", 3), "yes");    // the decorator
  EXPECT_EQ(on_load_at("hooks.py", 7), "yes");    // the metaclass's __new__
  EXPECT_EQ(on_load_at("hooks.py", 10), "yes");   // and __init__
  EXPECT_EQ(on_load_at("hooks.py", 12), "no");
  EXPECT_EQ(on_load_at("modeling_m.py", 7), "yes");  // a module's __getattr__
}

TEST(OnLoad, ConventionEntriesPointAtTheirOwnModule) {
  const Tree tree({{"config.json", R"({"model_type": "x", "auto_map": {}})"},
                   {"modeling_a.py", "import os\nos.system(cmd)\n"},
                   {"hubconf.py", "dependencies = []\n"}});
  const ScanResult result = scan(tree.root());
  const Finding* f = find(result, "modeling_a.py", 2);
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->on_load, OnLoad::yes);
  ASSERT_FALSE(f->load_chain.empty());
  EXPECT_TRUE(f->load_chain.front().file.ends_with("modeling_a.py")) << f->load_chain.front().file;
}

TEST(OnLoad, RemoteReferencesInTheStringsOfCodeThatRunsOnLoad) {
  const Tree tree({{"config.json", R"({"auto_map": {"AutoModel": "modeling_m.M"}})"},
                   {"modeling_m.py",
                    "import subprocess\n"
                    "# https://in-a-comment.example/ is not a reference\n"
                    "URL = 'https://example.invalid/weights.bin'\n"
                    "subprocess.run('pip install evil-pkg==1.0 && echo', shell=True)\n"
                    "AGAIN = \"https://example.invalid/weights.bin\"\n"
                    "class M:\n"
                    "    pass\n"},
                   {"train.py", "URL = 'https://not-loaded.invalid/'\n"}});
  const ScanResult result = scan(tree.root());
  ASSERT_EQ(result.repositories.size(), 1u);
  std::vector<std::string> refs;
  for (const auto& r : result.repositories[0].remote_references) {
    refs.push_back(r.kind + " " + r.target + " " + std::to_string(r.position.line) + ":" + std::to_string(r.position.column));
  }
  EXPECT_EQ(refs, (std::vector<std::string>{"url https://example.invalid/weights.bin 3:8", "pip evil-pkg==1.0 4:29"}));
}

TEST(OnLoad, OutsideAModelRepositoryNothingIsMarked) {
  const Tree tree(std::map<std::string, std::string>{{"tool.py", "import os\nos.system(cmd)\n"}});
  const ScanResult result = scan(tree.root());
  EXPECT_TRUE(result.repositories.empty());
  ASSERT_FALSE(result.findings.empty());
  for (const Finding& f : result.findings) EXPECT_EQ(f.on_load, OnLoad::unknown);
}

TEST(OnLoad, MalformedConfigIsAPositionedDiagnosticAndTheScanGoesOn) {
  const Tree tree({{"config.json", "{\n  \"auto_map\": {\"AutoModel\": \"modeling_m.M\",}\n}\n"},
                   {"modeling_m.py", "import os\nos.system(cmd)\n"}});
  const ScanResult result = scan(tree.root());
  bool found = false;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.code == "model-config" && d.file.ends_with("config.json") && d.position.line == 2) found = true;
  }
  EXPECT_TRUE(found);
  EXPECT_FALSE(result.findings.empty());
}

}  // namespace
}  // namespace warden
