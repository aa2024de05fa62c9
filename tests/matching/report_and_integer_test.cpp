// Two rule-language features Bandit's checks need: `report { severity: ... confidence: ...
// message: ... }` inside an `all` (a finding says what the case it matched through says), and
// integer tests on literal values (`where int($X) & 0o002`, `where int($X) >= 2048`).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rule_error_lines.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

using Lines = std::vector<std::string>;
using testing::errors_of;

std::string rule(const std::string& match, const std::string& message = "found") {
  return "rule r {\n  title: \"t\"\n  message: \"" + message + "\"\n  severity: low\n  confidence: low\n  match: " + match +
         "\n}\n";
}

// "line:severity:confidence:message" of each finding.
Lines run(const std::string& rules, const std::string& code) {
  const Scanner scanner(RuleSet::from_text("test.rule", rules));
  Lines out;
  for (const auto& f : scanner.scan_buffer("t.py", code).findings) {
    out.push_back(std::to_string(f.range.start.line) + ":" + std::string(to_string(f.severity)) + ":" +
                  std::string(to_string(f.confidence)) + ":" + f.message);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// where int($X) ...

const std::string chmod_rule = rule("all { `os.chmod($P, $M)`  where int($M) & 0o022 }", "{$M}");

TEST(IntegerCondition, BitMaskHoldsWhenAMaskedBitIsSet) {
  EXPECT_EQ(run(chmod_rule, "import os\nos.chmod(p, 0o777)\nos.chmod(p, 0o755)\nos.chmod(p, 0o620)\n"),
            (Lines{"2:low:low:0o777", "4:low:low:0o620"}));
  // Every way Python writes an integer: decimal, hex, binary, underscores, parentheses.
  EXPECT_EQ(run(chmod_rule, "import os\nos.chmod(p, 511)\nos.chmod(p, 0x1ff)\nos.chmod(p, 0b111_111_111)\nos.chmod(p, (0o002))\n"),
            (Lines{"2:low:low:511", "3:low:low:0x1ff", "4:low:low:0b111_111_111", "5:low:low:(0o002)"}));
  // Not an integer Warden reads: a name, another expression, a float, a string, Python 2's `0777`.
  EXPECT_EQ(run(chmod_rule, "import os\nos.chmod(p, mode)\nos.chmod(p, 0o700 + 0o022)\nos.chmod(p, 511.0)\n"
                            "os.chmod(p, '511')\nos.chmod(p, 0777)\n"),
            Lines{});
}

TEST(IntegerCondition, StatConstantsAndTheirUnionsAreRead) {
  // `stat` constants however imported, `|` of them and of literals; a name that only looks
  // like one (a local S_IWOTH) is not read.
  EXPECT_EQ(run(chmod_rule, "import os, stat\nfrom stat import S_IWGRP as W\nos.chmod(p, stat.S_IRWXU | stat.S_IWOTH)\n"
                            "os.chmod(p, stat.S_IRWXU | stat.S_IRGRP)\nos.chmod(p, W | 0o400)\nS_IWOTH = 2\n"
                            "os.chmod(p, S_IWOTH)\n"),
            (Lines{"3:low:low:stat.S_IRWXU | stat.S_IWOTH", "5:low:low:W | 0o400"}));
  // {oct($X)} writes the value as Python's oct() does.
  const std::string octal = rule("all { `os.chmod($P, $M)`  where int($M) & 0o022 }", "{oct($M)}");
  EXPECT_EQ(run(octal, "import os, stat\nos.chmod(p, 511)\nos.chmod(p, stat.S_IRWXU | stat.S_IWOTH)\n"),
            (Lines{"2:low:low:0o777", "3:low:low:0o702"}));
  EXPECT_EQ(errors_of(rule("all { `os.chmod($P, $M)` }", "{oct($M)}")),
            (Lines{"3:12: {oct($M)} in the message needs a `where int($M) ...` condition"}));
}

TEST(IntegerCondition, ComparisonsAndMaskedComparisons) {
  const std::string key_size = rule("all { `generate($BITS)`  where int($BITS) < 2048 }", "{$BITS}");
  EXPECT_EQ(run(key_size, "generate(1024)\ngenerate(2048)\ngenerate(4096)\ngenerate(-1)\n"),
            (Lines{"1:low:low:1024", "4:low:low:-1"}));
  const auto with = [](const std::string& test) { return rule("all { `f($X)`  where int($X) " + test + " }", "{$X}"); };
  const std::string code = "f(5)\nf(7)\nf(8)\n";
  EXPECT_EQ(run(with("<= 7"), code), (Lines{"1:low:low:5", "2:low:low:7"}));
  EXPECT_EQ(run(with("> 7"), code), (Lines{"3:low:low:8"}));
  EXPECT_EQ(run(with(">= 7"), code), (Lines{"2:low:low:7", "3:low:low:8"}));
  EXPECT_EQ(run(with("== 0x7"), code), (Lines{"2:low:low:7"}));
  EXPECT_EQ(run(with("!= 7"), code), (Lines{"1:low:low:5", "3:low:low:8"}));
  // & MASK then the comparison: 5 & 6 == 4, 7 & 6 == 6, 8 & 6 == 0.
  EXPECT_EQ(run(with("& 0b110 == 6"), code), (Lines{"2:low:low:7"}));
  EXPECT_EQ(run(with("& 6 == 0"), code), (Lines{"3:low:low:8"}));
}

TEST(IntegerCondition, ErrorsArePositioned) {
  EXPECT_EQ(errors_of(rule("all { `f($X)`  where int($Y) > 1 }")),
            (Lines{"6:35: metavariable $Y is used in 'where' but never bound by a pattern"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)`  where int($X) 1 }")),
            (Lines{"6:39: expected a comparison (<, <=, >, >=, ==, != and an integer) or a bit mask (& N, & N == V) after int($X)"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)`  where int($X) > x }")),
            (Lines{"6:41: expected an integer (123, 0o777, 0x1ff, 0b101)"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)`  where int($X) > 99999999999999999999 }")),
            (Lines{"6:41: integer out of range (a 64-bit signed integer)"}));
}

// ---------------------------------------------------------------------------------------
// where $X str

TEST(StrCondition, HoldsForWhatPythonParsesAsAStrConstant) {
  const std::string strs = rule("all { `f($X)`  where $X str }", "{$X}");
  EXPECT_EQ(run(strs, "f('a')\nf(r\"b\")\nf(u'c')\nf('d' 'e')\nf(('g'))\nf(\"\"\"h\"\"\")\n"),
            (Lines{"1:low:low:'a'", "2:low:low:r\"b\"", "3:low:low:u'c'", "4:low:low:'d' 'e'", "5:low:low:('g')",
                   "6:low:low:\"\"\"h\"\"\""}));
  // Bytes, f-strings (with or without a field), a concatenation with one, and non-strings.
  EXPECT_EQ(run(strs, "f(b'a')\nf(f'b')\nf(f'{x}')\nf('c' f'd')\nf(Rb'e')\nf(x)\nf(1)\n"), Lines{});
  const std::string not_strs = rule("all { `f($X)`  where $X not str }", "{$X}");
  EXPECT_EQ(run(not_strs, "f('a')\nf(f'b')\n"), (Lines{"2:low:low:f'b'"}));
}

// ---------------------------------------------------------------------------------------
// {imported}

TEST(ImportedPlaceholder, TheNameTheStatementWrites) {
  const std::string imports = rule("import [pickle*, pickle*.*, xml.sax*]", "{imported}");
  EXPECT_EQ(run(imports, "import pickle as p\nfrom pickle import loads as l, dumps\nimport os, xml.sax\n"
                         "from xml import sax\nimport pickletools\n"),
            (Lines{"1:low:low:pickle", "2:low:low:loads", "3:low:low:xml.sax", "4:low:low:sax", "5:low:low:pickletools"}));
  EXPECT_EQ(errors_of(rule("call os.system", "{imported}")),
            (Lines{"3:12: {imported} in the message needs an `import` formula"}));
}

TEST(StrPlaceholder, AStringsValueOtherCodeAsWritten) {
  const std::string values = rule("all { `f($X)` }", "'{str($X)}'");
  EXPECT_EQ(run(values, "f('root')\nf(\"a\" 'b')\nf(name)\nf(b'x')\n"),
            (Lines{"1:low:low:'root'", "2:low:low:'ab'", "3:low:low:'name'", "4:low:low:'x'"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)` }", "{str($Y)}")),
            (Lines{"3:12: metavariable $Y is used in the message but never bound by a pattern"}));
}

// ---------------------------------------------------------------------------------------
// group: NAME

TEST(Group, TheFirstRuleOfAGroupToMatchAPlaceReportsThere) {
  const auto named = [](const std::string& id, const std::string& group, const std::string& match) {
    return "rule " + id + " {\n  title: \"t\"\n  message: \"" + id + "\"\n  severity: low\n  confidence: low\n" +
           (group.empty() ? "" : "  group: " + group + "\n") + "  match: " + match + "\n}\n";
  };
  const std::string rules = named("a-pickle", "blacklist", "import [pickle]") + named("b-subprocess", "blacklist", "import [subprocess]") +
                            named("c-subprocess", "", "import [subprocess]");
  // One statement: the group's first rule in rule-set order, whatever the order of the names;
  // a rule outside the group still reports.
  EXPECT_EQ(run(rules, "import subprocess, pickle\nimport subprocess\n"),
            (Lines{"1:low:low:a-pickle", "1:low:low:c-subprocess", "2:low:low:b-subprocess", "2:low:low:c-subprocess"}));
}

// ---------------------------------------------------------------------------------------
// report { ... }

const std::string hashes = R"(rule weak-hash {
  title: "t"
  message: "weak hash {callee}"
  severity: medium
  confidence: high
  match: any {
    all {
      call hashlib.md5(usedforsecurity: falsy)
      report { severity: low  confidence: medium  message: "{callee} not for security" }
    }
    all {
      call hashlib.sha1
      report { severity: high }
    }
    call hashlib.md5
  }
}
)";

TEST(Report, EachCaseSaysItsOwnSeverityConfidenceAndMessage) {
  EXPECT_EQ(run(hashes, "import hashlib\nhashlib.md5(b'')\nhashlib.md5(b'', usedforsecurity=False)\nhashlib.sha1(b'')\n"),
            (Lines{"2:medium:high:weak hash hashlib.md5", "3:low:medium:hashlib.md5 not for security",
                   "4:high:high:weak hash hashlib.sha1"}));
}

TEST(Report, TheFirstBranchThatMatchesDecidesAndOneCallIsOneFinding) {
  // Both branches match os.chmod(p, 0o777); the first, high, is the one reported.
  const std::string modes = rule(
      "any {\n"
      "    all { `os.chmod($P, $M)`  where int($M) & 0o002  report { severity: high  message: \"world-writable {$M}\" } }\n"
      "    all { `os.chmod($P, $M)`  where int($M) & 0o010  report { severity: medium } }\n"
      "  }",
      "group-executable {$M}");
  EXPECT_EQ(run(modes, "import os\nos.chmod(p, 0o777)\nos.chmod(p, 0o750)\nos.chmod(p, 0o700)\n"),
            (Lines{"2:high:low:world-writable 0o777", "3:medium:low:group-executable 0o750"}));
}

TEST(Report, TheInnermostReportSettingAKeyWins) {
  const std::string nested = rule(
      "all {\n"
      "    any {\n"
      "      all { `f($X)`  where int($X) > 10  report { severity: critical } }\n"
      "      `f($X)`\n"
      "    }\n"
      "    report { severity: medium  confidence: high }\n"
      "  }");
  EXPECT_EQ(run(nested, "f(11)\nf(1)\n"), (Lines{"1:critical:high:found", "2:medium:high:found"}));
}

TEST(Report, BacktrackingForgetsTheReportOfAWayThatFailed) {
  // On f(3, 1) the first branch holds (report high) and the outer `where` fails, and so does
  // the second: nothing. On f(2, 5) only the second branch holds: the rule's own severity, not
  // the high of the first branch's failed try.
  const std::string backtrack = rule(
      "all {\n"
      "    any {\n"
      "      all { `f($X, $Y)`  where int($Y) == 1  report { severity: high } }\n"
      "      `f($X, $Y)`\n"
      "    }\n"
      "    where int($X) == 2\n"
      "  }");
  EXPECT_EQ(run(backtrack, "f(2, 1)\nf(3, 1)\nf(2, 5)\n"), (Lines{"1:high:low:found", "3:low:low:found"}));
}

TEST(Report, ErrorsArePositioned) {
  EXPECT_EQ(errors_of(rule("all { `f($X)`  report { } }")),
            (Lines{"6:25: 'report' sets nothing: give it severity:, confidence: or message:"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)`  report { severity: dire } }")),
            (Lines{"6:44: expected a severity (low, medium, high, critical)"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)`  report { severity: low  severity: high } }")),
            (Lines{"6:59: duplicate key 'severity' in 'report'"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)`  report { colour: red } }")),
            (Lines{"6:34: expected 'severity:', 'confidence:', 'message:' or '}' in 'report'"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)`  report { message: \"{$Y}\" } }")),
            (Lines{"6:43: metavariable $Y is used in the message but never bound by a pattern"}));
  EXPECT_EQ(errors_of(rule("any { `f($X)`  report { severity: low } }")),
            (Lines{"6:25: 'report' must be inside 'all { ... }'"}));
  EXPECT_EQ(errors_of(rule("all { `f($X)`  not all { `f(1)`  report { severity: low } } }")),
            (Lines{"6:43: 'report' has no effect inside 'not', 'inside', 'not-inside' or a where pattern: put it in the "
                   "'all' that matches the code reported"}));
  EXPECT_EQ(errors_of("rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                      "  taint: {\n    source: all { `input()`  report { severity: high } }\n    sink: `eval($X)`\n  }\n}\n"),
            (Lines{"7:30: 'report' applies to a rule's match: a taint rule reports its flows with the rule's severity, "
                   "confidence and message"}));
}

}  // namespace
}  // namespace warden
