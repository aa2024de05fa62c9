// Prefilter words: which words a file must contain for a formula to match in it, and the
// one-pass lookup of many words (WordSet). A file without the words skips the rule.
#include <gtest/gtest.h>

#include "compiled_rules.hpp"
#include "formula.hpp"
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

}  // namespace
}  // namespace warden::detail
