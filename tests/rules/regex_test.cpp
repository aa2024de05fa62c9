// Rule regexes: checked when the rule is compiled, compiled to a program on first use.
#include <gtest/gtest.h>

#include <re2/re2.h>

#include <thread>
#include <vector>

#include "regex.hpp"
#include "warden/warden.hpp"

namespace warden::detail {
namespace {

TEST(Regex, SyntaxErrorsAreFoundWithoutCompiling) {
  std::string error;
  EXPECT_EQ(Regex::make("(unclosed", error), nullptr);
  EXPECT_NE(error.find("missing )"), std::string::npos) << error;
  error.clear();
  EXPECT_EQ(Regex::make("a**", error), nullptr);
  EXPECT_FALSE(error.empty());
}

TEST(Regex, AProgramOverRe2sBudgetIsAnErrorAtRuleCompilation) {
  // Each parses cleanly; only compiling shows the program is too large.
  for (const char* big : {"\\pL{500}", "(\\pL{100}){10}", "[\\p{L}\\p{N}]{1000}", "(?i)\\pL{600}"}) {
    std::string error;
    EXPECT_EQ(Regex::make(big, error), nullptr) << big;
    EXPECT_NE(error.find("too large"), std::string::npos) << big << ": " << error;
  }
  std::string error;
  // Escapes that write braces hold no count and do not force compilation (still correct).
  error.clear();
  const auto unicode = Regex::make(R"([\x{202A}-\x{202E}\p{Cf}]+)", error);
  ASSERT_NE(unicode, nullptr) << error;
  EXPECT_TRUE(unicode->partial_match("a\u202Eb"));
  EXPECT_FALSE(unicode->partial_match("ab"));
}

TEST(Regex, CompiledOnceForAllThreads) {
  std::string error;
  const auto regex = Regex::make("pasteb[i1]n\\.com", error);
  ASSERT_NE(regex, nullptr);
  std::vector<std::thread> threads;
  std::vector<int> hits(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) hits[static_cast<std::size_t>(t)] += regex->partial_match("https://pastebin.com/x") ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(hits, (std::vector<int>{100, 100, 100, 100}));
  EXPECT_EQ(&regex->re2(), &regex->re2());
}

TEST(Regex, RuleFileErrorsNameTheRegexAndItsPosition) {
  try {
    (void)RuleSet::from_text("bad.rule",
                             "rule r {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n"
                             "  match: all { node string  pattern `$S`  where $S matches \"(x\" }\n}\n");
    FAIL() << "expected a RuleError";
  } catch (const RuleError& e) {
    ASSERT_EQ(e.errors().size(), 1U);
    EXPECT_EQ(e.errors()[0].file, "bad.rule");
    EXPECT_EQ(e.errors()[0].position.line, 6U);
    EXPECT_NE(e.errors()[0].message.find("invalid regular expression \"(x\""), std::string::npos) << e.errors()[0].message;
  }
}

TEST(Regex, NeedsNonAsciiOnlyWhenEveryMatchHoldsOne) {
  // Every alternative needs a non-ASCII literal, escape, class or script at least once.
  for (const char* pattern : {"а", "[аео]", "[\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]", "\\x{FF10}", "\\xe9",
                              "\\p{Latin}\\p{L}*\\p{Cyrillic}|\\p{Cyrillic}\\p{L}*\\p{Latin}", "(?:ab[ΑΒΕ]+c)",
                              "^[_0-9]*[аео][аео_0-9]*$", "x(?P<n>\\p{Greek}){2,}", "[\\x{FF21}-\\x{FF3A}\\x{1D400}-\\x{1D7FF}]"}) {
    EXPECT_TRUE(needs_non_ascii(pattern)) << pattern;
  }
  // An alternative, a repetition that allows none, a class with an ASCII member, a negated
  // class, a script with ASCII letters, or a flag (case folding: `(?i)ſ` matches `s`): not certain.
  for (const char* pattern : {"а|b", "а*x", "[аb]", "[^а]", "\\p{Latin}", "\\pL", "\\P{Cyrillic}", "(?i)ſ",
                              "[a-я]", "а{0,3}", "(а)?", ".", "", "\\Qа\\E", "(а", "[а"}) {
    EXPECT_FALSE(needs_non_ascii(pattern)) << pattern;
  }
}

TEST(Regex, LiteralAtomsOneOfWhichEveryMatchHolds) {
  using Atoms = std::vector<std::string>;
  // A literal run; the longest-shortest list wins; lowercased.
  EXPECT_EQ(literal_atoms("pasteb[i1]n\\.com"), (Atoms{"pasteb1n.com", "pastebin.com"}));
  EXPECT_EQ(literal_atoms("Pastebin\\.com/raw"), (Atoms{"pastebin.com/raw"}));
  // Alternatives: each must have atoms; small groups and classes are spelt out.
  EXPECT_EQ(literal_atoms("(?i)hooks\\.slack\\.com|discord(app)?\\.com/api"),
            (Atoms{"discord.com/api", "discordapp.com/api", "hooks.slack.com"}));
  EXPECT_EQ(literal_atoms("[\"'](-i|--index-url)[\"']"), (Atoms{"\"--index-url\"", "\"--index-url'", "\"-i\"", "\"-i'",
                                                                  "'--index-url\"", "'--index-url'", "'-i\"", "'-i'"}));
  // An atom that holds another is dropped (a file with it holds the other).
  EXPECT_EQ(literal_atoms("\\bpythonw(\\.exe)?[\"']?$"), (Atoms{"pythonw"}));
  // Repetitions: zero copies allowed, no atom from it; one or more, its atoms.
  EXPECT_EQ(literal_atoms("(abc)*x"), Atoms{});
  EXPECT_EQ(literal_atoms("(abcd)+x"), (Atoms{"abcd"}));
  EXPECT_EQ(literal_atoms("ab{2}cde"), (Atoms{"cde"}));
  // Escapes: punctuation, controls and hex are literal; classes and dots break a run.
  EXPECT_EQ(literal_atoms("a\\.b\\x41c\\d+xyz"), (Atoms{"a.bac"}));
  // Nothing every match must hold, or syntax not followed: none.
  for (const char* pattern : {".*", "^\\d+$", "ab|cdef", "[a-z]{3,}", "\\Qabc\\E", "(?P=x)abc", "ab"}) {
    EXPECT_EQ(literal_atoms(pattern), Atoms{}) << pattern;
  }
}

}  // namespace
}  // namespace warden::detail
