// examples/obfuscated-payload-model: a reverse shell hidden as a reversed base64 string of zlib
// data, split over a tuple and a concatenation in a helper module, exec'd when the model
// loads. The built-in rules decode it statically and match it against the YARA pack; the
// file-level signatures, which read the text, see nothing. PAYLOAD.md lists the locations.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "warden/warden.hpp"

namespace warden {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

const fs::path kSample = fs::path(WARDEN_SOURCE_DIR) / "examples" / "obfuscated-payload-model";

const ScanResult& sample_scan() {
  static const ScanResult result = Scanner(RuleSet::builtin()).scan({kSample});
  return result;
}

std::string name_of(const std::string& file) { return fs::path(file).filename().string(); }

const Finding* find(const std::string& rule_id, const std::string& file, std::uint32_t line) {
  for (const Finding& f : sample_scan().findings) {
    if (f.rule_id == rule_id && name_of(f.file) == file && f.range.start.line == line) return &f;
  }
  return nullptr;
}

TEST(PayloadSample, DecodedReverseShellIsReportedOnLoad) {
  const Finding* f = find("py-payload-exec-signature", "compat_nimbus.py", 42);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->range.start.column, 5u);
  EXPECT_EQ(f->severity, Severity::critical);
  EXPECT_EQ(f->on_load, OnLoad::yes);
  ASSERT_TRUE(f->decoded.has_value());
  EXPECT_EQ(f->decoded->chain, (Lines{"[::-1]", "base64.b64decode", "zlib.decompress"}));
  const Lines& signatures = f->decoded->signatures;
  EXPECT_NE(std::find(signatures.begin(), signatures.end(), "reverse_shells.python_socket_shell"), signatures.end())
      << ::testing::PrintToString(signatures);
  EXPECT_TRUE(f->decoded->excerpt.starts_with("import os, pty, socket, threading\\n")) << f->decoded->excerpt;
  EXPECT_TRUE(f->decoded->is_bytes);  // zlib.decompress returns bytes
  EXPECT_EQ(f->decoded->size, 306u);
  EXPECT_TRUE(f->message.starts_with("exec runs a payload ([::-1] -> base64.b64decode -> zlib.decompress) matching "
                                     "reverse_shells.python_socket_shell: import os, pty, socket, threading"))
      << f->message;
}

TEST(PayloadSample, LoadChainGoesThroughTheBaseClassIntoTheHelperModule) {
  const Finding* f = find("py-payload-exec-signature", "compat_nimbus.py", 42);
  ASSERT_NE(f, nullptr);
  Lines chain;
  for (const TraceStep& s : f->load_chain) {
    chain.push_back(name_of(s.file) + ":" + std::to_string(s.range.start.line) + ": " + s.message);
  }
  ASSERT_EQ(chain.size(), 3u) << ::testing::PrintToString(chain);
  EXPECT_TRUE(chain[0].starts_with("config.json:5: entry point: config.json 'auto_map.AutoModel' loads 'modeling_nimbus.NimbusModel'"))
      << chain[0];
  EXPECT_EQ(chain[1], "modeling_nimbus.py:65: calls 'modeling_nimbus.NimbusPreTrainedModel.__init__'");
  EXPECT_EQ(chain[2], "modeling_nimbus.py:54: calls 'compat_nimbus.install_backports'");
}

// Exactly two findings: on the exec, the payload rule (the decoded code is a reverse shell: the
// core rule for exec of an unknown value and the encoded-exec rule leave it to it); on the blob, the embedded-code rule (Python source once reversed, base64-
// and zlib-decoded, which it finds by trying those). No file-level yara.* check fires: the decoders are renamed, so no text
// reads exec(zlib.decompress(...)) or exec(NAME[::-1]), and the shell exists only decoded.
TEST(PayloadSample, OnlyTheDecodedValueGivesThePayloadAway) {
  Lines got;
  for (const Finding& f : sample_scan().findings) {
    got.push_back(f.rule_id + "@" + name_of(f.file) + ":" + std::to_string(f.range.start.line) + ":" +
                  std::to_string(f.range.start.column));
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Lines{"py-payload-embedded-code@compat_nimbus.py:40:14",
                        "py-payload-exec-signature@compat_nimbus.py:42:5"}));
  const Finding* blob = find("py-payload-embedded-code", "compat_nimbus.py", 40);
  ASSERT_NE(blob, nullptr);
  ASSERT_TRUE(blob->decoded.has_value());
  EXPECT_EQ(blob->decoded->kind, "python-source");
  EXPECT_EQ(blob->decoded->size, 306u);
  ASSERT_EQ(sample_scan().repositories.size(), 1u);
  EXPECT_EQ(sample_scan().repositories[0].on_load_findings[static_cast<int>(Severity::critical)], 1u);
}

}  // namespace
}  // namespace warden
