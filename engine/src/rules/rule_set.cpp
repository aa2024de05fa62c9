// RuleSet as a view of one compiled rule set: which rules are enabled, selected by check
// globs. Loading rule files and profiles is rule_loading/'s (above the rule languages).
#include "warden/rules.hpp"

#include <algorithm>

#include "compiled_rules.hpp"
#include "glob.hpp"
#include "rule_selection.hpp"

namespace warden {

namespace detail {

bool check_glob_selects(std::string_view glob, const RuleInfo& rule) {
  return glob_match(glob, rule.id) || xref_matches(rule, "bandit", glob);
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace detail

RuleSet::RuleSet(std::shared_ptr<const detail::CompiledRules> compiled, std::vector<bool> enabled)
    : compiled_(std::move(compiled)), enabled_(std::move(enabled)) {
  enabled_.resize(compiled_->rules().size(), true);
  for (std::size_t i = 0; i < enabled_.size(); ++i) {
    if (enabled_[i]) active_.push_back(compiled_->infos()[i]);
  }
}

RuleSet RuleSet::select(std::string_view globs) const {
  std::vector<bool> enabled = enabled_;
  const auto& infos = compiled_->infos();
  const auto in_profile = [&](std::size_t i) { return profile_rules_.empty() || profile_rules_[i]; };
  while (!globs.empty()) {
    const auto comma = globs.find(',');
    std::string_view glob = detail::trim_blanks(globs.substr(0, comma));
    globs = comma == std::string_view::npos ? std::string_view() : globs.substr(comma + 1);
    if (glob.empty()) continue;
    const bool remove = glob.front() == '-';
    if (remove) glob = detail::trim_blanks(glob.substr(1));
    if (glob.empty()) throw RuleError("--checks: '-' must be followed by a check name or glob");
    bool matched = false, outside = false;
    for (std::size_t i = 0; i < infos.size(); ++i) {
      if (!detail::check_glob_selects(glob, infos[i])) continue;
      if (!in_profile(i)) {
        outside = true;
        continue;
      }
      enabled[i] = !remove;
      matched = true;
    }
    if (!matched && outside) {
      throw RuleError("--checks: '" + std::string(glob) + "' names only checks outside the profile '" + profile_ +
                      "' (use --profile all)");
    }
    if (!matched) throw RuleError("--checks: '" + std::string(glob) + "' matches no check");
  }
  if (std::none_of(enabled.begin(), enabled.end(), [](bool on) { return on; })) {
    throw RuleError("--checks: no check is left enabled");
  }
  RuleSet out(compiled_, std::move(enabled));
  out.profile_rules_ = profile_rules_;
  out.profile_ = profile_;
  return out;
}

std::span<const RuleInfo> RuleSet::rules() const noexcept { return active_; }

const RuleInfo* RuleSet::find(std::string_view id) const noexcept {
  const auto it = std::find_if(active_.begin(), active_.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == active_.end() ? nullptr : &*it;
}

bool RuleSet::enabled(std::string_view id) const noexcept {
  const auto& infos = compiled_->infos();
  for (std::size_t i = 0; i < infos.size(); ++i) {
    if (infos[i].id == id) return enabled_[i];
  }
  return false;
}

std::size_t RuleSet::size() const noexcept { return active_.size(); }
const std::vector<NamedSet>& RuleSet::sets() const noexcept { return compiled_->sets(); }

}  // namespace warden
