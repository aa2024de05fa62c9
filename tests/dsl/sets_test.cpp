// Named sets (`sources NAME { ... }`, `sinks`, `sanitizers`): parsing, expansion into taint
// entries and formulas across files, the built-in sets beneath a pack of one's own, what
// listing shows, and each error with its position (dsl/sets.cpp, dsl/lower.cpp).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lower.hpp"
#include "rule_ast.hpp"
#include "rule_error_lines.hpp"
#include "warden/rules.hpp"
#include "warden/scanner.hpp"

namespace {

using warden::RuleFileError;
using warden::dsl::compile_rule_files;
using Files = std::vector<std::pair<std::string, std::string>>;

std::string errors_of(const Files& files) {
  std::vector<RuleFileError> errors;
  compile_rule_files(files, errors);
  std::string out;
  for (const auto& e : errors) out += e.file + ":" + warden::testing::error_lines({e});
  return out;
}

const std::string kSets = R"(sources web {
  call requests.get
  `$SOCK.recv(...)`
}
sources everything {
  web
  call builtins.input
}
sinks run {
  all { call os.system  pattern `$F($SINK, ...)`  focus $SINK }
}
sanitizers quoting {
  call shlex.quote
}
)";

std::string taint_rule(const std::string& id, const std::string& entries) {
  return "rule " + id + " {\n  title: \"T\"\n  message: \"m\"\n  severity: high\n  confidence: medium\n  taint: {\n" + entries +
         "  }\n}\n";
}

TEST(Sets, ATaintRuleNamingSetsFindsWhatTheSameRuleWrittenOutFinds) {
  const std::string named = taint_rule("py-named", "    source: everything\n    sink: run\n    sanitizer: quoting\n");
  const std::string inline_rule = taint_rule("py-inline",
                                             "    source: call requests.get\n    source: `$SOCK.recv(...)`\n"
                                             "    source: call builtins.input\n"
                                             "    sink: all { call os.system  pattern `$F($SINK, ...)`  focus $SINK }\n"
                                             "    sanitizer: call shlex.quote\n");
  const std::string code = R"(import os, requests, shlex

def a(sock):
    os.system(requests.get("u").text)
    os.system(sock.recv(10))
    os.system(input())
    os.system(shlex.quote(input()))
)";
  const auto scan = [&](const std::string& text, const std::string& id) {
    const auto rules = warden::RuleSet::from_text("r.rule", kSets + text);
    const auto result = warden::Scanner(rules).scan_buffer("a.py", code);
    std::vector<std::uint32_t> lines;
    for (const auto& f : result.findings) {
      EXPECT_EQ(f.rule_id, id);
      lines.push_back(f.range.start.line);
    }
    return lines;
  };
  const auto named_lines = scan(named, "py-named");
  EXPECT_EQ(named_lines, (std::vector<std::uint32_t>{4, 5, 6}));
  EXPECT_EQ(named_lines, scan(inline_rule, "py-inline"));
}

TEST(Sets, RulesNamingOneSetShareItsMembersAndEachStillFindsItsFlows) {
  // A set member is lowered once per rule but keyed alike, so the taint matchers try it once
  // per place for every rule naming the set; each rule must still report its own flows.
  const std::string two = taint_rule("py-one", "    source: everything\n    sink: run\n    sanitizer: quoting\n") +
                          taint_rule("py-two", "    source: web\n    sink: run\n");
  const auto rules = warden::RuleSet::from_text("r.rule", kSets + two);
  const auto& compiled = rules.compiled().rules();
  ASSERT_EQ(compiled.size(), 2u);
  const auto& one = *compiled[0].taint;
  const auto& other = *compiled[1].taint;
  ASSERT_EQ(one.sinks.size(), 1u);
  ASSERT_EQ(other.sinks.size(), 1u);
  EXPECT_NE(one.sinks[0].shared_key, 0u);
  EXPECT_EQ(one.sinks[0].shared_key, other.sinks[0].shared_key);
  // `everything` splices `web` in: its members are its own, keyed apart from web's.
  ASSERT_EQ(one.sources.size(), 3u);
  ASSERT_EQ(other.sources.size(), 2u);
  EXPECT_NE(one.sources[0].shared_key, other.sources[0].shared_key);
  const auto result = warden::Scanner(rules).scan_buffer(
      "a.py", "import os, requests, shlex\nos.system(requests.get('u').text)\nos.system(input())\nos.system(shlex.quote(input()))\n");
  std::vector<std::pair<std::string, std::uint32_t>> found;
  for (const auto& f : result.findings) found.emplace_back(f.rule_id, f.range.start.line);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::pair<std::string, std::uint32_t>>{{"py-one", 2}, {"py-one", 3}, {"py-two", 2}}));
}

TEST(Sets, ASetNamedInsideAFormulaIsAnyOfItsMembers) {
  const auto rules = warden::RuleSet::from_text(
      "r.rule", kSets + "rule py-m {\n  title: \"T\"\n  message: \"m\"\n  severity: low\n  confidence: low\n  match: all {\n"
                        "    web\n    not `$X.recv(0)`\n  }\n}\n");
  const auto result = warden::Scanner(rules).scan_buffer("a.py", "import requests\nrequests.get('u')\ns.recv(4)\ns.recv(0)\nprint(1)\n");
  std::vector<std::uint32_t> lines;
  for (const auto& f : result.findings) lines.push_back(f.range.start.line);
  EXPECT_EQ(lines, (std::vector<std::uint32_t>{2, 3}));
}

TEST(Sets, SetsAreSharedAcrossFilesAndListedWithTheirUsers) {
  std::vector<RuleFileError> errors;
  const auto compiled = compile_rule_files(
      {{"sets.rule", kSets}, {"rules.rule", taint_rule("py-a", "    source: web\n    sink: run\n")}}, errors);
  EXPECT_TRUE(errors.empty()) << warden::testing::error_lines(errors);
  ASSERT_EQ(compiled.rules.size(), 1u);
  const auto find = [&](const std::string& name) {
    return *std::find_if(compiled.sets.begin(), compiled.sets.end(), [&](const warden::NamedSet& s) { return s.name == name; });
  };
  const warden::NamedSet web = find("web"), everything = find("everything");
  EXPECT_EQ(web.kind, "sources");
  EXPECT_EQ(web.file, "sets.rule");
  EXPECT_EQ(web.position, (warden::Position{1, 9}));
  EXPECT_EQ(web.members, 2u);
  EXPECT_EQ(web.used_by, std::vector<std::string>{"py-a"});
  EXPECT_EQ(everything.members, 3u);
  EXPECT_EQ(everything.includes, std::vector<std::string>{"web"});
  EXPECT_TRUE(everything.used_by.empty());
  // Each declared set is also a rule KIND.NAME matching any member, for its own test file.
  std::vector<std::string> ids;
  for (const auto& r : compiled.set_rules) ids.push_back(r.info.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"sanitizers.quoting", "sinks.run", "sources.everything", "sources.web"}));
}

TEST(Sets, UnknownNamesWrongKindsCyclesAndDuplicatesArePositionedErrors) {
  EXPECT_EQ(errors_of({{"a.rule", kSets + taint_rule("py-a", "    source: everythin\n    sink: run\n")}}),
            "a.rule:21:13: unknown set 'everythin' (did you mean 'everything'?)\n");
  EXPECT_EQ(errors_of({{"a.rule", kSets + taint_rule("py-a", "    source: run\n    sink: run\n")}}),
            "a.rule:21:13: 'source:' names sinks 'run'; it takes a set of sources\n");
  EXPECT_EQ(errors_of({{"a.rule", "sources a {\n  b\n}\nsinks b {\n  call os.system\n}\n"}}),
            "a.rule:2:3: sources 'a' includes sinks 'b': a set includes only sets of its own kind\n");
  EXPECT_EQ(errors_of({{"a.rule", "sources a {\n  b\n}\nsources b {\n  c\n}\nsources c {\n  a\n}\n"}}),
            "a.rule:8:3: sources 'c' includes itself: a -> b -> c -> a\n");
  EXPECT_EQ(errors_of({{"a.rule", "sources a {\n  call x.y\n}\n"}, {"b.rule", "sinks a {\n  call x.y\n}\n"}}),
            "b.rule:1:7: duplicate set 'a' (first defined at a.rule:1:9)\n");
  EXPECT_EQ(errors_of({{"a.rule", "sinks imports {\n  call x.y\n}\n"}}),
            "a.rule:1:7: 'imports' is a keyword of formulas; a set needs another name\n");
  // A member that is no valid formula is reported where the set declares it.
  EXPECT_EQ(errors_of({{"a.rule", "sources a {\n  `def (`\n}\n"}}).substr(0, 9), "a.rule:2:");
  // A misspelt keyword followed by more on its line stays a syntax error, not a set's name.
  EXPECT_NE(errors_of({{"a.rule", "rule py-x {\n  title: \"T\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                                  "  match: calls eval\n}\n"}})
                .find("6:10: expected a formula"),
            std::string::npos);
}

TEST(Sets, APackOfOnesOwnNamesTheBuiltInSets) {
  const auto rules = warden::RuleSet::from_text(
      "mine.rule", taint_rule("my-flow", "    source: network\n    sink: shell\n    sanitizer: shell-quote\n"));
  const auto result = warden::Scanner(rules).scan_buffer(
      "a.py", "import os, requests, shlex\nos.system(requests.get('u').text)\nos.system(shlex.quote(requests.get('u').text))\n");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule_id, "my-flow");
  EXPECT_EQ(result.findings[0].range.start.line, 2u);
  const auto& sets = rules.sets();
  const auto network = std::find_if(sets.begin(), sets.end(), [](const warden::NamedSet& s) { return s.name == "network"; });
  ASSERT_NE(network, sets.end());
  EXPECT_EQ(network->file, "rulesets/sets/network.rule");
  // A set of one's own of the same name replaces the built-in one.
  const auto own = warden::RuleSet::from_text(
      "mine.rule", "sources network {\n  call mylib.fetch\n}\n" + taint_rule("my-flow", "    source: network\n    sink: shell\n"));
  const auto mine = warden::Scanner(own).scan_buffer("a.py", "import os, requests, mylib\nos.system(requests.get('u').text)\nos.system(mylib.fetch())\n");
  ASSERT_EQ(mine.findings.size(), 1u);
  EXPECT_EQ(mine.findings[0].range.start.line, 3u);
}

}  // namespace

// Rules lower on several threads; what comes out (rules, then errors) is in the files' order.
TEST(Lowering, RulesAndErrorsKeepTheFilesOrderWhateverTheThreads) {
  Files files;
  for (int f = 0; f < 3; ++f) {
    std::string text;
    for (int r = 0; r < 60; ++r) {
      const std::string match = r % 7 == 3 ? "all { `$X` where $X matches \"(\" }" : fmt::format("`f{}($X)`", r);
      text += fmt::format("rule f{}r{} {{\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n  match: {}\n}}\n",
                          f, r, match);
    }
    files.emplace_back(fmt::format("f{}.rule", f), text);
  }
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::vector<RuleFileError> errors;
    const auto out = compile_rule_files(files, errors);
    std::vector<std::string> ids, expected_ids;
    for (const auto& rule : out.rules) ids.push_back(rule.info.id);
    std::vector<std::pair<std::string, std::uint32_t>> where, expected_where;
    for (const auto& e : errors) where.emplace_back(e.file, e.position.line);
    for (int f = 0; f < 3; ++f) {
      for (int r = 0; r < 60; ++r) {
        if (r % 7 == 3) {
          expected_where.emplace_back(fmt::format("f{}.rule", f), static_cast<std::uint32_t>(r * 7 + 6));
        } else {
          expected_ids.push_back(fmt::format("f{}r{}", f, r));
        }
      }
    }
    EXPECT_EQ(ids, expected_ids);
    EXPECT_EQ(where, expected_where);
  }
}
