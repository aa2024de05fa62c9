// --format bandit-json: Bandit's own JSON document, field by field.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "temp_tree.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

using Json = nlohmann::json;

constexpr const char* kRules = R"(
rule bandit-b605-start-process-with-a-shell {
  title: "t"
  message: "Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell"
  severity: low
  confidence: high
  cwe: 78
  references: ["https://cwe.mitre.org/data/definitions/78.html", "https://bandit.readthedocs.io/en/latest/plugins/b605_start_process_with_a_shell.html"]
  bandit: B605
  match: call os.system
}
rule bandit-b403-import-pickle {
  title: "t"
  message: "Consider possible security implications associated with pickle module."
  severity: low
  confidence: high
  cwe: 502
  bandit: B403
  match: import pickle
}
rule own-check {
  title: "t"
  message: "popen"
  severity: critical
  confidence: medium
  match: call os.popen
}
)";

// Blank lines and comments are not Bandit's `loc`; "é" makes byte and code-point columns differ.
constexpr const char* kCode =
    "import os\n"
    "import pickle\n"
    "\n"
    "# a comment\n"
    "def f(cmd):\n"
    "    s = 'é'; os.system(cmd +\n"
    "        s)\n"
    "    os.system(cmd)  # nosec\n"
    "    return os.popen(cmd)\n";

class BanditJson : public ::testing::Test {
 protected:
  Json scan(const std::map<std::string, std::string>& files) {
    tree_ = std::make_unique<testing::TempTree>(files);
    ScanOptions options;
    options.jobs = 1;
    const Scanner scanner(RuleSet::from_text("own.rule", kRules), options);
    const ScanResult result = scanner.scan({tree_->root()});
    std::ostringstream out;
    write_bandit_json(out, result, scanner.rules());
    return Json::parse(out.str());
  }
  std::string file(const std::string& relative) const { return (tree_->root() / relative).string(); }
  std::unique_ptr<testing::TempTree> tree_;
};

TEST_F(BanditJson, ResultsCarryBanditsFields) {
  const Json doc = scan({{"a.py", kCode}});
  ASSERT_EQ(doc["results"].size(), 3u);
  const Json& shell = doc["results"][1];
  // Exactly Bandit 1.8's keys.
  std::set<std::string> keys;
  for (const auto& [key, value] : shell.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"code", "col_offset", "end_col_offset", "filename", "issue_confidence",
                                         "issue_cwe", "issue_severity", "issue_text", "line_number", "line_range",
                                         "more_info", "test_id", "test_name"}));
  EXPECT_EQ(shell["filename"], file("a.py"));
  EXPECT_EQ(shell["test_id"], "B605");
  EXPECT_EQ(shell["test_name"], "start_process_with_a_shell");
  EXPECT_EQ(shell["issue_severity"], "LOW");
  EXPECT_EQ(shell["issue_confidence"], "HIGH");
  EXPECT_EQ(shell["issue_cwe"], (Json{{"id", 78}, {"link", "https://cwe.mitre.org/data/definitions/78.html"}}));
  EXPECT_EQ(shell["issue_text"],
            "Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell");
  EXPECT_EQ(shell["more_info"], "https://bandit.readthedocs.io/en/latest/plugins/b605_start_process_with_a_shell.html");
  EXPECT_EQ(shell["line_number"], 6);
  EXPECT_EQ(shell["line_range"], (Json{6, 7}));
  EXPECT_EQ(shell["col_offset"], 14);     // bytes: 'é' is two
  EXPECT_EQ(shell["end_col_offset"], 10);  // on the last line, after "s)"
  // One line of context before, as Bandit's Issue.get_code(max_lines=3).
  EXPECT_EQ(shell["code"], "5 def f(cmd):\n6     s = 'é'; os.system(cmd +\n7         s)\n8     os.system(cmd)  # nosec\n");

  const Json& import = doc["results"][0];
  EXPECT_EQ(import["test_id"], "B403");
  EXPECT_EQ(import["test_name"], "blacklist");  // Bandit names every blacklist check so
  EXPECT_EQ(import["more_info"], "");
  EXPECT_EQ(import["code"], "1 import os\n2 import pickle\n3 \n");

  // A check without a Bandit id keeps its own; critical is Bandit's HIGH.
  const Json& own = doc["results"][2];
  EXPECT_EQ(own["test_id"], "own-check");
  EXPECT_EQ(own["test_name"], "own-check");
  EXPECT_EQ(own["issue_severity"], "HIGH");
  EXPECT_EQ(own["issue_confidence"], "MEDIUM");
  EXPECT_EQ(own["issue_cwe"], (Json{{"id", 0}, {"link", ""}}));
}

TEST_F(BanditJson, MetricsCountLinesOfCodeNosecAndIssuesPerFile) {
  const Json doc = scan({{"a.py", kCode}, {"empty.py", "\n# only a comment\n"}});
  const Json& a = doc["metrics"][file("a.py")];
  EXPECT_EQ(a["loc"], 7);
  EXPECT_EQ(a["nosec"], 1);
  EXPECT_EQ(a["SEVERITY.LOW"], 2.0);
  EXPECT_EQ(a["SEVERITY.HIGH"], 1.0);
  EXPECT_EQ(a["SEVERITY.MEDIUM"], 0.0);
  EXPECT_EQ(a["SEVERITY.UNDEFINED"], 0.0);
  EXPECT_EQ(a["CONFIDENCE.HIGH"], 2.0);
  EXPECT_EQ(a["CONFIDENCE.MEDIUM"], 1.0);
  EXPECT_EQ(a["skipped_tests"], 0);
  EXPECT_EQ(doc["metrics"][file("empty.py")]["loc"], 0);
  EXPECT_EQ(doc["metrics"]["_totals"]["loc"], 7);
  EXPECT_EQ(doc["metrics"]["_totals"]["SEVERITY.LOW"], 2.0);
  EXPECT_EQ(doc["metrics"]["_totals"]["nosec"], 1);
  EXPECT_EQ(doc["errors"], Json::array());
  EXPECT_TRUE(doc["generated_at"].is_string());
}

TEST_F(BanditJson, FilesWithErrorsAreListedOnceEach) {
  const Json doc = scan({{"bad.py", "def (:\n    x = [\n"}, {"bin.py", std::string("\x7f" "ELF\0\0\0", 7)}});
  ASSERT_EQ(doc["errors"].size(), 2u);
  EXPECT_EQ(doc["errors"][0]["filename"], file("bad.py"));
  EXPECT_EQ(doc["errors"][1]["filename"], file("bin.py"));
  EXPECT_TRUE(doc["errors"][1]["reason"].get<std::string>().starts_with("binary"));
}

}  // namespace
}  // namespace warden
