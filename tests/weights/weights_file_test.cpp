// scan_weights and identify_weights on the fixtures of make_fixtures.py (written at build time
// into WARDEN_WEIGHT_FIXTURES; manifest.json holds the opcode offsets CPython's pickler gave) and
// on bytes made here: every format by content, the known evasions, broken containers, limits.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "weights_file.hpp"
#include "weights_scan.hpp"

namespace warden::detail {
namespace {

using namespace std::string_view_literals;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(WARDEN_WEIGHT_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name << " (written by tests/weights/make_fixtures.py)";
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const nlohmann::json& manifest() {
  static const nlohmann::json m = nlohmann::json::parse(fixture("manifest.json"));
  return m;
}

// The offset of the `index`-th opcode named `name` in a fixture's pickle, as pickletools saw it.
std::uint64_t opcode_at(const nlohmann::json& ops, std::string_view name, std::size_t index = 0) {
  for (const auto& op : ops) {
    if (op[0] == name && index-- == 0) return op[1].get<std::uint64_t>();
  }
  ADD_FAILURE() << "no " << name << " in " << ops.dump();
  return 0;
}

std::string_view kind_name(WeightFact::Kind kind) {
  switch (kind) {
    case WeightFact::Kind::callable: return "callable";
    case WeightFact::Kind::unreadable: return "unreadable";
    case WeightFact::Kind::anomaly: return "anomaly";
    case WeightFact::Kind::keras_lambda: return "keras_lambda";
    case WeightFact::Kind::chat_template: return "chat_template";
  }
  return "?";
}

// The calls of a scan: "member: module.name(args)@offset".
std::vector<std::string> calls(const WeightsScan& scan) {
  std::vector<std::string> out;
  for (const auto& f : scan.facts) {
    if (f.kind != WeightFact::Kind::callable || f.callable.use != PickleCallable::Use::call) continue;
    std::string args;
    for (std::size_t i = 0; i < f.callable.arguments.size(); ++i) args += (i ? ", " : "") + f.callable.arguments[i];
    out.push_back(f.member + ": " + f.callable.qualified() + "(" + args + ")@" + std::to_string(f.offset));
  }
  return out;
}

// Facts other than callables: "kind member@offset".
std::vector<std::string> others(const WeightsScan& scan) {
  std::vector<std::string> out;
  for (const auto& f : scan.facts) {
    if (f.kind == WeightFact::Kind::callable) continue;
    out.push_back(std::string(kind_name(f.kind)) + " " + f.member + "@" + std::to_string(f.offset));
  }
  return out;
}

// The first fact of `kind`; a test failure and an empty fact when there is none.
const WeightFact& first(const WeightsScan& scan, WeightFact::Kind kind) {
  for (const auto& f : scan.facts) {
    if (f.kind == kind) return f;
  }
  ADD_FAILURE() << "no fact of kind " << kind_name(kind);
  static const WeightFact none;
  return none;
}

bool imports(const WeightsScan& scan, std::string_view qualified) {
  for (const auto& f : scan.facts) {
    if (f.kind == WeightFact::Kind::callable && f.callable.use == PickleCallable::Use::import &&
        f.callable.qualified() == qualified) {
      return true;
    }
  }
  return false;
}

WeightsScan scan_fixture(const std::string& name, const WeightLimits& limits = {}) {
  return scan_weights(fixture(name), limits);
}

std::string system_call(const std::string& member, std::uint64_t offset) {
  return member + ": posix.system('echo hi')@" + std::to_string(offset);
}

TEST(WeightsFile, PicklesOfEveryProtocolByContent) {
  for (int protocol = 0; protocol <= 5; ++protocol) {
    const std::string name = "system_p" + std::to_string(protocol) + ".pkl";
    const std::string bytes = fixture(name);
    EXPECT_EQ(identify_weights(bytes), WeightFormat::pickle) << name;
    const WeightsScan scan = scan_weights(bytes);
    EXPECT_EQ(scan.format, WeightFormat::pickle) << name;
    EXPECT_EQ(calls(scan), std::vector<std::string>{system_call("", opcode_at(manifest()[name], "REDUCE"))}) << name;
    EXPECT_TRUE(imports(scan, "posix.system")) << name;
    EXPECT_TRUE(others(scan).empty()) << name;
    EXPECT_EQ(scan.pickle_members, std::vector<std::string>{""});
  }
  // A pickle named .txt is a pickle.
  EXPECT_EQ(calls(scan_fixture("weights.txt")), calls(scan_fixture("system_p4.pkl")));
}

TEST(WeightsFile, TextIsNoPickle) {
  for (const auto* name : {"source.py", "config.json", "README.md", "words.txt", "garbage.bin", "model.h5"}) {
    const std::string bytes = fixture(name);
    EXPECT_EQ(identify_weights(bytes), WeightFormat::none) << name;
    const WeightsScan scan = scan_weights(bytes);
    EXPECT_EQ(scan.format, WeightFormat::none) << name;
    EXPECT_TRUE(scan.facts.empty()) << name;
  }
  for (const auto text : {"# Title\n"sv, "{\"a\": 1}"sv, "import os\n"sv, "class A:\n    pass\n"sv, "(see below)\n"sv,
                          "Note: x\n"sv, "x^2 + y^2\n"sv, "I think so.\n"sv, "S'quoted'\nand more\n"sv, ""sv}) {
    EXPECT_EQ(identify_weights(text), WeightFormat::none) << text;
  }
  // Short protocol 0 pickles are pickles: one that reads to its STOP, one cut after its call.
  EXPECT_EQ(identify_weights("N."sv), WeightFormat::pickle);
  EXPECT_EQ(identify_weights("(."sv), WeightFormat::none);  // STOP with nothing to return
  EXPECT_EQ(identify_weights("cos\nsystem\n(S'id'\ntR"sv), WeightFormat::pickle);
}

TEST(WeightsFile, EvasionsInsidePickles) {
  // getattr(__import__('os'), 'system')('echo hi'): every call, with what it was given.
  const WeightsScan chain = scan_fixture("getattr_chain.pkl");
  const auto& ops = manifest()["getattr_chain.pkl"];
  EXPECT_EQ(calls(chain), (std::vector<std::string>{
                              ": builtins.__import__('os')@" + std::to_string(opcode_at(ops, "REDUCE", 0)),
                              ": builtins.getattr()@" + std::to_string(opcode_at(ops, "REDUCE", 1)),
                              ": builtins.getattr('echo hi')@" + std::to_string(opcode_at(ops, "REDUCE", 2))}));
  // A harmless pickle, then the malicious one.
  const WeightsScan stacked = scan_fixture("stacked.pkl");
  ASSERT_EQ(calls(stacked).size(), 1u);
  EXPECT_EQ(first(stacked, WeightFact::Kind::callable).callable.pickle, 1u);
  // pickle.loads(b'...'): the inner pickle under "bytes@OFFSET".
  const WeightsScan nested = scan_fixture("nested.pkl");
  const auto& n = manifest()["nested.pkl"];
  const std::string inner = "bytes@" + std::to_string(n["inner_at"].get<std::uint64_t>());
  const std::vector<std::string> got = calls(nested);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], system_call(inner, opcode_at(n["inner"], "REDUCE")));
  EXPECT_TRUE(got[1].starts_with(": _pickle.loads(b'\\x80\\x04")) << got[1];
  EXPECT_EQ(nested.pickle_members, (std::vector<std::string>{"", inner}));
}

TEST(WeightsFile, TruncatedPicklesKeepWhatCameFirst) {
  const WeightsScan after_call = scan_fixture("truncated_after_call.pkl");
  EXPECT_EQ(calls(after_call), std::vector<std::string>{system_call("", opcode_at(manifest()["system_p2.pkl"], "REDUCE"))});
  const std::string cut = fixture("truncated_after_call.pkl");
  EXPECT_EQ(others(after_call), std::vector<std::string>{"unreadable @" + std::to_string(cut.size())});
  const WeightsScan mid_string = scan_fixture("truncated_mid_string.pkl");
  EXPECT_TRUE(imports(mid_string, "posix.system"));
  const WeightFact& error = first(mid_string, WeightFact::Kind::unreadable);
  EXPECT_NE(error.detail.find("BINUNICODE"), std::string::npos) << error.detail;
  EXPECT_FALSE(error.excerpt.empty());
}

TEST(WeightsFile, PyTorchZipCheckpoints) {
  const WeightsScan benign = scan_fixture("benign_checkpoint.pt");
  EXPECT_EQ(benign.format, WeightFormat::pytorch_zip);
  EXPECT_EQ(benign.pickle_members, std::vector<std::string>{"archive/data.pkl"});
  EXPECT_TRUE(imports(benign, "torch._utils._rebuild_tensor_v2"));
  EXPECT_TRUE(imports(benign, "collections.OrderedDict"));
  EXPECT_TRUE(imports(benign, "torch.FloatStorage"));  // in the persistent ids
  EXPECT_TRUE(others(benign).empty());
  const std::uint64_t reduce = opcode_at(manifest()["malicious_data.pkl"], "REDUCE", 3);
  // A zip named .bin, and the payload deflated: by content either way.
  for (const auto* name : {"checkpoint.bin", "deflated_checkpoint.pt"}) {
    const WeightsScan scan = scan_fixture(name);
    EXPECT_EQ(scan.format, WeightFormat::pytorch_zip) << name;
    EXPECT_EQ(calls(scan).back(), system_call("archive/data.pkl", reduce)) << name;
    EXPECT_TRUE(others(scan).empty()) << name;
  }
  // A pickle in a member named like tensor data.
  const WeightsScan hidden = scan_fixture("hidden_member.pt");
  EXPECT_EQ(hidden.pickle_members, (std::vector<std::string>{"archive/data.pkl", "archive/data/0"}));
  EXPECT_EQ(calls(hidden).back(), system_call("archive/data/0", opcode_at(manifest()["system_p2.pkl"], "REDUCE")));
  // A checkpoint zipped into another zip.
  const WeightsScan nested = scan_fixture("nested.zip");
  EXPECT_EQ(nested.format, WeightFormat::zip);
  EXPECT_EQ(calls(nested).back(), system_call("inner/checkpoint.pt!archive/data.pkl", reduce));
}

TEST(WeightsFile, BrokenZipsAreReadAsPyTorchWouldAndReported) {
  const std::uint64_t reduce = opcode_at(manifest()["malicious_data.pkl"], "REDUCE", 3);
  const WeightsScan broken = scan_fixture("broken_directory.pt");
  EXPECT_EQ(broken.format, WeightFormat::pytorch_zip);
  EXPECT_EQ(others(broken), std::vector<std::string>{"unreadable @0"});
  EXPECT_NE(broken.facts.front().detail.find("central directory"), std::string::npos);
  EXPECT_EQ(calls(broken).back(), system_call("archive/data.pkl", reduce));

  const WeightsScan crc = scan_fixture("bad_crc.pt");
  EXPECT_EQ(others(crc), std::vector<std::string>{"anomaly archive/data.pkl@0"});
  EXPECT_NE(crc.facts.front().detail.find("CRC"), std::string::npos);
  EXPECT_EQ(calls(crc).back(), system_call("archive/data.pkl", reduce));

  const WeightsScan duplicate = scan_fixture("duplicate.pt");
  EXPECT_EQ(others(duplicate), std::vector<std::string>{"anomaly archive/data.pkl@0"});
  EXPECT_EQ(duplicate.pickle_members, (std::vector<std::string>{"archive/data.pkl", "archive/data.pkl"}));
  EXPECT_EQ(calls(duplicate).back(), system_call("archive/data.pkl", reduce));  // the second one is read too

  const WeightsScan mismatch = scan_fixture("name_mismatch.pt");
  const WeightFact& anomaly = first(mismatch, WeightFact::Kind::anomaly);
  EXPECT_EQ(anomaly.member, "archive/data.pkl");
  EXPECT_NE(anomaly.detail.find("archive/data.txt"), std::string::npos);
  EXPECT_EQ(calls(mismatch).back(), system_call("archive/data.pkl", reduce));
}

TEST(WeightsFile, LegacyTorchFormats) {
  // Five pickles back to back (magic, protocol, sys info, the object, storage keys), then data.
  const WeightsScan legacy = scan_fixture("legacy.pt");
  EXPECT_EQ(legacy.format, WeightFormat::pickle);
  EXPECT_TRUE(others(legacy).empty());
  ASSERT_FALSE(calls(legacy).empty());
  EXPECT_TRUE(calls(legacy).back().starts_with(": posix.system('echo hi')@"));
  EXPECT_EQ(first(legacy, WeightFact::Kind::callable).callable.pickle, 3u);

  const WeightsScan tar = scan_fixture("legacy_tar.pt");
  EXPECT_EQ(tar.format, WeightFormat::pytorch_tar);
  EXPECT_EQ(tar.pickle_members, (std::vector<std::string>{"sys_info", "pickle", "storages", "tensors"}));
  EXPECT_EQ(calls(tar), std::vector<std::string>{system_call("pickle", opcode_at(manifest()["system_p2.pkl"], "REDUCE"))});
}

TEST(WeightsFile, NumPyObjectArrays) {
  const std::uint64_t at = manifest()["object.npy"]["data_at"].get<std::uint64_t>();
  const WeightsScan npy = scan_fixture("object.npy");
  EXPECT_EQ(npy.format, WeightFormat::numpy);
  ASSERT_EQ(calls(npy).size(), 1u);
  EXPECT_TRUE(calls(npy)[0].starts_with(": posix.system('echo hi')@"));
  EXPECT_GT(first(npy, WeightFact::Kind::callable).offset, at);  // offsets in the file, past the header
  const WeightsScan floats = scan_fixture("float.npy");
  EXPECT_EQ(floats.format, WeightFormat::numpy);
  EXPECT_TRUE(floats.facts.empty());
  EXPECT_TRUE(floats.pickle_members.empty());
  const WeightsScan npz = scan_fixture("arrays.npz");
  EXPECT_EQ(npz.format, WeightFormat::numpy_zip);
  EXPECT_EQ(npz.pickle_members, std::vector<std::string>{"objects.npy"});
  EXPECT_EQ(calls(npz).size(), 1u);
}

TEST(WeightsFile, Joblib) {
  const std::vector<std::string> expected = calls(scan_fixture("model.joblib"));
  ASSERT_EQ(expected.size(), 1u);
  EXPECT_EQ(scan_fixture("model.joblib").format, WeightFormat::pickle);  // the raw array bytes after STOP are data
  EXPECT_TRUE(others(scan_fixture("model.joblib")).empty());
  for (const auto* name : {"model_zlib.joblib", "model_gzip.joblib", "model_bz2.joblib", "model_xz.joblib",
                           "model_lzma.joblib", "model_zf.joblib"}) {
    const WeightsScan scan = scan_fixture(name);
    EXPECT_EQ(scan.format, WeightFormat::joblib) << name;
    EXPECT_EQ(calls(scan), expected) << name;
    EXPECT_TRUE(others(scan).empty()) << name;
  }
  // A bomb stops at the member limit, and says so.
  WeightLimits small;
  small.max_member_bytes = 1 << 20;
  const WeightsScan bomb = scan_fixture("bomb.joblib", small);
  const WeightFact& limit = first(bomb, WeightFact::Kind::unreadable);
  EXPECT_NE(limit.detail.find("max_member_bytes"), std::string::npos) << limit.detail;
  // And at the total limit.
  WeightLimits total;
  total.max_total_bytes = 1 << 20;
  EXPECT_NE(first(scan_fixture("bomb.joblib", total), WeightFact::Kind::unreadable).detail.find("max_total_bytes"),
            std::string::npos);
}

// joblib writes each array's bytes right after its NumpyArrayWrapper's BUILD (the fixtures
// are byte for byte what joblib.dump writes): the reader steps over them and reads on.
TEST(WeightsFile, JoblibArraysAreSteppedOverAndTheRestIsRead) {
  const auto named = [](const WeightsScan& scan) {
    std::vector<std::string> out;
    for (const auto& f : scan.facts) {
      if (f.kind == WeightFact::Kind::callable && f.callable.use == PickleCallable::Use::call) out.push_back(f.callable.qualified());
    }
    return out;
  };
  const WeightsScan sklearn = scan_fixture("sklearn.joblib");
  EXPECT_EQ(sklearn.format, WeightFormat::pickle);
  EXPECT_TRUE(others(sklearn).empty()) << others(sklearn).front();
  // Three raw arrays (one dtype memoized and used twice), an object array (its own pickle),
  // then the OrderedDict: every call up to the end of the pickle.
  const std::vector<std::string> sklearn_calls = named(sklearn);
  EXPECT_EQ(std::count(sklearn_calls.begin(), sklearn_calls.end(), "joblib.numpy_pickle.NumpyArrayWrapper"), 8)
      << "a NEWOBJ and a BUILD per array";
  EXPECT_EQ(sklearn_calls.back(), "collections.OrderedDict");

  const auto system_call = [&](const WeightsScan& scan) {
    const auto c = calls(scan);
    return std::count_if(c.begin(), c.end(), [](const std::string& s) { return s.starts_with(": posix.system('echo hi')@"); });
  };
  const WeightsScan after = scan_fixture("payload_after_arrays.joblib");
  EXPECT_TRUE(others(after).empty());
  EXPECT_EQ(system_call(after), 1) << "the payload after two arrays' bytes";
  EXPECT_EQ(system_call(scan_fixture("payload_in_object_array.joblib")), 1) << "the payload in an object array's pickle";
  const WeightsScan compressed = scan_fixture("sklearn_zlib.joblib");
  EXPECT_EQ(compressed.format, WeightFormat::joblib);
  EXPECT_EQ(system_call(compressed), 1);
  // Cut inside an array: unreadable, at the wrapper's BUILD, saying why.
  const WeightsScan cut = scan_fixture("array_cut.joblib");
  const WeightFact& unreadable = first(cut, WeightFact::Kind::unreadable);
  EXPECT_NE(unreadable.detail.find("joblib array: its 48 bytes run past the end of the data"), std::string::npos)
      << unreadable.detail;
  EXPECT_EQ(system_call(cut), 0);
}

TEST(WeightsFile, Safetensors) {
  const WeightsScan good = scan_fixture("good.safetensors");
  EXPECT_EQ(good.format, WeightFormat::safetensors);
  EXPECT_TRUE(good.facts.empty());
  const auto problem = [](const std::string& name) {
    const WeightsScan scan = scan_fixture(name);
    EXPECT_EQ(scan.format, WeightFormat::safetensors) << name;
    EXPECT_EQ(scan.facts.size(), 1u) << name;
    return scan.facts.empty() ? WeightFact{} : scan.facts[0];
  };
  const WeightFact past_end = problem("past_end.safetensors");
  EXPECT_EQ(past_end.kind, WeightFact::Kind::unreadable);
  EXPECT_NE(past_end.detail.find("[0, 16]"), std::string::npos) << past_end.detail;
  EXPECT_NE(problem("overlap.safetensors").detail.find("overlap"), std::string::npos);
  const WeightFact json = problem("invalid_json.safetensors");
  EXPECT_NE(json.detail.find("not valid JSON"), std::string::npos);
  EXPECT_GT(json.offset, 8u);
  const WeightFact too_long = problem("too_long.safetensors");
  EXPECT_EQ(too_long.offset, 0u);
  EXPECT_NE(too_long.detail.find("1048576"), std::string::npos);
}

TEST(WeightsFile, GgufChatTemplates) {
  const WeightsScan model = scan_fixture("model.gguf");
  EXPECT_EQ(model.format, WeightFormat::gguf);
  ASSERT_EQ(model.facts.size(), 1u);
  EXPECT_EQ(model.facts[0].kind, WeightFact::Kind::chat_template);
  EXPECT_EQ(model.facts[0].detail, manifest()["model.gguf"]["template"].get<std::string>());
  EXPECT_EQ(model.facts[0].offset, manifest()["model.gguf"]["template_at"].get<std::uint64_t>());
  for (const auto* name : {"truncated.gguf", "huge_count.gguf"}) {
    const WeightsScan scan = scan_fixture(name);
    ASSERT_EQ(scan.facts.size(), 1u) << name;
    EXPECT_EQ(scan.facts[0].kind, WeightFact::Kind::unreadable) << name;
  }
}

TEST(WeightsFile, KerasConfigs) {
  const WeightsScan lambda = scan_fixture("lambda.keras");
  EXPECT_EQ(lambda.format, WeightFormat::keras);
  ASSERT_EQ(lambda.facts.size(), 1u);
  EXPECT_EQ(lambda.facts[0].kind, WeightFact::Kind::keras_lambda);
  EXPECT_EQ(lambda.facts[0].member, "config.json");
  EXPECT_EQ(lambda.facts[0].detail, "exfiltrate");
  EXPECT_GT(lambda.facts[0].offset, 0u);

  const WeightsScan outside = scan_fixture("outside.keras");
  EXPECT_EQ(outside.format, WeightFormat::keras);
  std::vector<std::string> names;
  for (const auto& f : outside.facts) {
    EXPECT_EQ(f.kind, WeightFact::Kind::callable);
    EXPECT_EQ(f.callable.use, PickleCallable::Use::import);
    names.push_back(f.callable.qualified());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"os.system", "evil_layers.Backdoor"}));
}

// ---- bytes made here -------------------------------------------------------------------------------

std::string le(std::uint64_t v, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return out;
}

TEST(WeightsFile, IdentifyByMagic) {
  EXPECT_EQ(identify_weights("PK\x05\x06" + std::string(18, '\0')), WeightFormat::zip);
  EXPECT_EQ(scan_weights("PK\x05\x06" + std::string(18, '\0')).format, WeightFormat::zip);  // an empty zip
  EXPECT_EQ(identify_weights("\x93NUMPY\x01\x00"sv), WeightFormat::numpy);
  EXPECT_EQ(identify_weights("GGUF\x03\x00\x00\x00"sv), WeightFormat::gguf);
  EXPECT_EQ(identify_weights(le(2, 8) + "{}"), WeightFormat::safetensors);
  EXPECT_EQ(identify_weights("\x80\x02N."sv), WeightFormat::pickle);
  EXPECT_EQ(identify_weights("\x80\x07N."sv), WeightFormat::none);
  EXPECT_EQ(identify_weights("\x80\x02\xff\xff"sv), WeightFormat::none);  // PROTO, then no pickle
  EXPECT_EQ(identify_weights("x\x9c\x01\x02\x03\x04"sv), WeightFormat::none);  // zlib's magic, no zlib stream
  EXPECT_EQ(identify_weights("\x1f\x8b\x08\x00"sv), WeightFormat::joblib);
  EXPECT_EQ(identify_weights("BZh9"sv), WeightFormat::joblib);
  std::string tar(512, '\0');
  tar.replace(257, 5, "ustar");
  EXPECT_EQ(identify_weights(tar), WeightFormat::pytorch_tar);
  EXPECT_EQ(kWeightSniffBytes, 512u);
}

TEST(WeightsFile, RandomTensorBytesAreNoFormat) {
  // The heads of 200,000 members of random bytes (tensor data), 256 KiB each: none is taken for
  // a pickle or a compressed stream, though 0x80 0x02 and 0x78 0x9c come up among them.
  std::mt19937_64 random(2024);
  std::size_t magic = 0;
  for (int i = 0; i < 200'000; ++i) {
    std::string head(kWeightSniffBytes, '\0');
    for (std::size_t k = 0; k < head.size(); k += 8) {
      const std::uint64_t r = random();
      for (std::size_t b = 0; b < 8; ++b) head[k + b] = static_cast<char>((r >> (8 * b)) & 0xFF);
    }
    if (i % 64 == 0) head[0] = '\x80', head[1] = static_cast<char>(2 + i % 4);  // PROTO, then noise
    if (i % 64 == 1) head[0] = 'x', head[1] = '\x9c';
    if (i % 64 < 2) ++magic;
    const WeightFormat format = weights::identify(head, 256 << 10);
    EXPECT_TRUE(format == WeightFormat::none || format == WeightFormat::safetensors) << i << ": " << to_string(format);
  }
  EXPECT_GT(magic, 6000u);
}

TEST(WeightsFile, NpyHeadersAreBoundsChecked) {
  for (const std::string& bad : {std::string("\x93NUMPY\x01\x00\xff\xff{", 11), std::string("\x93NUMPY\x09\x00\x10\x00", 10),
                                std::string("\x93NUMPY\x02\x00", 8), std::string("\x93NUMPY\x01\x00\x04\x00junk", 14)}) {
    const WeightsScan scan = scan_weights(bad);
    EXPECT_EQ(scan.format, WeightFormat::numpy);
    ASSERT_EQ(scan.facts.size(), 1u);
    EXPECT_EQ(scan.facts[0].kind, WeightFact::Kind::unreadable);
  }
}

TEST(WeightsFile, GgufArraysAreBoundsChecked) {
  // An array of 2^60 u32 and an array of 2^40 strings in a tiny file.
  for (const std::string& array : {le(4, 4) + le(1ull << 60, 8), le(8, 4) + le(1ull << 40, 8)}) {
    const std::string data = "GGUF" + le(3, 4) + le(0, 8) + le(1, 8) + le(3, 8) + "k.y" + le(9, 4) + array;
    const WeightsScan scan = scan_weights(data);
    ASSERT_EQ(scan.facts.size(), 1u);
    EXPECT_EQ(scan.facts[0].kind, WeightFact::Kind::unreadable);
    EXPECT_EQ(scan.facts[0].offset, 24u);
  }
  EXPECT_EQ(scan_weights("GGUF" + le(1, 4)).facts.size(), 1u);  // version 1: 32-bit lengths, not read
}

TEST(WeightsFile, TarChecksumsAndSizes) {
  std::string tar = fixture("legacy_tar.pt");
  tar[148] = '9';  // the first header's checksum
  const WeightsScan scan = scan_weights(tar);
  EXPECT_EQ(others(scan), std::vector<std::string>{"unreadable @0"});
  std::string cut = fixture("legacy_tar.pt").substr(0, 512 + 10);
  EXPECT_EQ(scan_weights(cut).format, WeightFormat::pytorch_tar);  // no crash; the cut member is unreadable
}

TEST(WeightsFile, MemberLimits) {
  WeightLimits one;
  one.max_members = 1;
  const WeightsScan scan = scan_fixture("checkpoint.bin", one);
  const WeightFact& limit = first(scan, WeightFact::Kind::unreadable);
  EXPECT_NE(limit.detail.find("max_members"), std::string::npos);
  WeightLimits shallow;
  shallow.max_depth = 1;
  const WeightsScan nested = scan_fixture("nested.zip", shallow);
  EXPECT_NE(first(nested, WeightFact::Kind::unreadable).detail.find("max_depth"), std::string::npos);
  EXPECT_TRUE(calls(nested).empty());
}

TEST(WeightsFile, DamagedFilesNeverCrashOrThrow) {
  // Every fixture cut at many lengths, and with bytes flipped: the scan ends, whatever it finds.
  std::mt19937 random(14);
  for (const auto* name : {"checkpoint.bin", "deflated_checkpoint.pt", "arrays.npz", "legacy_tar.pt", "model.gguf",
                           "good.safetensors", "model_zlib.joblib", "lambda.keras", "object.npy", "nested.pkl",
                           "broken_directory.pt"}) {
    const std::string bytes = fixture(name);
    for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 16) {
      EXPECT_NO_THROW(scan_weights(std::string_view(bytes).substr(0, n))) << name << " cut at " << n;
    }
    for (int round = 0; round < 200; ++round) {
      std::string damaged = bytes;
      for (int k = 0; k < 4; ++k) damaged[random() % damaged.size()] = static_cast<char>(random());
      EXPECT_NO_THROW(scan_weights(damaged)) << name;
    }
  }
}

}  // namespace
}  // namespace warden::detail
