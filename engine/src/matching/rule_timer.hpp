// Per-rule matching time, for `--stats`: a rule's author sees what the rule costs. Filled
// only when a scan asks for it (a clock read per rule tried).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace warden::detail {

struct RuleTimer {
  std::vector<double> seconds;  // by rule index
  std::vector<std::uint64_t> tries, matches;

  // Runs try_once() (returns whether the rule matched) and charges its time to `rule`.
  template <typename Try>
  bool time(std::uint32_t rule, std::size_t rule_count, Try&& try_once) {
    if (seconds.size() < rule_count) {
      seconds.resize(rule_count, 0);
      tries.resize(rule_count, 0);
      matches.resize(rule_count, 0);
    }
    const auto start = std::chrono::steady_clock::now();
    const bool found = try_once();
    seconds[rule] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++tries[rule];
    matches[rule] += found;
    return found;
  }
};

}  // namespace warden::detail
