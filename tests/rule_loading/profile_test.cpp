// Profiles: named selections of checks (rulesets/profiles/*.profile), and --checks within them.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "temp_tree.hpp"
#include "compiled_rules.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

constexpr const char* kRules = R"(
rule bandit-b999-test-check {
  title: "t"
  message: "m"
  severity: low
  confidence: high
  bandit: B999
  match: call os.system
}
rule mine {
  title: "t"
  message: "m"
  severity: low
  confidence: high
  match: call os.popen
}
)";

std::vector<std::string> ids(const RuleSet& rules) {
  std::vector<std::string> out;
  for (const RuleInfo& rule : rules.rules()) out.push_back(rule.id);
  return out;
}

bool is_bandit_pack(const std::string& id) { return id.starts_with("bandit-") || id.starts_with("yara.bandit-"); }

TEST(Profile, BuiltinIsTheDefaultProfile) {
  const RuleSet rules = RuleSet::builtin();
  EXPECT_EQ(rules.profile(), "default");
  EXPECT_EQ(ids(rules), ids(rules.with_profile("default")));
  EXPECT_NE(rules.find("py-exec-os-system"), nullptr);
  EXPECT_EQ(RuleSet::profile_names(), (std::vector<std::string>{"all", "bandit", "default"}));
}

TEST(Profile, BanditIsExactlyTheBanditPackAndAllIsEverything) {
  const RuleSet all = RuleSet::builtin().with_profile("all");
  const RuleSet bandit = RuleSet::builtin().with_profile("bandit");
  const auto bandit_ids = ids(bandit);
  ASSERT_FALSE(bandit_ids.empty());
  EXPECT_TRUE(std::all_of(bandit_ids.begin(), bandit_ids.end(), is_bandit_pack));
  const auto all_ids = ids(all);
  EXPECT_EQ(static_cast<std::size_t>(std::count_if(all_ids.begin(), all_ids.end(), is_bandit_pack)), bandit_ids.size());
  EXPECT_EQ(all.size(), all.compiled().infos().size());
  // The default leaves some of the Bandit pack out, and has Warden's own packs.
  EXPECT_LT(RuleSet::builtin().size(), all.size());
  EXPECT_NE(RuleSet::builtin().find("py-flow-download-to-shell"), nullptr);
  EXPECT_EQ(bandit.find("py-flow-download-to-shell"), nullptr);
}

TEST(Profile, OwnRulesFollowTheSameProfiles) {
  const RuleSet rules = RuleSet::from_text("own.rule", kRules);
  EXPECT_EQ(rules.size(), 2u);  // load() and from_text(): everything, no profile
  EXPECT_EQ(rules.profile(), "");
  EXPECT_EQ(ids(rules.with_profile("default")), (std::vector<std::string>{"mine"}));
  EXPECT_EQ(ids(rules.with_profile("bandit")), (std::vector<std::string>{"bandit-b999-test-check"}));
  EXPECT_EQ(rules.with_profile("all").size(), 2u);
}

TEST(Profile, ChecksSelectOnlyWithinTheProfile) {
  const RuleSet rules = RuleSet::from_text("own.rule", kRules).with_profile("default");
  try {
    (void)rules.select("-*,bandit-b999-test-check");
    FAIL() << "expected a RuleError";
  } catch (const RuleError& e) {
    EXPECT_STREQ(e.what(),
                 "--checks: 'bandit-b999-test-check' names only checks outside the profile 'default' (use --profile all)");
  }
  // By Bandit id too; within `all` both are there.
  EXPECT_THROW((void)rules.select("-*,B999"), RuleError);
  EXPECT_EQ(ids(rules.with_profile("all").select("-*,B999")), (std::vector<std::string>{"bandit-b999-test-check"}));
  // A selection keeps its profile: a later select() stays within it.
  const RuleSet narrowed = rules.with_profile("bandit").select("B999");
  EXPECT_EQ(narrowed.profile(), "bandit");
  EXPECT_THROW((void)narrowed.select("mine"), RuleError);
}

TEST(Profile, AProfileFileIsAGlobListWithComments) {
  const testing::TempTree tree(std::map<std::string, std::string>{{"mine.profile",
                                 "# only my own checks\r\n*\n-bandit-*   # not Bandit's\n\n"
                                 "nothing-matches-this-*\n"}});
  const auto path = tree.root() / "mine.profile";
  const RuleSet rules = RuleSet::from_text("own.rule", kRules).with_profile(path.string());
  EXPECT_EQ(ids(rules), (std::vector<std::string>{"mine"}));
  EXPECT_EQ(rules.profile(), path.string());
}

TEST(Profile, UnknownOrEmptyProfilesAreErrors) {
  const RuleSet rules = RuleSet::from_text("own.rule", kRules);
  try {
    (void)rules.with_profile("strict");
    FAIL() << "expected a RuleError";
  } catch (const RuleError& e) {
    EXPECT_STREQ(e.what(), "--profile: unknown profile 'strict' (built-in: all, bandit, default; or the path of a .profile file)");
  }
  EXPECT_THROW((void)rules.with_profile("/nonexistent/x.profile"), RuleError);
  const testing::TempTree tree(std::map<std::string, std::string>{{"none.profile", "# nothing\n-*\n"}});
  const auto empty = tree.root() / "none.profile";
  try {
    (void)rules.with_profile(empty.string());
    FAIL() << "expected a RuleError";
  } catch (const RuleError& e) {
    EXPECT_EQ(std::string(e.what()), "--profile: profile '" + empty.string() + "' enables no check of this rule set");
  }
}

}  // namespace
}  // namespace warden
