// Reporters (text, JSON, SARIF, stats) and the finding helpers they rely on.
//
// The golden files in tests/data/golden/ hold the exact expected output for a hand-built
// ScanResult. After an intended format change, rewrite them with
//   WARDEN_UPDATE_GOLDEN=1 ./warden_tests --gtest_filter='*Golden*'
// and review the diff by eye before committing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiled_rules.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

// ---------------------------------------------------------------------------------------
// Fixtures

RuleInfo make_rule(std::string id, std::string title, Severity severity, Confidence confidence, std::vector<int> cwes) {
  RuleInfo rule;
  rule.id = std::move(id);
  rule.title = std::move(title);
  rule.severity = severity;
  rule.confidence = confidence;
  rule.cwes = std::move(cwes);
  return rule;
}

// Rule metadata of our own, so the goldens do not change when the built-in texts do.
RuleSet test_rules() {
  RuleInfo os_system = make_rule("py-exec-os-system", "Shell command run with os.system", Severity::critical,
                                 Confidence::high, {78});
  os_system.description =
      "`os.system` runs its argument through the shell.\n\nUse `subprocess.run([...])` with a list instead.";
  os_system.tags = {"exec", "security"};
  os_system.references = {"https://docs.python.org/3/library/os.html#os.system"};
  os_system.xrefs = {{"bandit", "B605"}};

  RuleInfo pickle = make_rule("py-deserialize-pickle", "Untrusted data unpickled", Severity::high,
                              Confidence::medium, {502});
  pickle.description = "Unpickling runs arbitrary code.";
  pickle.tags = {"deserialization"};

  RuleInfo eval = make_rule("py-exec-eval", "Code evaluated with eval", Severity::medium, Confidence::low, {95});
  RuleInfo http = make_rule("py-net-plain-http", "Download over plain HTTP", Severity::low, Confidence::medium, {});
  http.description = "Plain HTTP can be tampered with.";
  RuleInfo disabled = make_rule("py-disabled", "A rule that is switched off", Severity::low, Confidence::low, {});

  std::vector<detail::CompiledRule> compiled;
  for (RuleInfo& info : std::vector<RuleInfo>{os_system, pickle, eval, http, disabled}) {
    detail::CompiledRule rule;
    rule.info = std::move(info);
    compiled.push_back(std::move(rule));
  }
  return RuleSet(std::make_shared<const detail::CompiledRules>(std::move(compiled)), {true, true, true, true, false});
}

Range range(std::uint32_t line, std::uint32_t column, std::uint32_t end_line, std::uint32_t end_column) {
  return Range{Position{line, column}, Position{end_line, end_column}};
}

// One of everything the reporters must handle: tabs and multi-byte UTF-8 before and inside
// ranges, a multi-line range, a trace, a path needing percent-encoding, diagnostics with and
// without a line, and files skipped for several reasons.
ScanResult sample_result() {
  ScanResult result;

  Finding os_system;
  os_system.rule_id = "py-exec-os-system";
  os_system.title = "Shell command run with os.system";
  os_system.message = "os.system runs 'cmd' through the shell";
  os_system.cwes = {78};
  os_system.severity = Severity::critical;
  os_system.confidence = Confidence::high;
  os_system.file = "models/modeling_sample.py";
  // Columns: \t=1 x=2 ' '=3 '='=4 ' '=5 '"'=6 日=7 本=8 '"'=9 ';'=10 ' '=11 o=12.
  os_system.range = range(12, 12, 12, 26);
  os_system.snippet = "\tx = \"日本\"; os.system(cmd)";
  os_system.fingerprint = "9f86d081884c7d65";
  os_system.trace = {
      TraceStep{"models/modeling_sample.py", range(10, 8, 10, 27), "'cmd' comes from user input here",
                "\tcmd = input(\"commände: \") or \"ls\"", std::nullopt},
      TraceStep{"models/modeling_sample.py", range(12, 22, 12, 25), "and reaches os.system here",
                "\tx = \"日本\"; os.system(cmd)", std::nullopt},
  };

  Finding pickle;
  pickle.rule_id = "py-deserialize-pickle";
  pickle.title = "Untrusted data unpickled";
  pickle.message = "pickle.loads on data read from the network";
  pickle.cwes = {502};
  pickle.severity = Severity::high;
  pickle.confidence = Confidence::medium;
  pickle.file = "models/modeling_sample.py";
  pickle.range = range(20, 11, 22, 6);
  pickle.snippet = "    obj = pickle.loads(\n        blob,\n    )";
  pickle.fingerprint = "0123456789abcdef";

  Finding http;
  http.rule_id = "py-net-plain-http";
  http.title = "Download over plain HTTP";
  http.message = "URL uses http://";
  http.severity = Severity::low;
  http.confidence = Confidence::medium;
  http.file = "setup.py";
  http.range = range(2, 13, 2, 35);  // the string literal
  http.snippet = "urlretrieve(\"http://example.com/x\")";
  http.fingerprint = "fedcba9876543210";

  Finding eval;
  eval.rule_id = "py-exec-eval";
  eval.title = "Code evaluated with eval";
  eval.message = "eval of a value that is not a literal";
  eval.cwes = {95};
  eval.severity = Severity::medium;
  eval.confidence = Confidence::low;
  eval.file = "utils/ünïcode dir/helpers.py";
  eval.range = range(3, 1, 3, 16);  // the whole line
  eval.snippet = "eval(user_code)";
  eval.fingerprint = "00000000deadbeef";

  result.findings = {os_system, pickle, http, eval};
  std::sort(result.findings.begin(), result.findings.end(), finding_less);

  result.diagnostics = {
      Diagnostic{"broken.py", Position{0, 0}, DiagnosticLevel::warning, "encoding-cookie",
                 "file declares encoding 'latin-1'; read as UTF-8", ""},
      Diagnostic{"broken.py", Position{4, 16}, DiagnosticLevel::error, "syntax-error", "expected ':'",
                 "if name == \"é\" print(name)"},
      Diagnostic{"models/modeling_sample.py", Position{1, 1}, DiagnosticLevel::note, "bom", "byte-order mark removed",
                 ""},
  };
  result.skipped = {
      SkippedFile{"big.py", SkipReason::too_large, "12582912 bytes, limit 10485760"},
      SkippedFile{"config.json", SkipReason::not_python, "not a .py or .pyi file"},
      SkippedFile{"link.py", SkipReason::symlink_outside_root, "points to /etc/passwd"},
      SkippedFile{"tokenizer.json", SkipReason::not_python, "not a .py or .pyi file"},
      SkippedFile{"weights.py", SkipReason::binary, ""},
  };
  result.analysed = {"broken.py", "models/modeling_sample.py", "setup.py", "utils/ünïcode dir/helpers.py"};
  result.weights = {
      WeightsFile{"model.safetensors", "safetensors", WeightsVerdict::safe_format, 0, 0, 0, 0, OnLoad::unknown},
      WeightsFile{"pytorch_model.bin", "pytorch_zip", WeightsVerdict::dangerous, 1, 3, 1, 1, OnLoad::yes},
  };
  return result;
}

// ---------------------------------------------------------------------------------------
// Golden files

bool updating_goldens() {
  const char* value = std::getenv("WARDEN_UPDATE_GOLDEN");
  return value != nullptr && std::string_view(value) == "1";
}

// The version changes with every release; the goldens hold a placeholder instead.
std::string without_version(std::string text) {
  const std::string quoted = "\"" + std::string(version()) + "\"";
  for (auto at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at)) {
    text.replace(at, quoted.size(), "\"@VERSION@\"");
  }
  return text;
}

void expect_golden(const std::string& name, const std::string& actual) {
  const auto path = std::filesystem::path(WARDEN_TEST_DATA) / "golden" / name;
  if (updating_goldens()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    std::cout << "updated " << path << '\n';
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << path << "; run with WARDEN_UPDATE_GOLDEN=1 to create it";
  std::ostringstream contents;
  contents << in.rdbuf();
  const std::string expected = contents.str();
  EXPECT_EQ(actual, expected) << "output differs from " << path
                              << "; if the change is intended, rerun with WARDEN_UPDATE_GOLDEN=1 and review";
}

std::string text_report(const ScanResult& result, TextOptions options = {}) {
  std::ostringstream out;
  write_text(out, result, options);
  return out.str();
}

std::string json_report(const ScanResult& result) {
  std::ostringstream out;
  write_json(out, result, test_rules());
  return out.str();
}

std::string sarif_report(const ScanResult& result) {
  std::ostringstream out;
  write_sarif(out, result, test_rules());
  return out.str();
}

TEST(ReportGolden, Text) { expect_golden("report.txt", text_report(sample_result())); }

TEST(ReportGolden, TextColor) { expect_golden("report-color.txt", text_report(sample_result(), {.color = true})); }

TEST(ReportGolden, Json) { expect_golden("report.json", without_version(json_report(sample_result()))); }

TEST(ReportGolden, Sarif) { expect_golden("report.sarif", without_version(sarif_report(sample_result()))); }

// ---------------------------------------------------------------------------------------
// Text

Finding finding_at(std::string snippet, Range where) {
  Finding finding;
  finding.rule_id = "r";
  finding.message = "m";
  finding.file = "f.py";
  finding.range = where;
  finding.snippet = std::move(snippet);
  return finding;
}

// The lines of the text report before the summary line.
std::string diagnostic_lines(const ScanResult& result) {
  const std::string text = text_report(result, {.show_skipped = false});
  const auto last_line = text.rfind('\n', text.size() - 2);
  return last_line == std::string::npos ? std::string() : text.substr(0, last_line + 1);
}

TEST(TextReport, CaretCountsCodePointsAndKeepsTabs) {
  ScanResult result;
  result.findings = {finding_at("\té = f(x)", range(1, 6, 1, 10))};
  EXPECT_EQ(diagnostic_lines(result),
            "f.py:1:6: warning: m [r]\n"
            "\té = f(x)\n"
            "\t    ^~~~\n");
}

TEST(TextReport, MultiLineRangeUnderlinesToEndOfFirstLine) {
  ScanResult result;
  result.findings = {finding_at("call(a,\n     b)", range(1, 1, 2, 8))};
  EXPECT_EQ(diagnostic_lines(result),
            "f.py:1:1: warning: m [r]\n"
            "call(a,\n"
            "^~~~~~~\n");
}

TEST(TextReport, EmptyRangeGetsCaretOnly) {
  ScanResult result;
  result.findings = {finding_at("abc", range(1, 4, 1, 4))};
  EXPECT_EQ(diagnostic_lines(result),
            "f.py:1:4: warning: m [r]\n"
            "abc\n"
            "   ^\n");
}

TEST(TextReport, EmptyResultPrintsOnlyTheSummary) {
  EXPECT_EQ(text_report(ScanResult{}), "0 findings (0 critical, 0 high, 0 medium, 0 low); 0 files analysed, 0 skipped, 0 with errors\n");
}

TEST(TextReport, SingularWording) {
  ScanResult result;
  result.findings = {finding_at("x", range(1, 1, 1, 2))};
  result.analysed = {"f.py"};
  const std::string text = text_report(result);
  EXPECT_NE(text.find("\n1 finding (0 critical, 0 high, 1 medium, 0 low); 1 file analysed, 0 skipped, 0 with errors\n"),
            std::string::npos)
      << text;
}

TEST(TextReport, SkippedFilesCanBeHidden) {
  const std::string shown = text_report(sample_result());
  const std::string hidden = text_report(sample_result(), {.show_skipped = false});
  EXPECT_NE(shown.find("note: skipped 5 files\n"), std::string::npos);
  EXPECT_EQ(hidden.find("skipped 5 files"), std::string::npos);
  EXPECT_NE(hidden.find("5 skipped"), std::string::npos) << "the summary still counts them";
}

TEST(TextReport, SkippedDetailsGivenOncePerGroupWhenShared) {
  ScanResult result;
  result.skipped = {SkippedFile{"a.py", SkipReason::too_large, "11 MB"}, SkippedFile{"b.bin", SkipReason::not_python, ""},
                    SkippedFile{"c.py", SkipReason::too_large, "12 MB"}, SkippedFile{"d.txt", SkipReason::not_python, ""}};
  const std::string text = text_report(result);
  EXPECT_NE(text.find("note: skipped 4 files\n"
                      "  too large (2): a.py (11 MB), c.py (12 MB)\n"
                      "  not Python (2): b.bin, d.txt\n"),
            std::string::npos)
      << text;
}

TEST(TextReport, NoEscapeSequencesWithoutColor) {
  EXPECT_EQ(text_report(sample_result()).find('\x1b'), std::string::npos);
}

// ---------------------------------------------------------------------------------------
// JSON and SARIF: structure beyond the exact bytes

TEST(JsonReport, DescribesEveryFindingAndTheSummary) {
  const auto doc = nlohmann::json::parse(json_report(sample_result()));
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["tool"]["version"], std::string(version()));
  ASSERT_EQ(doc["findings"].size(), 4u);
  EXPECT_EQ(doc["findings"][0]["trace"].size(), 2u);
  EXPECT_EQ(doc["rules"].size(), 4u) << "the disabled rule is not listed";
  EXPECT_EQ(doc["summary"]["by_severity"]["critical"], 1);
  EXPECT_EQ(doc["summary"]["files_with_errors"], 1);
  EXPECT_EQ(doc["skipped"][1]["reason"], "not-python");
}

TEST(SarifReport, ResultsPointAtTheirRules) {
  const auto doc = nlohmann::json::parse(sarif_report(sample_result()));
  const auto& run = doc["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 4u);
  for (const auto& result : run["results"]) {
    EXPECT_EQ(rules[result["ruleIndex"].get<std::size_t>()]["id"], result["ruleId"]);
  }
}

TEST(SarifReport, MapsSeverityToLevelAndSecuritySeverity) {
  const auto doc = nlohmann::json::parse(sarif_report(sample_result()));
  const auto& run = doc["runs"][0];
  std::map<std::string, std::pair<std::string, std::string>> by_rule;  // id -> (level, security-severity)
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    by_rule[rule["id"]] = {rule["defaultConfiguration"]["level"], rule["properties"]["security-severity"]};
  }
  using Expected = std::pair<std::string, std::string>;
  EXPECT_EQ(by_rule["py-exec-os-system"], Expected("error", "9.5"));
  EXPECT_EQ(by_rule["py-deserialize-pickle"], Expected("error", "8.0"));
  EXPECT_EQ(by_rule["py-exec-eval"], Expected("warning", "5.5"));
  EXPECT_EQ(by_rule["py-net-plain-http"], Expected("note", "3.0"));
}

TEST(SarifReport, RegionSnippetIsTheRangeText) {
  const auto doc = nlohmann::json::parse(sarif_report(sample_result()));
  const auto& results = doc["runs"][0]["results"];
  const auto& os_system = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(os_system["region"]["snippet"]["text"], "os.system(cmd)");
  EXPECT_EQ(os_system["contextRegion"]["snippet"]["text"], "\tx = \"日本\"; os.system(cmd)");
  const auto& pickle = results[1]["locations"][0]["physicalLocation"];
  EXPECT_EQ(pickle["region"]["snippet"]["text"], "pickle.loads(\n        blob,\n    )");
}

TEST(SarifReport, UrisArePercentEncodedAndRelativeToSourceRoot) {
  ScanResult result;
  result.findings = {finding_at("x", range(1, 1, 1, 2))};
  result.findings[0].file = "./dir with space/ü:x.py";
  result.findings.push_back(finding_at("x", range(1, 1, 1, 2)));
  result.findings[1].file = "/abs/a b.py";
  std::ostringstream out;
  write_sarif(out, result, test_rules());
  const auto doc = nlohmann::json::parse(out.str());
  const auto& relative = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(relative["uri"], "dir%20with%20space/%C3%BC%3Ax.py");
  EXPECT_EQ(relative["uriBaseId"], "%SRCROOT%");
  const auto& absolute = doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(absolute["uri"], "file:///abs/a%20b.py");
  EXPECT_FALSE(absolute.contains("uriBaseId"));
}

// ---------------------------------------------------------------------------------------
// Stats

TEST(StatsReport, PhasesSharesAndThroughput) {
  ScanStats stats;
  stats.discover_s = 0.01;
  stats.read_s = 0.04;
  stats.parse_s = 0.25;
  stats.resolve_s = 0.05;
  stats.match_s = 0.10;
  stats.taint_s = 0.05;
  stats.report_s = 0;
  stats.wall_s = 0.125;
  stats.files_analysed = 100;
  stats.files_skipped = 3;
  stats.lines = 50000;
  stats.bytes = 2'000'000;
  stats.jobs = 4;
  std::ostringstream out;
  write_stats(out, stats);
  EXPECT_EQ(out.str(),
            "phase           CPU s   share\n"
            "discover       0.0100    2.0%\n"
            "read           0.0400    8.0%\n"
            "parse          0.2500   50.0%\n"
            "resolve        0.0500   10.0%\n"
            "match          0.1000   20.0%\n"
            "dataflow       0.0000    0.0%\n"
            "signatures     0.0000    0.0%\n"
            "weights        0.0000    0.0%\n"
            "taint          0.0500   10.0%\n"
            "report         0.0000    0.0%\n"
            "total          0.5000  100.0%\n"
            "\n"
            "wall       0.1250 s, 4 jobs\n"
            "input      100 files analysed, 3 skipped, 50000 lines, 2.00 MB\n"
            "throughput 400000 lines/s, 800.0 files/s, 16.00 MB/s\n");
}

TEST(StatsReport, SlowestRulesWithTheirShareOfTheMatchPhase) {
  ScanStats stats;
  stats.match_s = 0.5;
  stats.rules = {{"py-slow", 0.4, 1000, 3}, {"py-fast", 0.1, 10, 0}};
  std::ostringstream out;
  write_stats(out, stats);
  const std::string text = out.str();
  EXPECT_NE(text.find("rule (slowest first)"), std::string::npos) << text;
  EXPECT_NE(text.find("py-slow                                              0.4000   80.0%       1000        3\n"),
            std::string::npos)
      << text;
  EXPECT_LT(text.find("py-slow"), text.find("py-fast")) << text;
}

TEST(StatsReport, ZeroTimesGiveDashesNotNan) {
  std::ostringstream out;
  write_stats(out, ScanStats{});
  const std::string text = out.str();
  EXPECT_EQ(text.find("nan"), std::string::npos) << text;
  EXPECT_EQ(text.find("inf"), std::string::npos) << text;
  EXPECT_NE(text.find("throughput - lines/s, - files/s, - MB/s\n"), std::string::npos) << text;
}

// ---------------------------------------------------------------------------------------
// Finding helpers

TEST(FindingNames, RoundTripAndIgnoreCase) {
  for (auto s : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    EXPECT_EQ(parse_severity(to_string(s)), s);
  }
  for (auto c : {Confidence::low, Confidence::medium, Confidence::high}) {
    EXPECT_EQ(parse_confidence(to_string(c)), c);
  }
  EXPECT_EQ(parse_severity("HIGH"), Severity::high);
  EXPECT_EQ(parse_severity("severe"), std::nullopt);
  EXPECT_EQ(parse_confidence(""), std::nullopt);
  EXPECT_EQ(to_string(SkipReason::symlink_outside_root), "symlink-outside-root");
  EXPECT_EQ(to_string(DiagnosticLevel::warning), "warning");
}

TEST(FindingOrder, FileThenStartThenRuleThenEndThenMessage) {
  auto make = [](std::string file, Range where, std::string rule, std::string message) {
    Finding finding = finding_at("", where);
    finding.file = std::move(file);
    finding.rule_id = std::move(rule);
    finding.message = std::move(message);
    return finding;
  };
  const Finding a = make("a.py", range(9, 9, 9, 9), "z", "m");
  const Finding b = make("b.py", range(1, 1, 1, 2), "a", "m");
  const Finding b_later_column = make("b.py", range(1, 2, 1, 3), "a", "m");
  const Finding b_other_rule = make("b.py", range(1, 1, 1, 2), "b", "m");
  const Finding b_longer = make("b.py", range(1, 1, 1, 5), "a", "m");
  const Finding b_other_message = make("b.py", range(1, 1, 1, 2), "a", "n");
  EXPECT_TRUE(finding_less(a, b));
  EXPECT_TRUE(finding_less(b, b_later_column));
  EXPECT_TRUE(finding_less(b_longer, b_other_rule)) << "rule id before end position";
  EXPECT_TRUE(finding_less(b, b_longer));
  EXPECT_TRUE(finding_less(b, b_other_message));
  EXPECT_FALSE(finding_less(b, b));
}

TEST(ScanResultQueries, FindingsAtOrAbove) {
  ScanResult result;
  EXPECT_FALSE(result.has_findings_at_or_above(Severity::low));
  result.findings = {finding_at("", range(1, 1, 1, 1))};
  result.findings[0].severity = Severity::high;
  EXPECT_TRUE(result.has_findings_at_or_above(Severity::high));
  EXPECT_FALSE(result.has_findings_at_or_above(Severity::critical));
}

}  // namespace
}  // namespace warden
