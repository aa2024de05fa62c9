// The rule-file parser (dsl/rule_parser.cpp) and its grammar (grammar/rule_grammar.hpp):
// the syntax tree it builds, every error message and position, recovery, hostile input, and
// the clang-style error goldens in tests/data/rules/errors/.
//
// The goldens are produced with paths relative to tests/data/rules ("errors/NAME.rule"), so
// they do not depend on where the tree is checked out. To rewrite them (then review by eye):
//   WARDEN_UPDATE_GOLDEN=1 ./warden_tests --gtest_filter='RuleParser*Golden*'
#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "rule_grammar.hpp"
#include "lower.hpp"
#include "rule_ast.hpp"
#include "rule_error_lines.hpp"
#include "warden/rules.hpp"

namespace {

using warden::Position;
using warden::RuleFileError;
using warden::dsl::ArgTest;
using warden::dsl::Formula;
using warden::dsl::MetaTest;
using warden::dsl::compile_rule_files;
using warden::dsl::parse_rule_file;
using warden::dsl::RuleFile;
using Kind = Formula::Kind;

struct Parsed {
  RuleFile file;
  std::vector<RuleFileError> errors;
};

Parsed parse(const std::string& text, const std::string& path = "test.rule") {
  Parsed p;
  p.file = parse_rule_file(path, text, p.errors);
  return p;
}

std::string messages(const std::vector<RuleFileError>& errors) { return warden::testing::error_lines(errors); }

// A rule with every required key, `match` last, for error tests to modify.
std::string rule_with(const std::string& body, const std::string& id = "py-x") {
  return "rule " + id + " {\n" + body + "}\n";
}
const std::string required =
    "  title: \"T\"\n"
    "  message: \"M\"\n"
    "  severity: high\n"
    "  confidence: medium\n";

// The single error a text produces, as "line:col: message".
std::string only_error(const std::string& text) {
  const Parsed p = parse(text);
  EXPECT_EQ(p.errors.size(), 1u) << messages(p.errors);
  EXPECT_TRUE(p.file.rules.empty());
  return p.errors.empty() ? std::string() : messages({p.errors.front()});
}

TEST(RuleParser, GrammarHasNoAnalyzeIssues) {
  EXPECT_EQ(tao::pegtl::analyze<warden::grammar::rule_file>(), 0u);
}

TEST(RuleParser, FullRuleWithEveryKeyAndFormula) {
  const std::string text = R"RULE(# A rule using every key and every formula form.
rule mlhub.full-example_1 {
  title: "Everything \"quoted\" \\ here"
  message: "{callee} with {$CMD}"
  severity: critical
  confidence: low
  cwe: [78, 88,]
  tags: [exec, shell-injection]
  references: ["https://a.example/x", "https://b.example/y"]
  bandit: B602
  ruff: S602
  semgrep: "python.lang.security.audit.x"
  codeql: "py/command-line-injection"
  pylint: W0123
  description: """
    First line.
      Indented.

    Last.
  """
  match: all {
    any {
      call subprocess.{run, call} (0|args: computed, shell: = True, cwd: not present, 2: matches "^\d+$", x: = 'a b', y: = None, z: = -3)
      call [os.system, os.popen*]
      pattern `eval($X)`
      `exec($CMD)`
      ```
        def f():
            return $X
      ```
      import Crypto.Cipher.{DES, ARC4}
      node assert_statement
    }
    not `safe($X)`
    inside `def $F(...): ...`
    not-inside call sandbox.*
    where $CMD matches "^rm "
    where $X not in [a, "b c", os.path]
    where $X literal
    where $X computed
    where $X pattern `str(...)`
    focus $CMD
  }
}
)RULE";
  const Parsed p = parse(text);
  ASSERT_TRUE(p.errors.empty()) << messages(p.errors);
  ASSERT_EQ(p.file.rules.size(), 1u);
  const auto& r = p.file.rules[0];
  EXPECT_EQ(r.pos, (Position{2, 1}));
  EXPECT_EQ(r.id_pos, (Position{2, 6}));
  EXPECT_EQ(r.info.id, "mlhub.full-example_1");
  EXPECT_EQ(r.info.title, "Everything \"quoted\" \\ here");
  EXPECT_EQ(r.message, "{callee} with {$CMD}");
  EXPECT_EQ(r.message_pos, (Position{4, 12}));
  EXPECT_EQ(r.info.severity, warden::Severity::critical);
  EXPECT_EQ(r.info.confidence, warden::Confidence::low);
  EXPECT_EQ(r.info.cwes, (std::vector<int>{78, 88}));
  EXPECT_EQ(r.info.tags, (std::vector<std::string>{"exec", "shell-injection"}));
  EXPECT_EQ(r.info.references, (std::vector<std::string>{"https://a.example/x", "https://b.example/y"}));
  EXPECT_EQ(r.info.xrefs, (std::map<std::string, std::string>{{"bandit", "B602"},
                                                              {"ruff", "S602"},
                                                              {"semgrep", "python.lang.security.audit.x"},
                                                              {"codeql", "py/command-line-injection"},
                                                              {"pylint", "W0123"}}));
  EXPECT_EQ(r.info.description, "First line.\n  Indented.\n\nLast.");

  ASSERT_TRUE(r.match.has_value());
  const Formula& all = *r.match;
  EXPECT_EQ(all.kind, Kind::all);
  EXPECT_EQ(all.pos, (Position{21, 10}));
  ASSERT_EQ(all.children.size(), 10u);

  const Formula& any = all.children[0];
  EXPECT_EQ(any.kind, Kind::any);
  EXPECT_EQ(any.pos, (Position{22, 5}));
  ASSERT_EQ(any.children.size(), 7u);

  const Formula& call = any.children[0];
  EXPECT_EQ(call.kind, Kind::call);
  EXPECT_EQ(call.pos, (Position{23, 7}));
  EXPECT_EQ(call.callees, (std::vector<std::string>{"subprocess.run", "subprocess.call"}));
  ASSERT_EQ(call.args.size(), 7u);
  EXPECT_EQ(call.args[0].pos, (Position{23, 36}));
  EXPECT_EQ(call.args[0].position, 0u);
  EXPECT_EQ(call.args[0].keyword, "args");
  EXPECT_EQ(call.args[0].test, ArgTest::computed);
  EXPECT_FALSE(call.args[0].negated);
  EXPECT_FALSE(call.args[1].position.has_value());
  EXPECT_EQ(call.args[1].keyword, "shell");
  EXPECT_EQ(call.args[1].test, ArgTest::equals);
  EXPECT_EQ(call.args[1].value, "True");
  EXPECT_EQ(call.args[2].keyword, "cwd");
  EXPECT_TRUE(call.args[2].negated);
  EXPECT_EQ(call.args[2].test, ArgTest::present);
  EXPECT_EQ(call.args[3].position, 2u);
  EXPECT_EQ(call.args[3].keyword, "");
  EXPECT_EQ(call.args[3].test, ArgTest::matches);
  EXPECT_EQ(call.args[3].value, "^\\d+$");
  EXPECT_EQ(call.args[4].value, "'a b'");
  EXPECT_EQ(call.args[5].value, "None");
  EXPECT_EQ(call.args[6].value, "-3");
  EXPECT_EQ(call.args[6].test, ArgTest::equals);

  EXPECT_EQ(any.children[1].kind, Kind::call);
  EXPECT_EQ(any.children[1].callees, (std::vector<std::string>{"os.system", "os.popen*"}));
  EXPECT_TRUE(any.children[1].args.empty());
  EXPECT_EQ(any.children[2].kind, Kind::pattern);
  EXPECT_EQ(any.children[2].text, "eval($X)");
  EXPECT_EQ(any.children[2].pos, (Position{25, 7}));
  EXPECT_EQ(any.children[3].kind, Kind::pattern);
  EXPECT_EQ(any.children[3].text, "exec($CMD)");
  EXPECT_EQ(any.children[4].kind, Kind::pattern);
  EXPECT_EQ(any.children[4].text, "def f():\n    return $X");
  EXPECT_EQ(any.children[5].kind, Kind::import);
  EXPECT_EQ(any.children[5].names, (std::vector<std::string>{"Crypto.Cipher.DES", "Crypto.Cipher.ARC4"}));
  EXPECT_EQ(any.children[6].kind, Kind::node);
  EXPECT_EQ(any.children[6].text, "assert_statement");

  const Formula& not_ = all.children[1];
  EXPECT_EQ(not_.kind, Kind::not_);
  ASSERT_EQ(not_.children.size(), 1u);
  EXPECT_EQ(not_.children[0].kind, Kind::pattern);
  EXPECT_EQ(not_.children[0].text, "safe($X)");
  EXPECT_EQ(not_.children[0].pos, (Position{34, 9}));

  EXPECT_EQ(all.children[2].kind, Kind::inside);
  ASSERT_EQ(all.children[2].children.size(), 1u);
  EXPECT_EQ(all.children[2].children[0].text, "def $F(...): ...");
  EXPECT_EQ(all.children[3].kind, Kind::not_inside);
  ASSERT_EQ(all.children[3].children.size(), 1u);
  EXPECT_EQ(all.children[3].children[0].kind, Kind::call);
  EXPECT_EQ(all.children[3].children[0].callees, (std::vector<std::string>{"sandbox.*"}));

  const Formula& w1 = all.children[4];
  EXPECT_EQ(w1.kind, Kind::where);
  ASSERT_TRUE(w1.condition.has_value());
  EXPECT_EQ(w1.condition->metavar, "$CMD");
  EXPECT_EQ(w1.condition->pos, (Position{37, 11}));
  EXPECT_FALSE(w1.condition->negated);
  EXPECT_EQ(w1.condition->test, MetaTest::matches);
  EXPECT_EQ(w1.condition->regex, "^rm ");

  const Formula& w2 = all.children[5];
  ASSERT_TRUE(w2.condition.has_value());
  EXPECT_EQ(w2.condition->metavar, "$X");
  EXPECT_TRUE(w2.condition->negated);
  EXPECT_EQ(w2.condition->test, MetaTest::in_list);
  EXPECT_EQ(w2.condition->values, (std::vector<std::string>{"a", "b c", "os.path"}));

  ASSERT_TRUE(all.children[6].condition.has_value());
  EXPECT_EQ(all.children[6].condition->test, MetaTest::literal);
  ASSERT_TRUE(all.children[7].condition.has_value());
  EXPECT_EQ(all.children[7].condition->test, MetaTest::computed);
  const Formula& w5 = all.children[8];
  ASSERT_TRUE(w5.condition.has_value());
  EXPECT_EQ(w5.condition->test, MetaTest::pattern);
  ASSERT_NE(w5.condition->pattern, nullptr);
  EXPECT_EQ(w5.condition->pattern->kind, Kind::pattern);
  EXPECT_EQ(w5.condition->pattern->text, "str(...)");

  EXPECT_EQ(all.children[9].kind, Kind::focus);
  EXPECT_EQ(all.children[9].text, "$CMD");
}

TEST(RuleParser, SmallForms) {
  const Parsed p = parse(
      "rule a{title:\"T\" message:\"M\" severity:low confidence:high cwe:79 match:import telnetlib}"
      "rule b { title: \"T\" message: \"M\" severity: medium confidence: medium match: call {a,b}.{c,d}(0: absent, x: = (1, 'a,b') , y: = b\"q\", z: = maybe,) }\n"
      "rule c { title: \"T\" message: \"M\" severity: high confidence: low tags: [] references: []\n"
      "  match: any { `a`, `b` } }\n");
  ASSERT_TRUE(p.errors.empty()) << messages(p.errors);
  ASSERT_EQ(p.file.rules.size(), 3u);
  EXPECT_EQ(p.file.rules[0].info.cwes, (std::vector<int>{79}));
  EXPECT_EQ(p.file.rules[0].match->names, (std::vector<std::string>{"telnetlib"}));
  EXPECT_EQ(p.file.rules[1].match->callees, (std::vector<std::string>{"a.c", "a.d", "b.c", "b.d"}));
  ASSERT_EQ(p.file.rules[1].match->args.size(), 4u);
  EXPECT_EQ(p.file.rules[1].match->args[0].test, ArgTest::absent);
  // `= VALUE` keeps the source text; lowering checks that it is a Python constant.
  EXPECT_EQ(p.file.rules[1].match->args[1].value, "(1, 'a,b')");
  EXPECT_EQ(p.file.rules[1].match->args[2].value, "b\"q\"");
  EXPECT_EQ(p.file.rules[1].match->args[3].value, "maybe");
  EXPECT_EQ(p.file.rules[2].match->children.size(), 2u);
}

TEST(RuleParser, Strings) {
  const Parsed p = parse(
      "rule a {\n"
      "  title: \"tab\\there \\q kept\"\n"
      "  message: \"\"\"first\n  second\"\"\"\n"
      "  description: \"\"\"\n\t\tx\n\t\t  y\n\n\t\tz\n\t\"\"\"\n"
      "  severity: low confidence: low match: ```eval($X)```\n}\n");
  ASSERT_TRUE(p.errors.empty()) << messages(p.errors);
  ASSERT_EQ(p.file.rules.size(), 1u);
  EXPECT_EQ(p.file.rules[0].info.title, "tab\there \\q kept");
  EXPECT_EQ(p.file.rules[0].message, "first\n  second");
  EXPECT_EQ(p.file.rules[0].info.description, "x\n  y\n\nz");
  EXPECT_EQ(p.file.rules[0].match->text, "eval($X)");
}

TEST(RuleParser, EmptyAndCommentOnlyFilesHaveNoRulesAndNoErrors) {
  for (const char* text : {"", "\n\n", "# nothing here\n  # at all"}) {
    const Parsed p = parse(text);
    EXPECT_TRUE(p.errors.empty()) << messages(p.errors);
    EXPECT_TRUE(p.file.rules.empty());
  }
}

// ---------------------------------------------------------------------------------------
// One test per error class: exact message and position.

TEST(RuleParser, ErrorMissingColon) {
  EXPECT_EQ(only_error(rule_with("  title \"T\"\n")), "2:9: expected ':' after key 'title'\n");
}

TEST(RuleParser, ErrorUnclosedRule) {
  EXPECT_EQ(only_error("\nrule py-x {\n" + required + "  match: call eval\n"),
            "7:19: expected '}' to close rule 'py-x' opened at 2:1\n");
}

TEST(RuleParser, ErrorUnclosedGroup) {
  EXPECT_EQ(only_error(rule_with(required + "  match: all {\n    `a` ]\n")),
            "7:9: expected a formula or '}' to close 'all' opened at 6:10\n");
}

TEST(RuleParser, ErrorGroupWithoutBrace) {
  EXPECT_EQ(only_error(rule_with(required + "  match: any `a`\n")), "6:14: expected '{' after 'any'\n");
}

TEST(RuleParser, ErrorExpectedFormula) {
  EXPECT_EQ(only_error(rule_with(required + "  match: calls eval\n")),
            "6:10: expected a formula (`CODE`, pattern, call, import, node, weights, all, any, not, inside, not-inside, "
            "where, focus, report) or the name of a set\n");
}

TEST(RuleParser, ErrorUnknownKeyWithSuggestion) {
  EXPECT_EQ(only_error(rule_with("  severty: high\n")),
            "2:3: unknown key 'severty' in rule 'py-x' (did you mean 'severity'?)\n");
  EXPECT_EQ(only_error(rule_with("  referencs: []\n")),
            "2:3: unknown key 'referencs' in rule 'py-x' (did you mean 'references'?)\n");
}

TEST(RuleParser, ErrorUnknownKeyWithoutSuggestion) {
  EXPECT_EQ(only_error(rule_with("  colour: blue\n")), "2:3: unknown key 'colour' in rule 'py-x'\n");
}

TEST(RuleParser, ErrorMissingRequiredKeys) {
  const Parsed p = parse("rule py-x {\n  title: \"T\"\n  severity: low\n}\n");
  EXPECT_EQ(messages(p.errors),
            "1:6: missing required key 'message' in rule 'py-x'\n"
            "1:6: missing required key 'confidence' in rule 'py-x'\n"
            "1:6: missing required key 'match' in rule 'py-x'\n");
  EXPECT_TRUE(p.file.rules.empty());
}

TEST(RuleParser, ErrorDuplicateKey) {
  EXPECT_EQ(only_error(rule_with(required + "  title: \"again\"\n  match: `x`\n")),
            "6:3: duplicate key 'title' in rule 'py-x' (first given at 2:3)\n");
}

TEST(RuleParser, ErrorDuplicateRuleId) {
  const std::string good = rule_with(required + "  match: `x`\n", "py.dup");
  const Parsed p = parse(good + "\n" + good);
  EXPECT_EQ(messages(p.errors), "9:6: duplicate rule id 'py.dup' (first defined at 1:6)\n");
  EXPECT_EQ(p.file.rules.size(), 1u);
}

TEST(RuleParser, ErrorBadSeverityAndConfidence) {
  EXPECT_EQ(only_error(rule_with("  title: \"T\"\n  message: \"M\"\n  severity: severe\n  confidence: high\n"
                                 "  match: `x`\n")),
            "4:13: expected a severity (low, medium, high, critical)\n");
  EXPECT_EQ(only_error(rule_with("  severity: \"high\"\n")), "2:13: expected a severity (low, medium, high, critical)\n");
  EXPECT_EQ(only_error(rule_with("  title: \"T\"\n  message: \"M\"\n  severity: low\n  confidence: critical\n"
                                 "  match: `x`\n")),
            "5:15: expected a confidence (low, medium, high)\n");
}

TEST(RuleParser, ErrorUnterminatedStrings) {
  EXPECT_EQ(only_error(rule_with("  title: \"T\n")), "2:10: unterminated string\n");
  EXPECT_EQ(only_error("rule py-x {\n  description: \"\"\"\n  never closed\n}\n"), "2:16: unterminated string\n");
  EXPECT_EQ(only_error("rule py-x {\n  title: \"ends with backslash\\"), "2:10: unterminated string\n");
}

TEST(RuleParser, ErrorUnterminatedPatterns) {
  EXPECT_EQ(only_error(rule_with(required + "  match: `eval($X)\n")), "6:10: unterminated pattern\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: ```\n    eval($X)\n")), "6:10: unterminated pattern\n");
}

TEST(RuleParser, ErrorBadRuleId) {
  EXPECT_EQ(only_error(rule_with(required, "Py-X")),
            "1:6: invalid rule id 'Py-X': use lowercase letters, digits, '-', '_' and '.', starting with a letter\n");
  EXPECT_EQ(only_error(rule_with(required, "py-X")),
            "1:6: invalid rule id 'py-X': use lowercase letters, digits, '-', '_' and '.', starting with a letter\n");
  EXPECT_EQ(only_error(rule_with(required, "9lives")),
            "1:6: invalid rule id '9lives': use lowercase letters, digits, '-', '_' and '.', starting with a letter\n");
  EXPECT_EQ(only_error("rule {\n}\n"), "1:6: expected a rule id after 'rule'\n");
}

TEST(RuleParser, ErrorMisplacedFilters) {
  EXPECT_EQ(only_error(rule_with(required + "  match: not `x`\n")), "6:10: 'not' must be inside 'all { ... }'\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: any { `x` inside `y` }\n")),
            "6:20: 'inside' must be inside 'all { ... }'\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: where $X literal\n")),
            "6:10: 'where' must be inside 'all { ... }'\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: all { `f($X)` not focus $X }\n")),
            "6:28: 'focus' must be inside 'all { ... }'\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: any { not-inside `x` }\n")),
            "6:16: 'not-inside' must be inside 'all { ... }'\n");
}

TEST(RuleParser, ErrorArgumentConditions) {
  EXPECT_EQ(only_error(rule_with(required + "  match: call f (shell: trueish)\n")),
            "6:25: expected an argument test (present, absent, truthy, falsy, literal, computed, = VALUE, matches "
            "\"RE\")\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call f (shell truthy)\n")),
            "6:24: expected ':' after the argument selector\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call f (shell: = )\n")),
            "6:27: expected a Python constant ('x', 3, True, None)\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call f (shell: = 'x)\n")), "6:27: unterminated string\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call f (0|: present)\n")),
            "6:20: expected a keyword argument name after '|'\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call f (shell: present\n")),
            "7:1: expected ',' or ')' after an argument condition\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call f ()\n")),
            "6:18: expected an argument condition like `shell: truthy` or `0|command: computed`\n");
}

TEST(RuleParser, ErrorCalleesAndNames) {
  EXPECT_EQ(only_error(rule_with(required + "  match: call (x: present)\n")),
            "6:15: expected a callee: a qualified name like subprocess.run, or a list [a.b, c.d]\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call os.\n")), "6:18: expected a name after '.'\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call os.{system popen}\n")),
            "6:26: expected ',' or '}' to close the alternatives\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: call [a.b c.d]\n")), "6:20: expected a qualified name or ']'\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: import\n")),
            "7:1: expected a module or name like telnetlib, or a list [a.b, c.d]\n");
}

TEST(RuleParser, ErrorWhereFocusNode) {
  EXPECT_EQ(only_error(rule_with(required + "  match: all { `f($X)` where $x literal }\n")),
            "6:30: expected a metavariable ($X), decoded($X) or int($X)\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: all { `f($X)` where $X resembles }\n")),
            "6:33: expected a condition (matches \"RE\", matches yara [...], in [...], literal, computed, str, pattern `CODE`, "
            "is [...])\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: all { `f($X)` where $X is }\n")),
            "6:36: expected a list of content kinds, like [elf, shell-script]\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: all { `f($X)` where $X matches re }\n")),
            "6:41: expected a regular expression in a string, like \"^http:\"\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: all { `f($X)` focus X }\n")),
            "6:30: expected a metavariable like $X or $...ARGS\n");
  EXPECT_EQ(only_error(rule_with(required + "  match: node 3\n")),
            "6:15: expected a syntax node type like assert_statement\n");
}

TEST(RuleParser, ErrorValues) {
  EXPECT_EQ(only_error(rule_with("  title: high\n")), "2:10: expected a string for key 'title'\n");
  EXPECT_EQ(only_error(rule_with("  cwe: CWE-78\n")), "2:8: expected a CWE number or a list of them, like [78, 88]\n");
  EXPECT_EQ(only_error(rule_with("  cwe: [78 88]\n")), "2:12: expected a CWE number or ']'\n");
  EXPECT_EQ(only_error(rule_with("  tags: exec\n")), "2:9: expected a list of tags, like [exec, shell]\n");
  EXPECT_EQ(only_error(rule_with("  references: [https]\n")), "2:16: expected a string or ']'\n");
  EXPECT_EQ(only_error(rule_with("  bandit: [B602]\n")), "2:11: expected an id (a word or a string) for key 'bandit'\n");
  EXPECT_EQ(only_error(rule_with("  title: \"two\nlines\"\n")), "2:10: unterminated string\n");
  EXPECT_EQ(only_error(rule_with("  title: \"\"\"\n    two\n    lines\n  \"\"\"\n" + required.substr(12) +
                                 "  match: `x`\n")),
            "2:10: the title must be one line\n");
  EXPECT_EQ(only_error(rule_with(required + "  cwe: 99999999999\n  match: `x`\n")), "6:8: CWE number out of range\n");
}

TEST(RuleParser, ErrorTopLevelJunk) {
  const Parsed p = parse("rules py-x {}\n");
  EXPECT_EQ(messages(p.errors), "1:1: expected 'rule', 'models', 'verdicts', 'sources', 'sinks' or 'sanitizers'\n");
  const Parsed q = parse(rule_with(required + "  match: `x`\n") + "}\n");
  EXPECT_EQ(messages(q.errors), "8:1: expected 'rule', 'models', 'verdicts', 'sources', 'sinks' or 'sanitizers'\n");
  EXPECT_EQ(q.file.rules.size(), 1u);
}

TEST(RuleParser, ErrorAtEndOfFilePointsAfterTheLastToken) {
  const Parsed p = parse("rule py-x {\n  title: \"T\"   \n\n\n");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].position, (Position{2, 13}));
  EXPECT_EQ(p.errors[0].source_line, "  title: \"T\"   ");
}

TEST(RuleParser, ColumnsCountCodePoints) {
  const Parsed p = parse("rule py-x {\n  title: \"héllo wörld\" sevrity: low\n}\n");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].position, (Position{2, 24}));
  EXPECT_EQ(p.errors[0].file, "test.rule");
  EXPECT_EQ(p.errors[0].source_line, "  title: \"héllo wörld\" sevrity: low");
}

// ---------------------------------------------------------------------------------------
// Recovery

TEST(RuleParser, RecoversAfterEachBrokenRule) {
  const std::string good1 = rule_with(required + "  match: `good1()`\n", "good-1");
  const std::string good2 = rule_with(required + "  match: `good2()`\n", "good-2");
  const std::string text = good1 +
                           "rule broken-1 {\n  title \"no colon\"\n}\n" +  // syntax error
                           good2 +
                           "rule broken-2 {\n" + required + "  match: all { `x` \n" +  // unclosed all
                           "rule broken-3 {\n  title: \"T\n}\n" +                      // unterminated string
                           rule_with(required + "  match: `good3()`\n", "good-3");
  const Parsed p = parse(text);
  EXPECT_EQ(messages(p.errors),
            "9:9: expected ':' after key 'title'\n"
            "24:1: expected a formula or '}' to close 'all' opened at 23:10\n"
            "25:10: unterminated string\n");
  ASSERT_EQ(p.file.rules.size(), 3u);
  EXPECT_EQ(p.file.rules[0].info.id, "good-1");
  EXPECT_EQ(p.file.rules[1].info.id, "good-2");
  EXPECT_EQ(p.file.rules[2].info.id, "good-3");
}

TEST(RuleParser, RecoversAtRuleAfterClosingBrace) {
  const Parsed p = parse("rule a { title x } rule b { title: \"T\" message: \"M\" severity: low confidence: low match: `x` }");
  EXPECT_EQ(messages(p.errors), "1:16: expected ':' after key 'title'\n");
  ASSERT_EQ(p.file.rules.size(), 1u);
  EXPECT_EQ(p.file.rules[0].info.id, "b");
}

TEST(RuleParser, NonFatalErrorsReportedTogether) {
  const Parsed p = parse(rule_with("  title: \"T\"\n  title: \"U\"\n  severity: extreme\n  confidence: sure\n"
                                   "  match: not `x`\n"));
  EXPECT_EQ(messages(p.errors),
            "1:6: missing required key 'message' in rule 'py-x'\n"
            "3:3: duplicate key 'title' in rule 'py-x' (first given at 2:3)\n"
            "4:13: expected a severity (low, medium, high, critical)\n"
            "5:15: expected a confidence (low, medium, high)\n"
            "6:10: 'not' must be inside 'all { ... }'\n");
  EXPECT_TRUE(p.file.rules.empty());
}

// ---------------------------------------------------------------------------------------
// Hostile input: no crash, no hang, errors reported.

TEST(RuleParser, RandomBytes) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string alphabet = "rule {}[]()\"`$:#,.|=\n\t abcxyz_-0123456789*\\";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int length = 1 + round * 7;
    for (int i = 0; i < length; ++i) {
      text += round % 2 == 0 ? static_cast<char>(byte(rng)) : alphabet[pick(rng)];
    }
    if (round % 3 == 0) text = "rule x {\n  match: " + text;
    std::vector<RuleFileError> errors;
    const RuleFile file = parse_rule_file("junk.rule", text, errors);
    for (const auto& e : errors) {
      EXPECT_GE(e.position.line, 1u);
      EXPECT_GE(e.position.column, 1u);
      EXPECT_EQ(e.file, "junk.rule");
    }
    (void)warden::format_rule_errors(errors);
    if (file.rules.empty() && text.find_first_not_of(" \t\r\n\v\f") != std::string::npos &&
        text.find('#') == std::string::npos) {
      EXPECT_FALSE(errors.empty()) << "round " << round;
    }
  }
}

TEST(RuleParser, InvalidUtf8AndNul) {
  const std::string text = std::string("rule py-x {\n  title: \"\xff\xfe\0x\"\n  \xc3\x28: 1\n}\n", 36);
  const Parsed p = parse(text);
  ASSERT_FALSE(p.errors.empty());
  (void)warden::format_rule_errors(p.errors);
}

TEST(RuleParser, DeepNestingIsBounded) {
  std::string text = "rule py-x {\n" + required + "  match: ";
  for (int i = 0; i < 10000; ++i) text += "all { ";
  const Parsed p = parse(text);
  ASSERT_EQ(p.errors.size(), 1u) << messages(p.errors);
  EXPECT_EQ(p.errors[0].message, "formulas nested too deeply (more than 64 levels)");
  EXPECT_EQ(p.errors[0].position.line, 6u);

  std::string nots = "rule py-x {\n" + required + "  match: all { ";
  for (int i = 0; i < 10000; ++i) nots += "not ";
  const Parsed q = parse(nots + "`x` }\n}\n");
  ASSERT_EQ(q.errors.size(), 1u) << messages(q.errors);
  EXPECT_EQ(q.errors[0].message, "formulas nested too deeply (more than 64 levels)");

  std::string brackets = "rule py-x {\n" + required + "  match: call f (0: = ";
  for (int i = 0; i < 10000; ++i) brackets += "([{";
  const Parsed b = parse(brackets);
  ASSERT_EQ(b.errors.size(), 1u) << messages(b.errors);
  EXPECT_EQ(b.errors[0].message, "brackets nested too deeply (more than 64 levels)");

  // 63 levels are fine.
  std::string ok = "rule py-x {\n" + required + "  match: ";
  for (int i = 0; i < 63; ++i) ok += "all { ";
  ok += "`x`";
  for (int i = 0; i < 63; ++i) ok += " }";
  const Parsed r = parse(ok + "\n}\n");
  EXPECT_TRUE(r.errors.empty()) << messages(r.errors);
  EXPECT_EQ(r.file.rules.size(), 1u);
}

TEST(RuleParser, UnterminatedEverything) {
  for (const std::string text :
       {"rule", "rule ", "rule x", "rule x {", "rule x { title", "rule x { title:", "rule x { title: \"",
        "rule x { title: \"\"\"", "rule x { title: \"\"\"\"\"", "rule x { match: `", "rule x { match: ```",
        "rule x { match: ``", "rule x { match: all {", "rule x { match: call a.{b,",
        "rule x { match: call a (", "rule x { match: call a (0|", "rule x { match: all { where $X in [",
        "rule x { cwe: [", "rule x { tags: [a,", "rule x { match: call f (a: = (", "rule x { match: call f (a: = \"", "rule x { match: import [a,", "\"\"\"", "```", "#", "{", "}"}) {
    std::vector<RuleFileError> errors;
    const RuleFile file = parse_rule_file("t.rule", text, errors);
    EXPECT_TRUE(file.rules.empty()) << text;
    EXPECT_FALSE(errors.empty() && text != "#") << text;
  }
}

// ---------------------------------------------------------------------------------------
// Goldens: tests/data/rules/errors/NAME.rule -> NAME.expected, formatted as clang does.

bool update_goldens() {
  const char* value = std::getenv("WARDEN_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(RuleFrontEnd, ErrorGoldens) {
  const std::filesystem::path dir = std::filesystem::path(WARDEN_TEST_DATA) / "rules" / "errors";
  std::vector<std::filesystem::path> rules;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".rule") rules.push_back(entry.path());
  }
  std::sort(rules.begin(), rules.end());
  ASSERT_GE(rules.size(), 10u);
  for (const auto& path : rules) {
    SCOPED_TRACE(path.filename().string());
    // The whole front end, parse and lowering, as `warden check-rules` runs it.
    std::vector<RuleFileError> errors;
    (void)compile_rule_files({{"errors/" + path.filename().string(), read_file(path)}}, errors);
    EXPECT_FALSE(errors.empty());
    const std::string actual = warden::format_rule_errors(errors);
    std::filesystem::path expected_path = path;
    expected_path.replace_extension(".expected");
    if (update_goldens()) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    ASSERT_TRUE(std::filesystem::exists(expected_path))
        << "missing " << expected_path << "; run with WARDEN_UPDATE_GOLDEN=1 to create it";
    EXPECT_EQ(actual, read_file(expected_path));
  }
}

TEST(RuleParser, FormatPadsWithTabsAndPastTheLineEnd) {
  const std::vector<RuleFileError> errors{
      {"f.rule", {2, 4}, "message", "\t\tab"},
      {"f.rule", {1, 6}, "at the end", "abc"},
      {"f.rule", {1, 3}, "wide", "h\xc3\xa9llo"},
  };
  EXPECT_EQ(warden::format_rule_errors(errors),
            "f.rule:2:4: error: message\n\t\tab\n\t\t ^\n"
            "f.rule:1:6: error: at the end\nabc\n     ^\n"
            "f.rule:1:3: error: wide\nh\xc3\xa9llo\n  ^\n");
}

}  // namespace
