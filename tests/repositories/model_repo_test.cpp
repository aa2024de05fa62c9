// read_model_repo(): the load-time entry points of a model repository (transformers auto_map and
// custom pipelines, torch.hub's hubconf.py, ModelScope's configuration.json, file-name
// conventions), remote references, positions, and diagnostics for malformed or odd configs.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <string>
#include <vector>

#include "discovery.hpp"
#include "model_repo.hpp"

namespace warden::detail {
namespace {

namespace fs = std::filesystem;
using Kind = EntryPoint::Kind;

class ModelRepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    base_ = fs::temp_directory_path() /
            fmt::format("warden-model-repo-{}-{}", ::getpid(), counter++);
    fs::remove_all(base_);
    root_ = base_ / "repo";
    fs::create_directories(root_);
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(base_, error);
  }

  void write(const fs::path& relative, std::string_view content) const {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  // A Python file and its module name, as discovery would give it.
  void module(const std::string& name, std::string_view content = "x = 1\n") {
    std::string relative = name;
    for (char& c : relative) {
      if (c == '.') c = '/';
    }
    write(relative + ".py", content);
    modules_.push_back(name);
  }

  ModelRepo read(const ModelRepoOptions& options = {}) const { return read_model_repo(root_, modules_, options); }

  fs::path base_;
  fs::path root_;
  std::vector<std::string> modules_;
};

// 1-based line and column of the n-th occurrence (0-based) of `needle` in ASCII `text`.
Position where(std::string_view text, std::string_view needle, std::size_t occurrence = 0) {
  std::size_t at = text.find(needle);
  for (std::size_t i = 0; i < occurrence && at != std::string_view::npos; ++i) at = text.find(needle, at + 1);
  EXPECT_NE(at, std::string_view::npos) << needle;
  Position position;
  position.line = 1;
  position.column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

std::string describe(const EntryPoint& e) {
  return std::string(to_string(e.kind)) + " " + e.module + ":" + e.symbol + " " + e.declared_in + " " + e.key + " @" +
         std::to_string(e.position.line) + ":" + std::to_string(e.position.column);
}

std::vector<std::string> describe(const std::vector<EntryPoint>& entries) {
  std::vector<std::string> out;
  for (const EntryPoint& e : entries) out.push_back(describe(e));
  return out;
}

std::vector<std::string> messages(const ModelRepo& repo) {
  std::vector<std::string> out;
  for (const Diagnostic& d : repo.diagnostics) out.push_back(d.message);
  return out;
}

TEST_F(ModelRepoTest, AutoMapInConfigJsonNamesModuleAndClassAtTheValuesPosition) {
  const std::string config = R"({
  "architectures": ["TinyForCausalLM"],
  "auto_map": {
    "AutoConfig": "configuration_tiny.TinyConfig",
    "AutoModel": "modeling_tiny.TinyModel",
    "AutoModelForCausalLM": "modeling_tiny.TinyForCausalLM"
  },
  "model_type": "tiny"
}
)";
  write("config.json", config);
  module("configuration_tiny");
  module("modeling_tiny");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  ASSERT_GE(repo.entries.size(), 3u);
  const EntryPoint& config_entry = repo.entries[0];
  EXPECT_EQ(config_entry.kind, Kind::auto_map);
  EXPECT_EQ(config_entry.module, "configuration_tiny");
  EXPECT_EQ(config_entry.symbol, "TinyConfig");
  EXPECT_EQ(config_entry.declared_in, "config.json");
  EXPECT_EQ(config_entry.key, "auto_map.AutoConfig");
  EXPECT_EQ(config_entry.position, (Position{4, 19}));
  EXPECT_EQ(describe(repo.entries[1]), "auto_map modeling_tiny:TinyModel config.json auto_map.AutoModel @5:18");
  EXPECT_EQ(describe(repo.entries[2]),
            "auto_map modeling_tiny:TinyForCausalLM config.json auto_map.AutoModelForCausalLM @6:29");
  // Both modules are also convention files.
  ASSERT_EQ(repo.entries.size(), 5u);
  EXPECT_EQ(describe(repo.entries[3]), "convention configuration_tiny:  configuration_* @0:0");
  EXPECT_EQ(describe(repo.entries[4]), "convention modeling_tiny:  modeling_* @0:0");
  EXPECT_TRUE(repo.remote.empty());
}

TEST_F(ModelRepoTest, TokenizerPairsWithNullsAndTheLegacyListForm) {
  const std::string tokenizer = R"({
  "auto_map": {
    "AutoTokenizer": ["tokenization_tiny.TinySlow", null],
    "AutoProcessor": [null, "processing_tiny.TinyProcessor"]
  },
  "model_max_length": 256
})";
  write("tokenizer_config.json", tokenizer);
  module("tokenization_tiny");
  module("processing_tiny");
  ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  const std::vector<std::string> expected = {
      "auto_map tokenization_tiny:TinySlow tokenizer_config.json auto_map.AutoTokenizer[0] @" +
          std::to_string(where(tokenizer, "\"tokenization_tiny").line) + ":" +
          std::to_string(where(tokenizer, "\"tokenization_tiny").column),
      "auto_map processing_tiny:TinyProcessor tokenizer_config.json auto_map.AutoProcessor[1] @4:29",
      "convention processing_tiny:  processing_* @0:0",
      "convention tokenization_tiny:  tokenization_* @0:0",
  };
  EXPECT_EQ(describe(repo.entries), expected);
  EXPECT_EQ(repo.entries[0].position, (Position{3, 23}));

  // Older tokenizer configs give the [slow, fast] pair as auto_map itself.
  write("tokenizer_config.json", R"({"auto_map": ["tokenization_tiny.TinySlow", "tokenization_tiny.TinyFast"]})");
  repo = read();
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  ASSERT_GE(repo.entries.size(), 2u);
  EXPECT_EQ(describe(repo.entries[0]), "auto_map tokenization_tiny:TinySlow tokenizer_config.json auto_map[0] @1:15");
  EXPECT_EQ(describe(repo.entries[1]), "auto_map tokenization_tiny:TinyFast tokenizer_config.json auto_map[1] @1:45");
}

TEST_F(ModelRepoTest, EveryConfigFileTransformersReadsAutoMapFrom) {
  write("config.json", R"({"auto_map": {"AutoModel": "modeling_m.M"}})");
  write("tokenizer_config.json", R"({"auto_map": {"AutoTokenizer": ["tokenization_m.T", null]}})");
  write("preprocessor_config.json",
        R"({"auto_map": {"AutoImageProcessor": ["image_processing_m.Slow", "image_processing_m.Fast"], "AutoFeatureExtractor": "feature_extraction_m.F"}})");
  write("processor_config.json", R"({"auto_map": {"AutoProcessor": "processing_m.P"}})");
  write("video_preprocessor_config.json", R"({"auto_map": {"AutoVideoProcessor": "video_processing_m.V"}})");
  // GenerationConfig resolves no auto_map: not an entry.
  write("generation_config.json", R"({"auto_map": {"AutoModel": "modeling_m.Other"}})");
  for (const char* name : {"modeling_m", "tokenization_m", "image_processing_m", "feature_extraction_m",
                           "processing_m", "video_processing_m"}) {
    module(name);
  }
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  std::vector<std::string> auto_map;
  for (const EntryPoint& e : repo.entries) {
    if (e.kind == Kind::auto_map) auto_map.push_back(e.declared_in + " " + e.key + " " + e.module + "." + e.symbol);
  }
  const std::vector<std::string> expected = {
      "config.json auto_map.AutoModel modeling_m.M",
      "tokenizer_config.json auto_map.AutoTokenizer[0] tokenization_m.T",
      "preprocessor_config.json auto_map.AutoImageProcessor[0] image_processing_m.Slow",
      "preprocessor_config.json auto_map.AutoImageProcessor[1] image_processing_m.Fast",
      "preprocessor_config.json auto_map.AutoFeatureExtractor feature_extraction_m.F",
      "processor_config.json auto_map.AutoProcessor processing_m.P",
      "video_preprocessor_config.json auto_map.AutoVideoProcessor video_processing_m.V",
  };
  EXPECT_EQ(auto_map, expected);
}

TEST_F(ModelRepoTest, AnotherRepositorysCodeIsARemoteReferenceNotAnEntry) {
  const std::string config = R"({
  "auto_map": {
    "AutoConfig": "other-org/helper-repo--configuration_helper.HelperConfig",
    "AutoModel": "modeling_local.Local",
    "AutoTokenizer": ["other-org/tok--tokenization_x.Slow", null],
    "AutoModelForMaskedLM": "a--b--modeling_x.M"
  }
})";
  write("config.json", config);
  module("modeling_local");
  const ModelRepo repo = read();
  ASSERT_EQ(repo.remote.size(), 2u);
  EXPECT_EQ(repo.remote[0].kind, "repo");
  EXPECT_EQ(repo.remote[0].target, "other-org/helper-repo");
  EXPECT_EQ(repo.remote[0].detail, "configuration_helper.HelperConfig");
  EXPECT_EQ(repo.remote[0].declared_in, "config.json");
  EXPECT_EQ(repo.remote[0].key, "auto_map.AutoConfig");
  EXPECT_EQ(repo.remote[0].position, (Position{3, 19}));
  EXPECT_EQ(repo.remote[1].target, "other-org/tok");
  EXPECT_EQ(repo.remote[1].detail, "tokenization_x.Slow");
  EXPECT_EQ(repo.remote[1].key, "auto_map.AutoTokenizer[0]");
  EXPECT_EQ(repo.remote[1].position, where(config, "\"other-org/tok"));
  for (const EntryPoint& e : repo.entries) {
    EXPECT_NE(e.module, "configuration_helper");
    EXPECT_NE(e.module, "tokenization_x");
  }
  EXPECT_EQ(describe(repo.entries[0]), "auto_map modeling_local:Local config.json auto_map.AutoModel @4:18");
  // Remote modules are not "missing"; two "--" is not a reference transformers can load.
  ASSERT_EQ(repo.diagnostics.size(), 1u) << ::testing::PrintToString(messages(repo));
  EXPECT_NE(repo.diagnostics[0].message.find("'a--b--modeling_x.M' is not a class reference"), std::string::npos);
  EXPECT_EQ(repo.diagnostics[0].level, DiagnosticLevel::warning);
  EXPECT_EQ(repo.diagnostics[0].position, where(config, "\"a--b"));
}

TEST_F(ModelRepoTest, DottedAndSlashedModulesMapToDiscoveredNames) {
  write("config.json",
        R"({"auto_map": {"AutoModel": "models.resnet.ResNet", "AutoConfig": "models/configs.ResNetConfig"}})");
  module("models.resnet");
  module("models.configs");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  ASSERT_EQ(repo.entries.size(), 2u);
  EXPECT_EQ(repo.entries[0].module, "models.resnet");
  EXPECT_EQ(repo.entries[0].symbol, "ResNet");
  EXPECT_EQ(repo.entries[1].module, "models.configs");
  EXPECT_EQ(repo.entries[1].symbol, "ResNetConfig");
}

TEST_F(ModelRepoTest, AModuleNamedButNotInTheRepositoryIsListedWithAWarning) {
  const std::string config = "{\n  \"auto_map\": {\n    \"AutoModel\": \"modeling_gone.Gone\"\n  }\n}\n";
  write("config.json", config);
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  ASSERT_EQ(repo.entries.size(), 1u);
  EXPECT_EQ(describe(repo.entries[0]), "auto_map modeling_gone:Gone config.json auto_map.AutoModel @3:18");
  ASSERT_EQ(repo.diagnostics.size(), 1u);
  const Diagnostic& d = repo.diagnostics[0];
  EXPECT_EQ(d.message, "auto_map.AutoModel names module 'modeling_gone', which is not in the repository");
  EXPECT_EQ(d.code, "model-config");
  EXPECT_EQ(d.level, DiagnosticLevel::warning);
  EXPECT_EQ(d.file, "config.json");
  EXPECT_EQ(d.position, (Position{3, 18}));
  EXPECT_EQ(d.snippet, "    \"AutoModel\": \"modeling_gone.Gone\"");
}

TEST_F(ModelRepoTest, CustomPipelinesImplIsTheEntry) {
  const std::string config = R"({
  "custom_pipelines": {
    "pair-classification": {
      "impl": "pair_pipeline.PairClassificationPipeline",
      "pt": ["AutoModelForSequenceClassification"],
      "tf": "TFAutoModelForSequenceClassification"
    },
    "no-impl": {"pt": []},
    "bad-impl": {"impl": 3},
    "remote": {"impl": "org/pipes--pipe.Pipe"}
  }
})";
  write("config.json", config);
  module("pair_pipeline");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  ASSERT_EQ(repo.entries.size(), 1u);
  EXPECT_EQ(describe(repo.entries[0]),
            "custom_pipeline pair_pipeline:PairClassificationPipeline config.json "
            "custom_pipelines.pair-classification.impl @4:15");
  ASSERT_EQ(repo.remote.size(), 1u);
  EXPECT_EQ(repo.remote[0].target, "org/pipes");
  EXPECT_EQ(repo.remote[0].detail, "pipe.Pipe");
  EXPECT_EQ(repo.remote[0].key, "custom_pipelines.remote.impl");
  ASSERT_EQ(repo.diagnostics.size(), 2u) << ::testing::PrintToString(messages(repo));
  EXPECT_NE(repo.diagnostics[0].message.find("custom_pipelines.no-impl in config.json has no impl"), std::string::npos);
  EXPECT_EQ(repo.diagnostics[0].position, where(config, "{\"pt\""));
  EXPECT_NE(repo.diagnostics[1].message.find("custom_pipelines.bad-impl.impl in config.json is a number"),
            std::string::npos);
  EXPECT_EQ(repo.diagnostics[1].position, where(config, "3}"));
}

TEST_F(ModelRepoTest, HubconfPublicTopLevelFunctionsClassesAndImports) {
  const std::string hubconf = R"(dependencies = ["torch"]
import torch
from models.resnet import resnet50, _helper
from models.vit import vit_b as vision_transformer


def resnet18(pretrained=False, **kwargs):
    def inner():
        pass
    return inner


def _private():
    pass


class Detector:
    def method(self):
        pass


@torch.no_grad()
def decorated():
    pass


if torch.cuda.is_available():
    def cuda_only():
        pass
else:
    def cpu_only():
        pass

try:
    from models.extra import extra_model
except ImportError:
    pass

lambda_entry = lambda: None
)";
  write("hubconf.py", hubconf);
  module("hubconf", hubconf);
  module("models.resnet");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  const std::vector<std::string> expected = {
      "hubconf hubconf: hubconf.py  @0:0",
      "hubconf hubconf:resnet50 hubconf.py import @3:27",
      "hubconf hubconf:vision_transformer hubconf.py import @4:33",
      "hubconf hubconf:resnet18 hubconf.py def @7:5",
      "hubconf hubconf:Detector hubconf.py class @17:7",
      "hubconf hubconf:decorated hubconf.py def @23:5",
      "hubconf hubconf:cuda_only hubconf.py def @28:9",
      "hubconf hubconf:cpu_only hubconf.py def @31:9",
      "hubconf hubconf:extra_model hubconf.py import @35:30",
  };
  EXPECT_EQ(describe(repo.entries), expected);
}

TEST_F(ModelRepoTest, ModelScopeAllowRemoteImportsEveryPythonFileAndInstallsRequirements) {
  const std::string configuration = R"({
  "framework": "pytorch",
  "task": "text-generation",
  "allow_remote": true,
  "model": {"type": "my-custom-model"},
  "pipeline": {"type": "my-custom-pipeline"},
  "plugins": ["my-plugin>=1.0", 7]
})";
  write("configuration.json", configuration);
  module("ms_wrapper");
  module("helpers.utils");
  module("helpers", "");  // helpers/__init__.py, as discovery names it
  fs::remove(root_ / "helpers.py");
  write("helpers/__init__.py", "");
  write("requirements.txt", "evil-package\n");
  write("helpers/extra_requirements.txt", "more\n");
  write("README.md", "");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  const Position allow = where(configuration, "true");
  std::vector<std::string> expected;
  for (const char* name : {"helpers.utils", "ms_wrapper"}) {
    expected.push_back(
        fmt::format("modelscope {}: configuration.json allow_remote @{}:{}", name, allow.line, allow.column));
  }
  EXPECT_EQ(describe(repo.entries), expected);
  ASSERT_EQ(repo.remote.size(), 3u);
  EXPECT_EQ(repo.remote[0].kind, "requirements");
  EXPECT_EQ(repo.remote[0].target, "helpers/extra_requirements.txt");
  EXPECT_EQ(repo.remote[1].target, "requirements.txt");
  EXPECT_EQ(repo.remote[1].position, allow);
  EXPECT_EQ(repo.remote[2].kind, "pip");
  EXPECT_EQ(repo.remote[2].target, "my-plugin>=1.0");
  EXPECT_EQ(repo.remote[2].key, "plugins[0]");
  EXPECT_EQ(repo.remote[2].position, where(configuration, "\"my-plugin"));
  ASSERT_EQ(repo.diagnostics.size(), 1u);
  EXPECT_NE(repo.diagnostics[0].message.find("plugins[1] in configuration.json is a number"), std::string::npos);
}

TEST_F(ModelRepoTest, ModelScopeWithoutAllowRemoteListsOnlyItsWrapper) {
  write("configuration.json", R"({"framework": "pytorch", "allow_remote": false, "model": {"type": "bert"}})");
  module("ms_wrapper");
  module("train");
  ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  EXPECT_EQ(describe(repo.entries), std::vector<std::string>{"modelscope ms_wrapper: configuration.json  @0:0"});
  EXPECT_TRUE(repo.remote.empty());

  // Without a wrapper: detected (a ModelScope repository) but nothing of its own is imported.
  fs::remove(root_ / "ms_wrapper.py");
  modules_ = {"train"};
  repo = read();
  EXPECT_TRUE(repo.detected);
  EXPECT_TRUE(repo.entries.empty());
  EXPECT_TRUE(repo.diagnostics.empty());
}

TEST_F(ModelRepoTest, ConventionFilesNextToAConfigMakeARepository) {
  write("config.json", R"({"model_type": "bert"})");
  module("modeling_bert");
  module("pkg.tokenization_bert_fast");
  module("pkg.image_processing_x");
  module("feature_extraction_y");
  module("utils");
  module("modeling_");  // no name after the prefix
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  const std::vector<std::string> expected = {
      "convention feature_extraction_y:  feature_extraction_* @0:0",
      "convention modeling_bert:  modeling_* @0:0",
      "convention pkg.image_processing_x:  image_processing_* @0:0",
      "convention pkg.tokenization_bert_fast:  tokenization_* @0:0",
  };
  EXPECT_EQ(describe(repo.entries), expected);
}

TEST_F(ModelRepoTest, ConventionFilesInASubfolderWithItsOwnConfig) {
  write("text_encoder/config.json", R"({"model_type": "clip"})");
  module("text_encoder.modeling_clip");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  EXPECT_EQ(describe(repo.entries),
            std::vector<std::string>{"convention text_encoder.modeling_clip:  modeling_* @0:0"});
}

TEST_F(ModelRepoTest, ADirectoryThatIsNotAModelRepository) {
  module("modeling_thing");  // a convention name, but no config beside it
  module("setup");
  write("config.json.bak", "{");
  write("settings.json", R"({"auto_map": {"AutoModel": "modeling_thing.X"}})");
  const ModelRepo repo = read();
  EXPECT_FALSE(repo.detected);
  EXPECT_TRUE(repo.entries.empty());
  EXPECT_TRUE(repo.remote.empty());
  EXPECT_TRUE(repo.diagnostics.empty());

  // A config.json with no auto_map and no convention file beside it is not enough either.
  write("config.json", R"({"model_type": "bert"})");
  modules_ = {"setup"};
  EXPECT_FALSE(read().detected);
}

TEST_F(ModelRepoTest, MalformedJsonGivesThePositionAndOtherConfigsAreStillRead) {
  const std::string config = "{\n  \"auto_map\": {\n    \"AutoModel\": \"modeling_x.X\",\n  }\n}\n";
  write("config.json", config);
  write("tokenizer_config.json", R"({"auto_map": {"AutoTokenizer": ["tokenization_x.T", null]}})");
  module("modeling_x");
  module("tokenization_x");
  const ModelRepo repo = read();
  ASSERT_EQ(repo.diagnostics.size(), 1u);
  const Diagnostic& d = repo.diagnostics[0];
  EXPECT_EQ(d.file, "config.json");
  EXPECT_EQ(d.code, "model-config");
  EXPECT_EQ(d.level, DiagnosticLevel::error);
  EXPECT_EQ(d.position, (Position{4, 3}));
  EXPECT_EQ(d.message,
            "malformed JSON at line 4, column 3: syntax error while parsing object key - unexpected '}'; expected "
            "string literal; config.json is not read");
  EXPECT_EQ(d.snippet, "  }");
  EXPECT_TRUE(repo.detected);
  ASSERT_FALSE(repo.entries.empty());
  EXPECT_EQ(repo.entries[0].declared_in, "tokenizer_config.json");
  EXPECT_EQ(repo.entries[0].module, "tokenization_x");
}

TEST_F(ModelRepoTest, MalformedJsonPositionsCountCodePointsAndTruncationPointsAtTheEnd) {
  write("config.json", "{\"name\": \"\xC3\xA9t\xC3\xA9\", \"x\": tru}");
  write("preprocessor_config.json", "{\n  \"auto_map\": {\"AutoImageProcessor\": \"image_processing_x.P\"");
  const ModelRepo repo = read();
  ASSERT_EQ(repo.diagnostics.size(), 2u) << ::testing::PrintToString(messages(repo));
  // `tru}` is read up to the '}' (byte 27, code point 25).
  EXPECT_EQ(repo.diagnostics[0].file, "config.json");
  EXPECT_EQ(repo.diagnostics[0].position, (Position{1, 25}));
  EXPECT_NE(repo.diagnostics[0].message.find("malformed JSON at line 1, column 25: "), std::string::npos)
      << repo.diagnostics[0].message;
  EXPECT_EQ(repo.diagnostics[1].file, "preprocessor_config.json");
  EXPECT_EQ(repo.diagnostics[1].position, (Position{2, 60}));
  EXPECT_NE(repo.diagnostics[1].message.find("unexpected end of input"), std::string::npos) << repo.diagnostics[1].message;
}

TEST_F(ModelRepoTest, UnexpectedShapesAreWarnedAboutAndSkipped) {
  const std::string config = R"({
  "auto_map": {
    "AutoConfig": 12,
    "AutoModel": {"nested": "modeling_x.X"},
    "AutoTokenizer": ["tokenization_x.T", 5, null, []],
    "AutoModelForCausalLM": "no_dot_here",
    "AutoModelForMaskedLM": null,
    "AutoModelForSeq2SeqLM": ".Leading",
    "AutoModelForTokenClassification": "modeling_x.X"
  },
  "custom_pipelines": ["not", "an", "object"]
})";
  write("config.json", config);
  write("tokenizer_config.json", R"({"auto_map": "tokenization_x.T"})");
  write("processor_config.json", R"({"auto_map": ["processing_x.P"]})");
  write("preprocessor_config.json", R"(["auto_map"])");
  write("configuration.json", R"({"plugins": {"a": 1}, "allow_remote": 0})");
  module("modeling_x");
  module("tokenization_x");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  std::vector<std::string> auto_map;
  for (const EntryPoint& e : repo.entries) {
    if (e.kind == Kind::auto_map) auto_map.push_back(e.key);
  }
  EXPECT_EQ(auto_map, (std::vector<std::string>{"auto_map.AutoTokenizer[0]", "auto_map.AutoModelForTokenClassification"}));
  const std::vector<std::string> expected_messages = {
      "auto_map.AutoConfig in config.json is a number, not a class reference or a list of them; skipped",
      "auto_map.AutoModel in config.json is an object, not a class reference or a list of them; skipped",
      "auto_map.AutoTokenizer[1] in config.json is a number, not a class reference; skipped",
      "auto_map.AutoTokenizer[3] in config.json is a list, not a class reference; skipped",
      "auto_map.AutoModelForCausalLM in config.json: 'no_dot_here' is not a class reference of the form module.Class; "
      "skipped",
      "auto_map.AutoModelForSeq2SeqLM in config.json: '.Leading' is not a class reference of the form module.Class; "
      "skipped",
      "custom_pipelines in config.json is a list, not an object; skipped",
      "auto_map in tokenizer_config.json is a string, not an object; skipped",
      "preprocessor_config.json holds a list, not a JSON object; skipped",
      "auto_map in processor_config.json is a list, not an object; skipped",
      "plugins in configuration.json is an object, not a list of package names; skipped",
  };
  EXPECT_EQ(messages(repo), expected_messages);
  for (const Diagnostic& d : repo.diagnostics) {
    EXPECT_EQ(d.level, DiagnosticLevel::warning);
    EXPECT_NE(d.position.line, 0u) << d.message;
  }
  EXPECT_EQ(repo.diagnostics[0].position, where(config, "12"));
  EXPECT_EQ(repo.diagnostics[3].position, where(config, "[]"));
}

TEST_F(ModelRepoTest, ManyProblemsInOneFileAreCappedWithANote) {
  std::string config = "{\"auto_map\": {";
  for (int i = 0; i < 50; ++i) {
    if (i > 0) config += ", ";
    config += "\"Auto";
    config += std::to_string(i);
    config += "\": 1";
  }
  config += "}}";
  write("config.json", config);
  const ModelRepo repo = read();
  ASSERT_EQ(repo.diagnostics.size(), 21u);
  EXPECT_EQ(repo.diagnostics[0].message, "auto_map.Auto0 in config.json is a number, not a class reference or a list of them; skipped");
  EXPECT_EQ(repo.diagnostics[20].level, DiagnosticLevel::note);
  EXPECT_EQ(repo.diagnostics[20].file, "config.json");
  EXPECT_EQ(repo.diagnostics[20].message, "30 more [model-config] diagnostics in this file not shown");
}

TEST_F(ModelRepoTest, DeepNestingIsReadWithoutRecursion) {
  const std::size_t depth = 100000;
  std::string config = "{\"auto_map\": {\"AutoModel\": ";
  config.append(depth, '[');
  config.append(depth, ']');
  config += ", \"AutoConfig\": \"configuration_x.C\"}}";
  write("config.json", config);
  module("configuration_x");
  const ModelRepo repo = read();
  ASSERT_EQ(repo.diagnostics.size(), 1u) << ::testing::PrintToString(messages(repo));
  EXPECT_EQ(repo.diagnostics[0].message, "auto_map.AutoModel[0] in config.json is a list, not a class reference; skipped");
  EXPECT_EQ(repo.diagnostics[0].snippet, "");  // the line is too long to show
  ASSERT_FALSE(repo.entries.empty());
  EXPECT_EQ(repo.entries[0].key, "auto_map.AutoConfig");
  EXPECT_EQ(repo.entries[0].position, (Position{1, static_cast<std::uint32_t>(2 * depth + 44)}));
}

TEST_F(ModelRepoTest, PositionsFollowTheKeyPathNotTheFirstLookAlike) {
  // auto_map-looking keys elsewhere, a duplicate top-level auto_map (the last wins, as in
  // Python and nlohmann), escaped keys, strings holding braces and quotes, non-ASCII text.
  const std::string config =
      "{\n"
      "  \"text_config\": {\"auto_map\": {\"AutoModel\": \"modeling_x.Decoy\"}},\n"
      "  \"note\": \"{\\\"auto_map\\\": [\\\"}\",\n"
      "  \"auto_map\": {\"AutoModel\": \"modeling_x.First\"},\n"
      "  \"caf\xC3\xA9\": [\"\xE2\x82\xAC\", {\"AutoModel\": \"x\"}],\n"
      "  \"auto_map\": {\"\\u0041utoConfig\": \"modeling_x.Cfg\", \"AutoModel\":   \"modeling_x.Real\"}\n"
      "}\n";
  write("config.json", config);
  module("modeling_x");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  std::vector<std::string> entries;
  for (const EntryPoint& e : repo.entries) {
    if (e.kind == Kind::auto_map) entries.push_back(describe(e));
  }
  const std::vector<std::string> expected = {
      "auto_map modeling_x:Cfg config.json auto_map.AutoConfig @6:35",
      "auto_map modeling_x:Real config.json auto_map.AutoModel @6:68",
  };
  EXPECT_EQ(entries, expected);
  EXPECT_EQ(where(config, "\"modeling_x.Real"), (Position{6, 68}));
}

TEST_F(ModelRepoTest, WhatPythonsJsonAcceptsCannotHideAnAutoMap) {
  // NaN, Infinity and lone surrogates load with Python's json module, so they must not stop
  // this reader; positions after them stay exact.
  const std::string config =
      "{\"a\": NaN, \"b\": -Infinity, \"c\": [Infinity], \"d\": \"\\ud800x\", \"e\": \"\\udc00\\ud83d\\ude00\",\n"
      " \"auto_map\": {\"AutoModel\": \"modeling_x.M\"}}";
  write("config.json", config);
  module("modeling_x");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  ASSERT_FALSE(repo.entries.empty());
  EXPECT_EQ(describe(repo.entries[0]), "auto_map modeling_x:M config.json auto_map.AutoModel @2:28");
}

TEST_F(ModelRepoTest, AByteOrderMarkIsNotAColumn) {
  write("config.json", "\xEF\xBB\xBF{\"auto_map\": {\"AutoModel\": \"modeling_x.M\"}}");
  module("modeling_x");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  ASSERT_FALSE(repo.entries.empty());
  EXPECT_EQ(repo.entries[0].position, (Position{1, 28}));
}

TEST_F(ModelRepoTest, OversizedConfigsAreNotRead) {
  write("config.json", R"({"auto_map": {"AutoModel": "modeling_x.M"}, "pad": "................................"})");
  module("modeling_x");
  ModelRepoOptions options;
  options.max_config_size = 32;
  const ModelRepo repo = read(options);
  ASSERT_EQ(repo.diagnostics.size(), 1u);
  EXPECT_EQ(repo.diagnostics[0].file, "config.json");
  EXPECT_EQ(repo.diagnostics[0].level, DiagnosticLevel::warning);
  EXPECT_NE(repo.diagnostics[0].message.find("config.json not read: size "), std::string::npos)
      << repo.diagnostics[0].message;
  for (const EntryPoint& e : repo.entries) EXPECT_NE(e.kind, Kind::auto_map);
}

TEST_F(ModelRepoTest, SymlinksOutOfTheRootAreNotFollowed) {
  const fs::path outside = base_ / "outside.json";
  std::ofstream(outside) << R"({"auto_map": {"AutoModel": "modeling_x.Outside"}})";
  fs::create_symlink(outside, root_ / "config.json");
  write("real/tokenizer.json", R"({"auto_map": {"AutoTokenizer": ["tokenization_x.Inside", null]}})");
  fs::create_symlink("real/tokenizer.json", root_ / "tokenizer_config.json");
  fs::create_symlink(base_ / "outside.py", root_ / "hubconf.py");
  std::ofstream(base_ / "outside.py") << "def escape():\n    pass\n";
  module("tokenization_x");
  const ModelRepo repo = read();
  EXPECT_TRUE(repo.detected);
  const std::vector<std::string> expected = {
      "auto_map tokenization_x:Inside tokenizer_config.json auto_map.AutoTokenizer[0] @1:33",
      "hubconf hubconf: hubconf.py  @0:0",
      "convention tokenization_x:  tokenization_* @0:0",
  };
  EXPECT_EQ(describe(repo.entries), expected);
  const std::vector<std::string> expected_messages = {
      "config.json is a symlink to a file outside the repository; not read",
      "hubconf.py is a symlink to a file outside the repository; not read",
  };
  EXPECT_EQ(messages(repo), expected_messages);
}

TEST_F(ModelRepoTest, OrderIsStableAndFollowsTheFiles) {
  write("hubconf.py", "def zeta():\n    pass\ndef alpha():\n    pass\n");
  write("config.json", R"({"auto_map": {"AutoModel": "modeling_b.B", "AutoConfig": "configuration_a.A"}})");
  write("tokenizer_config.json", R"({"auto_map": {"AutoTokenizer": ["tokenization_c.C", null]}})");
  write("configuration.json", R"({"framework": "pytorch"})");
  module("tokenization_c");
  module("modeling_b");
  module("configuration_a");
  module("hubconf", "def zeta():\n    pass\ndef alpha():\n    pass\n");
  module("ms_wrapper");
  const ModelRepo first = read();
  std::reverse(modules_.begin(), modules_.end());
  const ModelRepo second = read();
  const std::vector<std::string> expected = {
      "auto_map modeling_b:B config.json auto_map.AutoModel @1:28",
      "auto_map configuration_a:A config.json auto_map.AutoConfig @1:58",
      "auto_map tokenization_c:C tokenizer_config.json auto_map.AutoTokenizer[0] @1:33",
      "modelscope ms_wrapper: configuration.json  @0:0",
      "hubconf hubconf: hubconf.py  @0:0",
      "hubconf hubconf:zeta hubconf.py def @1:5",
      "hubconf hubconf:alpha hubconf.py def @3:5",
      "convention configuration_a:  configuration_* @0:0",
      "convention modeling_b:  modeling_* @0:0",
      "convention tokenization_c:  tokenization_* @0:0",
  };
  EXPECT_EQ(describe(first.entries), expected);
  EXPECT_EQ(describe(second.entries), expected);
}

// The example repository, with module names from discovery as the scan gets them.
TEST(ModelRepoExample, BenignCustomModel) {
  const fs::path root = fs::path(WARDEN_SOURCE_DIR) / "examples" / "benign-custom-model";
  std::vector<std::string> modules;
  for (const DiscoveredFile& file : discover({root}, DiscoveryOptions{}).files) modules.push_back(file.module);
  const ModelRepo repo = read_model_repo(root, modules);
  EXPECT_TRUE(repo.detected);
  EXPECT_TRUE(repo.diagnostics.empty()) << ::testing::PrintToString(messages(repo));
  EXPECT_TRUE(repo.remote.empty());
  const std::vector<std::string> expected = {
      "auto_map configuration_tiny:TinyConfig config.json auto_map.AutoConfig @4:19",
      "auto_map modeling_tiny:TinyModel config.json auto_map.AutoModel @5:18",
      "auto_map modeling_tiny:TinyForCausalLM config.json auto_map.AutoModelForCausalLM @6:29",
      "auto_map tokenization_tiny:TinyTokenizer tokenizer_config.json auto_map.AutoTokenizer[0] @3:23",
      "convention configuration_tiny:  configuration_* @0:0",
      "convention modeling_tiny:  modeling_* @0:0",
      "convention tokenization_tiny:  tokenization_* @0:0",
  };
  EXPECT_EQ(describe(repo.entries), expected);
}

}  // namespace
}  // namespace warden::detail
