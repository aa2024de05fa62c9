// `# nosec` comments, Bandit's form and Warden's: which findings they silence.
#include <gtest/gtest.h>

#include <sstream>

#include "suppression.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

constexpr const char* kCode = R"(import os
import pickle
os.system(cmd)  # nosec
os.system(cmd)  # nosec B605
os.system(cmd)  # nosec B602, B607
os.system(cmd)  # nosec: py-exec-os-system
os.system(cmd)  # nosec trusted input, reviewed
os.system(cmd)  # nosecure
os.system(  # nosec
    cmd)
pickle.loads(b)  # nosec B605
s = "# nosec"; os.system(cmd)
)";

std::vector<std::uint32_t> lines_found(const ScanOptions& options) {
  const auto result = Scanner(RuleSet::builtin().select("-*,py-exec-os-system,py-deser-pickle"), options).scan_buffer("a.py", kCode);
  std::vector<std::uint32_t> lines;
  for (const Finding& f : result.findings) lines.push_back(f.range.start.line);
  return lines;
}

TEST(Suppression, NosecSilencesAllOrTheNamedBanditIdsOrRuleIds) {
  // 3: bare; 4: B605 is os.system's id; 6: Warden's rule id; 7: prose names no id, so all;
  // 9: a comment on any line of the finding. Kept: 5 (other ids), 8 (not nosec), 11 (B605 is
  // not pickle's id), 12 ("nosec" must end at a space, ':', ',' or the line's end; here a quote).
  EXPECT_EQ(lines_found({}), (std::vector<std::uint32_t>{5, 8, 11, 12}));
  ScanOptions ignore;
  ignore.ignore_nosec = true;
  EXPECT_EQ(lines_found(ignore).size(), 9u);
  const auto result = Scanner(RuleSet::builtin().select("-*,py-exec-os-system,py-deser-pickle")).scan_buffer("a.py", kCode);
  EXPECT_EQ(result.suppressed.size(), 5u);
  std::ostringstream text;
  write_text(text, result, {});
  EXPECT_NE(text.str().find("1 file analysed, 0 skipped, 0 with errors; 5 silenced by # nosec\n"), std::string::npos) << text.str();
  std::ostringstream json;
  write_json(json, result, RuleSet::builtin());
  EXPECT_NE(json.str().find("\"suppressed\": 5,"), std::string::npos);
}

TEST(Suppression, ChecksSelectByBanditId) {
  const auto rules = RuleSet::builtin().select("-*,B605");
  ASSERT_GE(rules.size(), 1u);
  for (const auto& rule : rules.rules()) EXPECT_NE(rule.xrefs.at("bandit").find("B605"), std::string::npos) << rule.id;
  EXPECT_NE(RuleSet::builtin().select("-*,B102").find("py-exec-dynamic-code"), nullptr);  // "B102,B307"
}

}  // namespace
}  // namespace warden
