#include "suppression.hpp"

#include "compiled_rules.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace warden::detail {
namespace {

bool is_bandit_id(std::string_view t) {
  return t.size() == 4 && t[0] == 'B' && t[1] >= '0' && t[1] <= '9' && t[2] >= '0' && t[2] <= '9' && t[3] >= '0' &&
         t[3] <= '9';
}

// A Warden rule id: lowercase first, and a '-' or '.' in it, so prose ("# nosec trusted input")
// is not taken for one.
bool is_rule_id(std::string_view t) {
  return !t.empty() && t[0] >= 'a' && t[0] <= 'z' && t.find_first_of("-.") != std::string_view::npos;
}

// The ids a `nosec` comment in `line` names; nullopt when the line has none; empty when it
// names none (then it silences everything on the line).
std::optional<std::vector<std::string_view>> nosec_ids(std::string_view line) {
  for (std::size_t hash = line.find('#'); hash != std::string_view::npos; hash = line.find('#', hash + 1)) {
    std::string_view rest = line.substr(hash + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (!rest.starts_with("nosec")) continue;
    rest.remove_prefix(5);
    if (!rest.empty() && rest.front() != ' ' && rest.front() != ':' && rest.front() != ',') continue;  // "nosecure"
    rest = rest.substr(0, rest.find('#'));
    std::vector<std::string_view> ids;
    while (!rest.empty()) {
      const std::size_t start = rest.find_first_not_of(" :,\t");
      if (start == std::string_view::npos) break;
      rest.remove_prefix(start);
      const std::size_t end = rest.find_first_of(" :,\t");
      const std::string_view token = rest.substr(0, end);
      if (is_bandit_id(token) || is_rule_id(token)) ids.push_back(token);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    }
    return ids;
  }
  return std::nullopt;
}

// Whether the finding's rule is `id`: by its own id or one of its Bandit ids ("B102,B307").
bool names_rule(std::string_view id, const Finding& finding, const RuleInfo* rule) {
  if (id == finding.rule_id) return true;
  return rule && is_bandit_id(id) && xref_matches(*rule, "bandit", id);
}

}  // namespace

bool suppressed_by_comment(const Finding& finding, const RuleInfo* rule) {
  std::string_view lines = finding.snippet;
  while (true) {
    const std::size_t nl = lines.find('\n');
    if (const auto ids = nosec_ids(lines.substr(0, nl))) {
      if (ids->empty()) return true;
      for (const std::string_view id : *ids) {
        if (names_rule(id, finding, rule)) return true;
      }
    }
    if (nl == std::string_view::npos) return false;
    lines.remove_prefix(nl + 1);
  }
}

}  // namespace warden::detail
