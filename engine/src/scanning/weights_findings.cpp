#include "weights_findings.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "compiled_rules.hpp"
#include "message_template.hpp"

namespace warden::detail {
namespace {

// Notes kept under one finding (its callable's other imports and calls).
constexpr std::size_t kMaxNotes = 8;

using Condition = WeightsCondition;

Condition::Fact fact_of(WeightFact::Kind kind) {
  switch (kind) {
    case WeightFact::Kind::callable: return Condition::Fact::callable;
    case WeightFact::Kind::unreadable: return Condition::Fact::unreadable;
    case WeightFact::Kind::anomaly: return Condition::Fact::anomaly;
    case WeightFact::Kind::keras_lambda: return Condition::Fact::keras_lambda;
    case WeightFact::Kind::chat_template: return Condition::Fact::chat_template;
  }
  return Condition::Fact::unreadable;
}

// A call's constant arguments as Python writes a tuple of them: "('echo hi',)"; "" when unknown.
std::string arguments_text(const PickleCallable& c) {
  if (c.use != PickleCallable::Use::call || c.arguments.empty()) return {};
  std::string out = "(";
  for (std::size_t i = 0; i < c.arguments.size(); ++i) out += (i ? ", " : "") + c.arguments[i];
  return out + (c.arguments.size() == 1 ? ",)" : ")");
}

// The text a `matches` regex is tried on: a call's arguments, else the fact's detail.
std::string subject_of(const WeightFact& fact) {
  if (fact.kind != WeightFact::Kind::callable) return fact.detail;
  std::string joined;
  for (std::size_t i = 0; i < fact.callable.arguments.size(); ++i) joined += (i ? ", " : "") + fact.callable.arguments[i];
  return joined;
}

bool holds(const Condition& c, const WeightFact& fact, const VerdictOf* verdict) {
  if (c.fact != fact_of(fact.kind)) return false;
  if (c.fact == Condition::Fact::callable) {
    switch (c.verdict) {
      case Condition::VerdictFilter::any: break;
      case Condition::VerdictFilter::allowed: if (verdict->verdict != Verdict::allowed) return false; break;
      case Condition::VerdictFilter::denied: if (verdict->verdict != Verdict::denied) return false; break;
      case Condition::VerdictFilter::unknown: if (verdict->verdict != Verdict::unknown) return false; break;
    }
    const std::string name = fact.callable.qualified();
    if (!c.callees.empty() &&
        std::none_of(c.callees.begin(), c.callees.end(), [&](const NameGlob& g) { return g.matches(name); })) {
      return false;
    }
  }
  return !c.regex || c.regex->partial_match(subject_of(fact));
}

// "why" for a callable: the deny entry's reason, after the denied part of the name when the
// name reaches it through another module ("os: runs commands" for torch.os.system).
std::string reason_of(const WeightFact& fact, const VerdictOf* verdict) {
  if (fact.kind != WeightFact::Kind::callable || !verdict || !verdict->entry) return {};
  const std::string& reason = verdict->entry->reason;
  if (verdict->verdict != Verdict::denied) return reason;
  const std::string name = fact.callable.qualified();
  const bool through_other = name != verdict->matched && !name.starts_with(verdict->matched + ".");
  std::string out = through_other ? verdict->matched : std::string();
  if (!reason.empty()) out += (out.empty() ? "" : ": ") + reason;
  return out;
}

std::string render(std::string_view templ, const WeightFact& fact, const VerdictOf* verdict) {
  std::string out;
  for_each_template_piece(templ, [&](const TemplatePiece& piece) {
    if (piece.kind != TemplatePiece::Kind::placeholder) {
      out += piece.text;
    } else if (piece.text == "callee") {
      out += fact.callable.qualified();
    } else if (piece.text == "reason") {
      out += reason_of(fact, verdict);
    } else if (piece.text == "detail") {
      out += fact.detail;
    }
  });
  return out;
}

// The file's verdict: the worst of its parts (WeightsVerdict's order).
WeightsFile summarize(const std::string& display, const WeightsScan& scan,
                      const std::map<std::string, VerdictOf, std::less<>>& by_name) {
  WeightsFile out;
  out.file = display;
  out.format = std::string(to_string(scan.format));
  out.pickles = static_cast<std::uint32_t>(scan.pickle_members.size());
  const auto worsen = [&](WeightsVerdict v) { out.verdict = std::max(out.verdict, v); };
  if (!scan.pickle_members.empty()) worsen(WeightsVerdict::allowed);
  for (const auto& [name, verdict] : by_name) {
    switch (verdict.verdict) {
      case Verdict::allowed: ++out.allowed; worsen(WeightsVerdict::allowed); break;
      case Verdict::unknown: ++out.unknown; worsen(WeightsVerdict::unknown); break;
      case Verdict::denied: ++out.denied; worsen(WeightsVerdict::dangerous); break;
    }
  }
  for (const WeightFact& fact : scan.facts) {
    if (fact.kind == WeightFact::Kind::unreadable) worsen(WeightsVerdict::unreadable);
    if (fact.kind == WeightFact::Kind::keras_lambda) worsen(WeightsVerdict::dangerous);
  }
  return out;
}

std::string_view use_text(const PickleCallable& c) { return c.use == PickleCallable::Use::call ? "called" : "imported"; }

}  // namespace

bool weights_checks_enabled(const RuleSet& rules) noexcept {
  const auto& indices = rules.compiled().weights_rules();
  return std::any_of(indices.begin(), indices.end(), [&](std::uint32_t i) { return rules.enabled_at(i); });
}

WeightsFile report_weights(const RuleSet& rules, const std::string& display, const WeightsScan& scan,
                           std::vector<Finding>& findings) {
  const CompiledRules& compiled = rules.compiled();
  // Each callable judged once, whatever the number of rules.
  std::vector<std::optional<VerdictOf>> verdicts(scan.facts.size());
  std::map<std::string, VerdictOf, std::less<>> by_name;
  for (std::size_t i = 0; i < scan.facts.size(); ++i) {
    if (scan.facts[i].kind != WeightFact::Kind::callable) continue;
    const std::string name = scan.facts[i].callable.qualified();
    auto it = by_name.find(name);
    if (it == by_name.end()) it = by_name.emplace(name, compiled.verdicts().classify(name)).first;
    verdicts[i] = it->second;
  }
  WeightsFile summary = summarize(display, scan, by_name);
  for (const std::uint32_t index : compiled.weights_rules()) {
    if (!rules.enabled_at(index)) continue;
    const CompiledRule& rule = compiled.rules()[index];
    // The finding of each (member, callable) so far: its later imports and calls become notes.
    std::map<std::tuple<std::string_view, std::string>, std::size_t> reported;
    for (std::size_t i = 0; i < scan.facts.size(); ++i) {
      const WeightFact& fact = scan.facts[i];
      const VerdictOf* verdict = verdicts[i] ? &*verdicts[i] : nullptr;
      const auto& alternatives = rule.weights->alternatives;
      if (std::none_of(alternatives.begin(), alternatives.end(), [&](const Condition& c) { return holds(c, fact, verdict); })) {
        continue;
      }
      const bool callable = fact.kind == WeightFact::Kind::callable;
      const std::string arguments = callable ? arguments_text(fact.callable) : std::string();
      if (callable) {
        const auto [it, first] = reported.try_emplace({fact.member, fact.callable.qualified()}, findings.size());
        if (!first) {
          Finding& f = findings[it->second];
          if (!arguments.empty() && f.message.find(": called with ") == std::string::npos) {
            f.message += fmt::format(": called with {}", arguments);
          }
          if (f.trace.size() < kMaxNotes) {
            TraceStep step;
            step.file = display;
            step.bytes = ByteLocation{fact.member, fact.offset};
            step.message = fmt::format("{} again by {}{}", use_text(fact.callable), fact.callable.opcode,
                                       arguments.empty() ? "" : " with " + arguments);
            step.snippet = fact.excerpt;
            f.trace.push_back(std::move(step));
          }
          continue;
        }
      }
      Finding f = finding_of(rule.info, display);
      f.bytes = ByteLocation{fact.member, fact.offset};
      f.message = render(rule.message, fact, verdict);
      if (callable) {
        f.message += fmt::format(" ({} by {}", use_text(fact.callable), fact.callable.opcode);
        if (fact.callable.pickle > 0) f.message += fmt::format(" in pickle {} of stacked pickles", fact.callable.pickle + 1);
        f.message += ")";
        if (!arguments.empty()) f.message += fmt::format(": called with {}", arguments);
      }
      f.snippet = fact.excerpt;
      findings.push_back(std::move(f));
    }
  }
  return summary;
}

}  // namespace warden::detail
