#include "weights_match.hpp"

#include <utility>

namespace warden::detail {

std::string_view to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::allowed: return "allowed";
    case Verdict::denied: return "denied";
    case Verdict::unknown: return "unknown";
  }
  return "unknown";
}

void CallableVerdicts::add(VerdictEntry entry) { entries_.push_back(std::move(entry)); }

VerdictOf CallableVerdicts::classify(std::string_view qualified) const {
  // Where each dotted component starts and ends.
  std::vector<std::size_t> starts{0}, ends;
  for (std::size_t i = 0; i < qualified.size(); ++i) {
    if (qualified[i] == '.') {
      ends.push_back(i);
      starts.push_back(i + 1);
    }
  }
  ends.push_back(qualified.size());
  // Deny: every run of components, from each start, shortest first (the module before its
  // attribute, so the message names what the entry names).
  for (std::size_t first = 0; first < starts.size(); ++first) {
    for (std::size_t last = first; last < ends.size(); ++last) {
      const std::string_view run = qualified.substr(starts[first], ends[last] - starts[first]);
      for (const VerdictEntry& entry : entries_) {
        if (entry.deny && entry.glob.matches(run)) return {Verdict::denied, &entry, std::string(run)};
      }
    }
  }
  for (const VerdictEntry& entry : entries_) {
    if (!entry.deny && entry.glob.matches(qualified)) return {Verdict::allowed, &entry, std::string(qualified)};
  }
  return {};
}

}  // namespace warden::detail
