// The formula engine and lowering: rules written in the language, run on code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "rule_error_lines.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

std::string rule(const std::string& id, const std::string& match, const std::string& message = "found") {
  return "rule " + id + " {\n  title: \"t\"\n  message: \"" + message + "\"\n  severity: high\n  confidence: high\n  match: " +
         match + "\n}\n";
}

// "line:message" of each finding of the rule text run on the code.
std::vector<std::string> run(const std::string& rules, const std::string& code) {
  const Scanner scanner(RuleSet::from_text("test.rule", rules));
  std::vector<std::string> out;
  for (const auto& f : scanner.scan_buffer("t.py", code).findings) {
    out.push_back(std::to_string(f.range.start.line) + ":" + f.message);
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(RuleEngine, CallWithArgumentConditions) {
  const std::string r = rule("x", "call subprocess.{run, call} (shell: truthy)", "{callee}");
  EXPECT_EQ(run(r, "import subprocess as sp\nsp.run(c, shell=True)\nsp.call(c, shell=False)\nsp.run(c)\n"),
            (Lines{"2:subprocess.run"}));
  EXPECT_EQ(run(rule("x", "call torch.load (weights_only: not truthy)"),
                "import torch\ntorch.load(p)\ntorch.load(p, weights_only=True)\ntorch.load(p, weights_only=flag)\n"),
            (Lines{"2:found", "4:found"}));
  EXPECT_EQ(run(rule("x", "call open (1|mode: = 'wb')"), "open(p, 'wb')\nopen(p, mode=\"wb\")\nopen(p, 'r')\n"),
            (Lines{"1:found", "2:found"}));
  EXPECT_EQ(run(rule("x", "call urllib.request.urlopen (0: matches \"^http:\")"),
                "import urllib.request\nurllib.request.urlopen('http://x')\nurllib.request.urlopen('https://x')\n"),
            (Lines{"2:found"}));
  EXPECT_EQ(run(rule("x", "call eval (0: computed)", "{callee}"), "eval(x)\neval('1')\n"), (Lines{"1:eval"}));
}

TEST(RuleEngine, CalleeGlobs) {
  EXPECT_EQ(run(rule("x", "call requests.* (verify: falsy)"),
                "import requests\nrequests.get(u, verify=False)\nrequests.post(u, verify=0)\nrequests.api.get(u, verify=False)\n"),
            (Lines{"2:found", "3:found"}));  // '*' stays within one segment
}

TEST(RuleEngine, PatternsWithMetavariablesInMessages) {
  EXPECT_EQ(run(rule("x", "`pickle.loads($DATA)`", "unpickles {$DATA}"),
                "from pickle import loads as l\nl(blob)\n"),
            (Lines{"2:unpickles blob"}));
}

TEST(RuleEngine, PatternsSeeTheCalleeWhereTheCallRuns) {
  // The call index and patterns agree: pickle is rebound only after the call.
  EXPECT_EQ(run(rule("x", "`pickle.loads($X)`"), "import pickle\npickle.loads(b)\npickle = None\n"), (Lines{"2:found"}));
}

TEST(RuleEngine, AllWithNotInsideAndWhere) {
  const std::string r = rule("x",
                             "all {\n"
                             "    call os.system\n"
                             "    pattern `os.system($CMD)`\n"
                             "    where $CMD computed\n"
                             "    not-inside `if __name__ == '__main__': ...`\n"
                             "  }",
                             "{$CMD}");
  EXPECT_EQ(run(r, "import os\nos.system(cmd)\nos.system('ls')\nif __name__ == '__main__':\n    os.system(cmd)\n"),
            (Lines{"2:cmd"}));
}

TEST(RuleEngine, InsideAndFocus) {
  const std::string r = rule("x",
                             "all {\n"
                             "    pattern `$F($ARG)`\n"
                             "    inside `def __reduce__(self): ...`\n"
                             "    focus $ARG\n"
                             "  }");
  const auto scanner = Scanner(RuleSet::from_text("t.rule", r));
  const auto result = scanner.scan_buffer("t.py", "class A:\n    def __reduce__(self):\n        return (f(x),)\ng(y)\n");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].range.start, (Position{3, 19}));  // the focused argument
}

TEST(RuleEngine, AnyAndWhereRegexAndInList) {
  const std::string r = rule("x",
                             "any {\n"
                             "    all { pattern `$NAME == $VALUE`  where $NAME matches \"(?i)pass(wd|word)\"  where $VALUE literal }\n"
                             "    all { pattern `$M.$FN($X)`  where $FN in [loads, load] }\n"
                             "  }");
  EXPECT_EQ(run(r, "if password == 'hunter2':\n    pass\nif user == 'x':\n    pass\nx.loads(y)\nx.dumps(y)\n"),
            (Lines{"1:found", "5:found"}));
}

TEST(RuleEngine, ImportAndNodeMatchers) {
  EXPECT_EQ(run(rule("x", "import [telnetlib, Crypto.Cipher.DES]"),
                "import telnetlib\nfrom Crypto.Cipher import DES\nfrom Crypto.Cipher import AES\nimport os\n"),
            (Lines{"1:found", "2:found"}));
  EXPECT_EQ(run(rule("x", "node assert_statement"), "assert x\nx = 1\n"), (Lines{"1:found"}));
}

TEST(RuleEngine, CrossFileCallsMatchFormulas) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "warden-rule-engine-cross-file";
  fs::remove_all(root);
  fs::create_directories(root / "pkg");
  std::ofstream(root / "pkg" / "__init__.py") << "";
  std::ofstream(root / "pkg" / "util.py") << "from os import system as run\n";
  std::ofstream(root / "pkg" / "main.py") << "from .util import run\nrun(cmd)\n";
  const Scanner scanner(RuleSet::from_text("t.rule", rule("x", "call os.system (0: computed)", "{callee}") +
                                                          rule("y", "`os.system($CMD)`", "pattern {$CMD}")));
  const auto result = scanner.scan({root});
  fs::remove_all(root);
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].message, "os.system");
  EXPECT_EQ(result.findings[1].message, "pattern cmd");
  EXPECT_EQ(result.findings[1].range.start.line, 2u);
}

// --- lowering errors --------------------------------------------------------------------

using testing::errors_of;

bool has_error(const std::vector<std::string>& errors, const std::string& fragment) {
  for (const auto& e : errors) {
    if (e.find(fragment) != std::string::npos) return true;
  }
  return false;
}

TEST(RuleLowering, PatternThatIsNotPython) {
  EXPECT_TRUE(has_error(errors_of(rule("x", "`foo(`")), "pattern is not valid Python"));
}

TEST(RuleLowering, PatternErrorsPointIntoTheRuleFile) {
  const std::string text =
      "rule x {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
      "  match: pattern ```\n"
      "    def f():\n"
      "        return g(]\n"
      "  ```\n}\n";
  const auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].substr(0, 5), "8:18:") << errors[0];  // the ']' in the rule file
}

TEST(RuleLowering, BadRegex) {
  EXPECT_TRUE(has_error(errors_of(rule("x", "call f (0: matches \"(unclosed\")")), "invalid regular expression"));
  EXPECT_TRUE(has_error(errors_of(rule("x", "all { `f($X)` where $X matches \"[z-a]\" }")), "invalid regular expression"));
}

TEST(RuleLowering, UnboundMetavariables) {
  EXPECT_TRUE(has_error(errors_of(rule("x", "`f($X)`", "{$Y}")), "metavariable $Y is used in the message"));
  EXPECT_TRUE(has_error(errors_of(rule("x", "all { `f($X)` where $Z literal }")), "metavariable $Z is used in 'where'"));
  EXPECT_TRUE(has_error(errors_of(rule("x", "all { `f($X)` focus $Q }")), "metavariable $Q is used in 'focus'"));
  // Bound in only one branch of `any`: not bound for the message.
  EXPECT_TRUE(has_error(errors_of(rule("x", "any { `f($X)` `g(1)` }", "{$X}")), "metavariable $X"));
  EXPECT_TRUE(errors_of(rule("x", "any { `f($X)` `g($X)` }", "{$X}")).empty());
}

TEST(RuleLowering, UnknownNodeTypeConstantAndPlaceholder) {
  EXPECT_TRUE(has_error(errors_of(rule("x", "node assert_statment")), "unknown node type 'assert_statment'"));
  EXPECT_TRUE(has_error(errors_of(rule("x", "call f (0: = foo())")), "is not a Python constant"));
  EXPECT_TRUE(has_error(errors_of(rule("x", "call f", "{nonsense}")), "unknown placeholder {nonsense}"));
}

TEST(RuleLowering, DuplicateIdsAcrossFiles) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "warden-rule-dupes";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.rule") << rule("same-id", "call f");
  std::ofstream(dir / "b.rule") << rule("same-id", "call g");
  std::vector<std::string> messages;
  try {
    (void)RuleSet::load({dir});
    ADD_FAILURE() << "duplicate ids were accepted";
  } catch (const RuleError& e) {
    for (const auto& err : e.errors()) messages.push_back(err.file + ": " + err.message);
  }
  fs::remove_all(dir);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("b.rule: duplicate rule id 'same-id' (first defined at"), std::string::npos) << messages[0];
}

TEST(RuleLowering, EveryFileIsChecked) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "warden-rule-every-file";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.rule") << rule("a", "`foo(`");
  std::ofstream(dir / "b.rule") << rule("b", "node nope");
  std::size_t count = 0;
  try {
    (void)RuleSet::load({dir});
  } catch (const RuleError& e) {
    count = e.errors().size();
  }
  fs::remove_all(dir);
  EXPECT_EQ(count, 2u);
}

}  // namespace
}  // namespace warden

namespace warden {
namespace {

TEST(RuleEngine, ConstantsByValue) {
  EXPECT_EQ(run(rule("x", "call f.g (k: truthy)"), "import f\nf.g(k=-1)\nf.g(k=0)\nf.g(k=0xA)\nf.g(k=0x0)\n"),
            (Lines{"2:found", "4:found"}));
  EXPECT_EQ(run(rule("x", "call os.chmod (1|mode: = 0o777)"), "import os\nos.chmod(p, 511)\nos.chmod(p, 0o755)\n"),
            (Lines{"2:found"}));
  EXPECT_EQ(run(rule("x", "call f.g (0: = -1.5)"), "import f\nf.g(-1.50)\nf.g(1.5)\n"), (Lines{"2:found"}));
  EXPECT_EQ(run(rule("x", "call f.g (0: = b'x')"), "import f\nf.g(b'x')\nf.g('x')\n"), (Lines{"2:found"}));
}

TEST(RuleEngine, FStringsWithoutInterpolationAreLiterals) {
  EXPECT_EQ(run(rule("x", "call os.system (0: computed)"), "import os\nos.system(f'ls')\nos.system(f'ls {d}')\n"),
            (Lines{"3:found"}));
}

TEST(RuleEngine, CalleePlaceholderInPatternRules) {
  EXPECT_EQ(run(rule("x", "`os.system(...)`", "{callee}"), "from os import system as s\ns('x')\n"), (Lines{"2:os.system"}));
}

TEST(RuleEngine, SequenceMetavariablesInWhereAndFocus) {
  EXPECT_EQ(run(rule("x", "all { `f($...ARGS)`  where $...ARGS literal }"), "f(1, 'a')\nf(x)\n"), (Lines{"1:found"}));
}

}  // namespace
}  // namespace warden
