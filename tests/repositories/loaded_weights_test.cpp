// Weights files that code running on load passes to a loader by a path written in the call
// (torch.load("ckpt.pt"), pickle.load(open(os.path.join(d, "vocab.pkl"), "rb"))): which file a
// written path names (files_named_by), and a model repository's scan marking that file's
// weights findings on load with the chain to the call.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "on_load.hpp"
#include "temp_tree.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

// --- which file a written path names ------------------------------------------------------

Lines named(std::string_view path, bool complete, std::string_view caller_dir, const Lines& files) {
  Lines out;
  for (const std::size_t i : detail::files_named_by(path, complete, caller_dir, files)) out.push_back(files[i]);
  return out;
}

TEST(LoadedWeights, APathNamesTheFilesItEndsWith) {
  const Lines files{"weights/ckpt.pt", "ckpt.pt.bak", "other/weights/ckpt.pt", "vocab.pkl"};
  EXPECT_EQ(named("weights/ckpt.pt", true, "", files), (Lines{"weights/ckpt.pt"}));  // at the root first
  EXPECT_EQ(named("weights/ckpt.pt", true, "other", files), (Lines{"other/weights/ckpt.pt"}));  // beside the caller
  EXPECT_EQ(named("weights/ckpt.pt", true, "src", files), (Lines{"weights/ckpt.pt"}));
  EXPECT_EQ(named("./weights//ckpt.pt", true, "", files), (Lines{"weights/ckpt.pt"}));
  EXPECT_EQ(named("weights\\ckpt.pt", true, "", files), (Lines{"weights/ckpt.pt"}));
  EXPECT_EQ(named("/weights/ckpt.pt", false, "other", files), (Lines{"other/weights/ckpt.pt"}));  // join(here, ...)
  EXPECT_EQ(named("../weights/ckpt.pt", true, "other/sub", files), (Lines{"other/weights/ckpt.pt"}));
  EXPECT_EQ(named("vocab.pkl", true, "deep/down", files), (Lines{"vocab.pkl"}));  // anywhere in the repository
  EXPECT_EQ(named("/vocab.pkl", false, "", files), (Lines{"vocab.pkl"}));
}

TEST(LoadedWeights, SeveralFilesNamedAndNoneBesideTheCallerOrAtTheRootAreAll) {
  const Lines files{"a/ckpt.pt", "b/ckpt.pt"};
  EXPECT_EQ(named("ckpt.pt", true, "", files), files);
  EXPECT_EQ(named("ckpt.pt", true, "b", files), (Lines{"b/ckpt.pt"}));
}

TEST(LoadedWeights, PathsThatNameNoFileOfTheRepository) {
  const Lines files{"weights/ckpt.pt", "ckpt.pt"};
  EXPECT_TRUE(named("missing.pt", true, "", files).empty());
  EXPECT_TRUE(named("kpt.pt", true, "", files).empty());                // whole components only
  EXPECT_TRUE(named("/opt/models/ckpt.pt", true, "", files).empty());   // absolute: outside the repository
  EXPECT_TRUE(named("~/ckpt.pt", true, "", files).empty());
  EXPECT_TRUE(named(".pt", false, "", files).empty());                  // f"{name}.pt": only a cut component
  EXPECT_TRUE(named("ckpt.pt", false, "", files).empty());              // root + "ckpt.pt": the same
  EXPECT_TRUE(named("other/ckpt.pt", true, "", files).empty());
  EXPECT_TRUE(named("", true, "", files).empty());
}

// --- a model repository's scan -------------------------------------------------------------

using Tree = testing::TempTree;

// A protocol 0 pickle that runs os.system('id') when loaded (weights-pickle-dangerous-callable).
const std::string kMaliciousPickle = "cos\nsystem\n(S'id'\ntR.";

const Finding* weights_finding(const ScanResult& result, const std::string& file_suffix) {
  for (const Finding& f : result.findings) {
    if (f.bytes && f.file.ends_with(file_suffix)) return &f;
  }
  return nullptr;
}

Lines chain_of(const Finding& f) {
  Lines out;
  for (const TraceStep& s : f.load_chain) {
    out.push_back(fs::path(s.file).filename().string() + ":" + std::to_string(s.range.start.line) + ":" +
                  std::to_string(s.range.start.column) + ": " + s.message);
  }
  return out;
}

ScanResult scan(const fs::path& dir) { return Scanner(RuleSet::builtin()).scan({dir}); }

TEST(LoadedWeights, AFileTorchLoadedOnLoadRunsOnLoadWithTheChainToTheCall) {
  const Tree tree({{"config.json", R"({"auto_map": {"AutoModel": "modeling_m.M"}})"},
                   {"modeling_m.py",
                    "import os\n"
                    "import torch as t\n"
                    "here = os.path.dirname(__file__)\n"
                    "class M:\n"
                    "    def __init__(self, config):\n"
                    "        self.state = t.load(os.path.join(here, 'weights', 'ckpt.pt'))\n"
                    "        self.missing = t.load('missing.pt')\n"
                    "    def forward(self, x):\n"
                    "        return t.load('later.pt')\n"},
                   {"weights/ckpt.pt", kMaliciousPickle},
                   {"later.pt", kMaliciousPickle},
                   {"unrelated.pkl", kMaliciousPickle}});
  const ScanResult result = scan(tree.root());
  const Finding* loaded = weights_finding(result, "/weights/ckpt.pt");
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->rule_id, "weights-pickle-dangerous-callable");
  EXPECT_EQ(loaded->on_load, OnLoad::yes);
  const Lines chain = chain_of(*loaded);
  ASSERT_EQ(chain.size(), 2u) << ::testing::PrintToString(chain);
  EXPECT_TRUE(chain[0].starts_with("config.json:1:")) << chain[0];
  EXPECT_NE(chain[0].find("which runs 'modeling_m.M.__init__'"), std::string::npos) << chain[0];
  EXPECT_EQ(chain[1], "modeling_m.py:6:22: torch.load reads weights/ckpt.pt");
  EXPECT_EQ(loaded->load_chain.back().snippet, "        self.state = t.load(os.path.join(here, 'weights', 'ckpt.pt'))");
  // The same load in forward, which does not run on load; a file no call names.
  const Finding* later = weights_finding(result, "/later.pt");
  const Finding* unrelated = weights_finding(result, "/unrelated.pkl");
  ASSERT_NE(later, nullptr);
  ASSERT_NE(unrelated, nullptr);
  EXPECT_NE(later->on_load, OnLoad::yes);
  EXPECT_TRUE(later->load_chain.empty());
  EXPECT_NE(unrelated->on_load, OnLoad::yes);
  // The weights finding counts among the on-load findings, and comes first with them.
  ASSERT_EQ(result.repositories.size(), 1u);
  EXPECT_GE(result.repositories[0].on_load_findings[static_cast<int>(Severity::critical)], 1u);
}

TEST(LoadedWeights, PickleOfAnOpenFileByNameBesideTheCallerAndThroughAnotherFile) {
  const Tree tree({{"config.json", R"({"auto_map": {"AutoModel": "modeling_m.M"}})"},
                   {"modeling_m.py",
                    "from .utils.io import read_vocab\n"
                    "class M:\n"
                    "    def __init__(self, config):\n"
                    "        self.vocab = read_vocab(config.path)\n"},
                   {"utils/__init__.py", ""},
                   {"utils/io.py",
                    "import os\n"
                    "from pickle import load as unpickle\n"
                    "def read_vocab(d):\n"
                    "    return unpickle(open(os.path.join(d, 'vocab.pkl'), 'rb'))\n"},
                   {"utils/vocab.pkl", kMaliciousPickle},
                   {"data/vocab.pkl", kMaliciousPickle}});
  const ScanResult result = scan(tree.root());
  const Finding* beside = weights_finding(result, "/utils/vocab.pkl");
  const Finding* other = weights_finding(result, "/data/vocab.pkl");
  ASSERT_NE(beside, nullptr);
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(beside->on_load, OnLoad::yes);
  EXPECT_NE(other->on_load, OnLoad::yes);  // the one beside the calling file is preferred
  const Lines chain = chain_of(*beside);
  ASSERT_EQ(chain.size(), 3u) << ::testing::PrintToString(chain);
  EXPECT_EQ(chain[1], "modeling_m.py:4:22: calls 'utils.io.read_vocab'");
  EXPECT_EQ(chain[2], "io.py:4:12: pickle.load reads utils/vocab.pkl");
}

TEST(LoadedWeights, FromPretrainedMarkingStaysAndOutsideAModelRepositoryNothingIsMarked) {
  const Tree repo({{"config.json", R"({"auto_map": {"AutoModel": "modeling_m.M"}})"},
                   {"modeling_m.py",
                    "import torch\n"
                    "class M:\n"
                    "    def __init__(self, config):\n"
                    "        torch.load('pytorch_model.bin')\n"},
                   {"pytorch_model.bin", kMaliciousPickle}});
  const ScanResult in_repo = scan(repo.root());
  const Finding* checkpoint = weights_finding(in_repo, "/pytorch_model.bin");
  ASSERT_NE(checkpoint, nullptr);
  EXPECT_EQ(checkpoint->on_load, OnLoad::yes);
  EXPECT_EQ(chain_of(*checkpoint),
            (Lines{"pytorch_model.bin:0:0: from_pretrained loads pytorch_model.bin with torch.load: no "
                   "pytorch_model.safetensors stands beside it"}));
  const Tree plain({{"tool.py", "import torch\ntorch.load('ckpt.pt')\n"}, {"ckpt.pt", kMaliciousPickle}});
  const ScanResult outside = scan(plain.root());
  const Finding* f = weights_finding(outside, "/ckpt.pt");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->on_load, OnLoad::unknown);
}

}  // namespace
}  // namespace warden
