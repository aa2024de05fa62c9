#include "warden/rules.hpp"

#include <algorithm>

#include "compiled_rules.hpp"

namespace warden {

namespace {

// Glob with '*' only, as clang-tidy's --checks uses.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

RuleSet::RuleSet(std::shared_ptr<const detail::CompiledRules> compiled, std::vector<bool> enabled)
    : compiled_(std::move(compiled)), enabled_(std::move(enabled)) {
  enabled_.resize(compiled_->rules().size(), true);
  for (std::size_t i = 0; i < enabled_.size(); ++i) {
    if (enabled_[i]) active_.push_back(compiled_->infos()[i]);
  }
}

RuleSet RuleSet::builtin() {
  static const auto compiled = std::make_shared<const detail::CompiledRules>(detail::builtin_rules());
  return RuleSet(compiled, {});
}

RuleSet RuleSet::select(std::string_view globs) const {
  std::vector<bool> enabled = enabled_;
  const auto& infos = compiled_->infos();
  while (!globs.empty()) {
    const auto comma = globs.find(',');
    std::string_view glob = trim(globs.substr(0, comma));
    globs = comma == std::string_view::npos ? std::string_view() : globs.substr(comma + 1);
    if (glob.empty()) continue;
    const bool remove = glob.front() == '-';
    if (remove) glob = trim(glob.substr(1));
    if (glob.empty()) throw RuleError("--checks: '-' must be followed by a check name or glob");
    bool matched = false;
    for (std::size_t i = 0; i < infos.size(); ++i) {
      if (glob_match(glob, infos[i].id)) {
        enabled[i] = !remove;
        matched = true;
      }
    }
    if (!matched) throw RuleError("--checks: '" + std::string(glob) + "' matches no check");
  }
  if (std::none_of(enabled.begin(), enabled.end(), [](bool on) { return on; })) {
    throw RuleError("--checks: no check is left enabled");
  }
  return RuleSet(compiled_, std::move(enabled));
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

}  // namespace warden
