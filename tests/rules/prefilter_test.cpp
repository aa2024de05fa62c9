// Prefilter words: which words a file must contain for a formula to match in it, and the
// one-pass lookup of many words (WordSet). A file without the words skips the rule.
#include <gtest/gtest.h>

#include <algorithm>

#include "compiled_rules.hpp"
#include "formula.hpp"
#include "evaluate.hpp"
#include "warden/warden.hpp"

namespace warden::detail {
namespace {

std::optional<std::vector<std::string>> words_of(const std::string& match) {
  const auto rules = RuleSet::from_text(
      "r.rule", "rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n  match: " + match + "\n}\n");
  return required_words(*rules.compiled().rules()[0].formula);
}

TEST(Prefilter, AllKeepsTheMostSelectiveWords) {
  // `inside` and `where $X in [...]` constrain the file too; their long words beat `exec`/`os`.
  EXPECT_EQ(words_of("all { any { `exec` `os.system` } inside all { pattern ```\n  def $F(...):\n    ...\n  ``` "
                     "where $F in [__reduce__, __reduce_ex__] } }"),
            (std::vector<std::string>{"__reduce__", "__reduce_ex__"}));
  // The longest segment of a name stands for it; "pickle" (6) beats "a" and "b".
  EXPECT_EQ(words_of("all { `pickle.loads($X)` where $X in [a, b] }"), (std::vector<std::string>{"pickle"}));
  // A negated `where` says nothing about what the file contains.
  EXPECT_EQ(words_of("all { `assert $X` where $X not in [abcdef] }"), std::nullopt);
  EXPECT_EQ(words_of("node assert_statement"), std::nullopt);
}

TEST(Prefilter, WordSetFindsIdentifiersWholeAndOtherWordsAnywhere) {
  WordSet words;
  const auto reduce = words.add("__reduce__");
  const auto system = words.add("system");
  const auto dotted = words.add("a.b");
  EXPECT_EQ(words.add("system"), system);
  words.finish();
  const auto present = words.present_in("def __reduce__(self): return (os.systems, ())  # a.b");
  EXPECT_TRUE(present[reduce]);
  EXPECT_FALSE(present[system]);  // only as part of `systems`
  EXPECT_TRUE(present[dotted]);
}

TEST(Prefilter, NodeRulesAreSkippedInFilesWithoutTheirWords) {
  const auto rules = RuleSet::from_text(
      "r.rule",
      "rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
      "  match: all { `exec` inside all { pattern ```\n  def $F(...):\n    ...\n  ``` where $F in [__reduce__] } }\n}\n");
  const auto& compiled = rules.compiled();
  EXPECT_FALSE(compiled.node_rules_live_in("exec(x)\n")[0]);
  EXPECT_TRUE(compiled.node_rules_live_in("class A:\n    def __reduce__(self):\n        return (exec, ('1',))\n")[0]);
  const auto found = Scanner(rules).scan_buffer("a.py", "class A:\n    def __reduce__(self):\n        return (exec, ('1',))\n");
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].range.start, (Position{3, 17}));
}

TEST(Prefilter, AStringOrCommentRegexGivesItsLiteralAtoms) {
  // The regex's literal atoms, lowercased, marked `~` (found in any case): one of them is in
  // every match (an optional group spelt out: "discord.com/..." or "discordapp.com/...").
  EXPECT_EQ(words_of("all { node string  pattern `$S`  where $S matches \"(?i)hooks\\.slack\\.com|discord(app)?\\.com/api/webhooks\" }"),
            (std::vector<std::string>{"~discord.com/api/webhooks", "~discordapp.com/api/webhooks", "~hooks.slack.com"}));
  EXPECT_NE(words_of("all { node comment  pattern `$C`  where $C matches \"TODO\\(security\\)\" }"), std::nullopt);
  // No literal every match holds: no words.
  EXPECT_EQ(words_of("all { node string  pattern `$S`  where $S matches \"^[0-9]+$\" }"), std::nullopt);
  // A metavariable bound inside a larger pattern may be a concatenation ("disc" "ord.com"),
  // whose value joins text the file never writes whole: no atoms.
  EXPECT_EQ(words_of("all { `post($U)`  where $U matches \"discord\\.com\" }"), (std::vector<std::string>{"post"}));
  // Negated, or on a decoded value: nothing the file must hold.
  EXPECT_EQ(words_of("all { node string  pattern `$S`  where $S not matches \"discord\" }"), std::nullopt);
  EXPECT_EQ(words_of("all { node string  pattern `$S`  where decoded($S) matches \"discord\" }"), std::nullopt);
}

TEST(Prefilter, AtomWordsAreFoundInAnyCaseAndThroughStringEscapes) {
  WordSet words;
  const auto slack = words.add("~hooks.slack.com");
  const auto paste = words.add("~pastebin.com");
  const auto name = words.add("requests");
  words.finish();
  auto present = words.present_in("requests.post('https://HOOKS.Slack.com/services/x')\n");
  EXPECT_TRUE(present[slack]);
  EXPECT_FALSE(present[paste]);
  EXPECT_TRUE(present[name]);
  // Escapes that spell letters, and line continuations, are undone before the atoms are
  // looked for; a character's name (`\\N{...}`) counts as every atom.
  for (const char* text : {"u = 'pasteb\\x69n.com'\n", "u = 'paste\\u0062in.com'\n", "u = 'paste\\142in.com'\n",
                           "u = 'paste\\N{LATIN SMALL LETTER B}in.com'\n", "u = 'paste\\\nbin.com'\n",
                           "u = 'PASTE\\U00000042IN.COM'\n"}) {
    present = words.present_in(text);
    EXPECT_TRUE(present[paste]) << text;
    EXPECT_FALSE(present[name]) << text;  // identifiers are not spelled by escapes
  }
  // Escapes that spell something else, or only whitespace and quotes, do not.
  EXPECT_FALSE(words.present_in("u = 'pasteb\\x6An.com \\x00 a\\n\\t\\\\ \\' \\\"'\n")[paste]);
  EXPECT_FALSE(words.present_in("u = 'pastebin\\x2fcom'\n")[paste]);
}

TEST(Prefilter, RegexAtomsLoseNoFinding) {
  const auto rules = RuleSet::from_text(
      "r.rule",
      "rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
      "  match: all { node string  pattern `$S`  where $S matches \"(?i)pastebin\\\\.com\" }\n}\n");
  EXPECT_FALSE(rules.compiled().node_rules_live_in("u = 'https://example.org'\n")[0]);
  EXPECT_TRUE(rules.compiled().node_rules_live_in("u = 'https://PasteBin.com/raw/x'\n")[0]);
  // A line continuation inside the literal joins "paste" and "bin.com". (`\\x69` escapes are
  // not decoded in string values yet; the prefilter already counts them as any letter.)
  for (const char* text : {"u = 'https://PasteBin.com/raw/x'\n", "u = 'https://paste\\\nbin.com/raw/x'\n"}) {
    EXPECT_EQ(Scanner(rules).scan_buffer("a.py", text).findings.size(), 1u) << text;
  }
  EXPECT_EQ(Scanner(rules).scan_buffer("a.py", "u = 'https://example.org'\n").findings.size(), 0u);
}

TEST(Prefilter, ARegexOfNonAsciiCharactersNeedsANonAsciiFile) {
  // No atom of 3 bytes, but every match holds a Cyrillic letter: the file must hold a
  // non-ASCII character (in the text or spelled by an escape).
  EXPECT_EQ(words_of("all { node identifier  pattern `$N`  where $N matches \"\\\\p{Latin}\\\\p{L}*\\\\p{Cyrillic}\" }"),
            (std::vector<std::string>{std::string(kNonAsciiWord)}));
  // The node and its pattern in each branch of an `any` beside the `where` (letters of 2 bytes:
  // under FilteredRE2's 3-byte atoms; 3-byte ones are atoms themselves).
  EXPECT_EQ(words_of("all { any { all { node comment  pattern `$T` }  all { node string  pattern `$T` } }  "
                     "where $T matches \"[аео]\" }"),
            (std::vector<std::string>{std::string(kNonAsciiWord)}));
  EXPECT_EQ(words_of("all { node identifier  pattern `$N`  where $N matches \"\\\\pL\" }"), std::nullopt);
  EXPECT_EQ(words_of("all { `f($N)`  where $N matches \"[аео]\" }"), (std::vector<std::string>{"f"}));

  WordSet words;
  const auto non_ascii = words.add(std::string(kNonAsciiWord));
  words.finish();
  EXPECT_FALSE(words.present_in("x = 'plain' + \"\\x41\\n\\101\"  # ascii\n")[non_ascii]);
  for (const char* text : {"pаssword = 1\n", "s = '\\u0430'\n", "s = '\\xe9'\n", "s = '\\351'\n", "s = '\\N{DASH}'\n"}) {
    EXPECT_TRUE(words.present_in(text)[non_ascii]) << text;
  }

  const auto rules = RuleSet::from_text(
      "r.rule", "rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                "  match: all { node identifier  pattern `$N`  where $N matches \"\\\\p{Latin}\\\\p{L}*\\\\p{Cyrillic}\" }\n}\n");
  EXPECT_FALSE(rules.compiled().node_rules_live_in("password = 1\n")[0]);
  const auto found = Scanner(rules).scan_buffer("a.py", "pаssword = 1\n");
  ASSERT_EQ(found.findings.size(), 1u);
}

TEST(Prefilter, MethodKeywordAndGlobWords) {
  // A method's name and a keyword's name are written wherever the pattern matches.
  EXPECT_EQ(words_of("`$C.exec_command($X)`"), (std::vector<std::string>{"exec_command"}));
  EXPECT_EQ(words_of("`$F(..., shell=$S, ...)`"), (std::vector<std::string>{"shell"}));
  // A glob's literal run is a substring word ("*chmod"): `my_chmod` contains it.
  EXPECT_EQ(words_of("call [*chmod*, *.*chmod*]"), (std::vector<std::string>{"*chmod", "*chmod"}));
  EXPECT_EQ(words_of("call *.x*"), std::nullopt);  // one byte says little
  // Imports give none: `from . import handler` in xml/sax/ imports xml.sax, never writing "sax".
  EXPECT_EQ(words_of("import [xml.sax, xml.sax.*]"), std::nullopt);
  EXPECT_EQ(words_of("all { `$F($X)` imports [*paramiko*] }"), std::nullopt);
  WordSet words;
  const auto chmod = words.add("*chmod");
  const auto exact = words.add("chmod");
  words.finish();
  const auto present = words.present_in("def my_chmod(p): ...");
  EXPECT_TRUE(present[chmod]);
  EXPECT_FALSE(present[exact]);
}

TEST(Prefilter, RulesOnNamedCallsAreTriedOnlyWhereAGlobOrMethodNamesTheCall) {
  const auto rules = RuleSet::from_text(
      "r.rule", "rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                "  match: any { call [*chmod*, *.*chmod*]  `$O.lchmod($P)`  call os.fchmod }\n}\n"
                "rule s {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                "  match: all { `$F($X)`  where $X matches \"^1$\" }\n}\n");
  const auto& compiled = rules.compiled();
  const auto& named = compiled.call_filter(0);
  EXPECT_TRUE(named.active);
  EXPECT_EQ(named.globs.size(), 2u);
  EXPECT_EQ(named.methods, (std::vector<std::string>{"lchmod"}));
  EXPECT_FALSE(compiled.call_filter(1).active);  // `$F(...)`: any call
  // A glob through an alias, a method on any value, an exact name, and a call of neither.
  const auto found = Scanner(rules).scan_buffer(
      "a.py", "from os import chmod as set_mode\nimport os\nset_mode('x', 1)\np.lchmod(1)\nos.fchmod(3, 1)\nprint(1)\n");
  std::vector<std::pair<std::string, std::uint32_t>> lines;
  for (const auto& f : found.findings) lines.emplace_back(f.rule_id, f.range.start.line);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::pair<std::string, std::uint32_t>>{{"r", 3}, {"r", 4}, {"r", 5}, {"s", 4}, {"s", 6}}));
}

TEST(Prefilter, AGlobRuleStillMatchesAFunctionOfOnesOwn) {
  const auto rules = RuleSet::from_text(
      "r.rule", "rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                "  match: call *.*chmod*\n}\n");
  const auto found = Scanner(rules).scan_buffer("a.py", "def my_chmod(p):\n    pass\n\nmy_chmod('x')\n");
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].range.start, (Position{4, 1}));
}

TEST(Prefilter, RulesOnEveryCallKeepOnlyWordsTheFileWrites) {
  const auto rules = RuleSet::from_text(
      "r.rule", "rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                "  match: all { call *.*chmod*  pattern `$F($P, $M)` }\n}\n"
                "rule k {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                "  match: `$F(..., shell=True, ...)`\n}\n");
  // The callee's name may come from another file: a rule on every call gets no word from it.
  EXPECT_EQ(required_words(*rules.compiled().rules()[0].formula, true), std::nullopt);
  EXPECT_EQ(required_words(*rules.compiled().rules()[1].formula, true), (std::vector<std::string>{"shell"}));
  const auto live = rules.compiled().node_rules_live_in("run(x)\n");
  EXPECT_TRUE(live[0]);
  EXPECT_FALSE(live[1]);
  const auto found = Scanner(rules).scan_buffer("main.py", "from os import chmod as set_mode\nset_mode('x', 0o777)\nrun('ls', shell=True)\n");
  std::vector<std::string> ids;
  for (const Finding& f : found.findings) ids.push_back(f.rule_id + "@" + std::to_string(f.range.start.line));
  EXPECT_EQ(ids, (std::vector<std::string>{"r@2", "k@3"}));
}

}  // namespace
}  // namespace warden::detail
