// The rule IR for serialized weights: what a `weights` formula asks of a weights file's facts
// (a callable its load imports or calls, with the verdict the rule set's tables give it; data
// that could not be read; archive anomalies; Keras Lambda layers; GGUF chat templates), and the
// verdict tables themselves (`verdicts` blocks in rule files: allow-list and deny-list).
// The facts are read by engine/src/weights; scanning/weights_findings.cpp joins the two.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "name_glob.hpp"
#include "regex.hpp"

namespace warden::detail {

// One entry of a `verdicts` block: `allow collections.OrderedDict` or `deny os "runs commands"`.
struct VerdictEntry {
  bool deny = false;
  NameGlob glob{""};
  std::string reason;  // deny: why the callable is dangerous ("" when not given)
  std::string file;    // where it was declared, for messages
  std::uint32_t line = 0;
};

enum class Verdict : std::uint8_t { allowed, denied, unknown };
std::string_view to_string(Verdict verdict) noexcept;

struct VerdictOf {
  Verdict verdict = Verdict::unknown;
  const VerdictEntry* entry = nullptr;  // the entry that decided (denied, allowed)
  std::string matched;                  // denied: the part of the name the entry matched ("os.system" of "torch.os.system")
};

// The allow-list and deny-list of every loaded rule file, together. A deny entry matches a
// name and everything beneath it (`os` denies `os.system` and `os.path.join`), and also where
// the name reaches it through attributes of another module (`torch.os.system` is os.system,
// since `torch` imports `os`): every dotted run of the name's components is tried. An allow
// entry matches the whole name only. Deny wins over allow; a name neither allows nor denies is
// unknown.
class CallableVerdicts {
 public:
  void add(VerdictEntry entry);
  VerdictOf classify(std::string_view qualified) const;
  const std::vector<VerdictEntry>& entries() const noexcept { return entries_; }

 private:
  std::vector<VerdictEntry> entries_;
};

// One `weights ...` formula. A weights rule's match is one of these or an `any` of them.
struct WeightsCondition {
  enum class Fact : std::uint8_t { callable, unreadable, anomaly, keras_lambda, chat_template };
  Fact fact = Fact::callable;
  // callable: the verdict it must have (any: whatever it is) and, when not empty, globs its
  // qualified name must match.
  enum class VerdictFilter : std::uint8_t { any, allowed, denied, unknown };
  VerdictFilter verdict = VerdictFilter::any;
  std::vector<NameGlob> callees;
  // `matches "RE2"`: on a call's constant arguments as Python writes them, joined with ", "
  // (callable), or on the fact's text (the reason it is unreadable, the chat template, ...).
  std::shared_ptr<const Regex> regex;
};

struct CompiledWeightsMatch {
  std::vector<WeightsCondition> alternatives;  // the rule matches a fact one of them matches
};

}  // namespace warden::detail
