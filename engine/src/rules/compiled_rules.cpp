#include "compiled_rules.hpp"

#include <functional>

#include <algorithm>
#include <map>
#include <set>

#include "glob.hpp"
#include "syntax.hpp"

namespace warden::detail {

namespace {
constexpr std::uint32_t kNoCheck = ~std::uint32_t{0};
}

CompiledRules::CompiledRules(std::vector<CompiledRule> rules, std::vector<FlowModel> models,
                             std::shared_ptr<const SignatureSet> signatures, CallableVerdicts verdicts)
    : rules_(std::move(rules)), models_(std::move(models)), signatures_(std::move(signatures)),
      verdicts_(std::move(verdicts)) {
  for (std::uint32_t i = 0; i < models_.size(); ++i) model_index_[models_[i].callee] = i;
  if (signatures_) {
    const auto& yara = signatures_->rules();
    check_of_signature_.assign(yara.size(), kNoCheck);
    for (std::uint32_t s = 0; s < yara.size(); ++s) {
      // Private rules are building blocks of others, never reported; library rules are there
      // for `decoded($X) matches yara` only.
      if (yara[s].is_private || !yara[s].is_check) continue;
      check_of_signature_[s] = static_cast<std::uint32_t>(rules_.size());
      signature_rules_.push_back(static_cast<std::uint32_t>(rules_.size()));
      CompiledRule rule;
      rule.info = yara[s].info;
      rule.message = yara[s].message;
      rule.signature = s;
      rules_.push_back(std::move(rule));
    }
  }
  std::set<std::string, std::less<>> ids;
  infos_.reserve(rules_.size());
  for (std::uint32_t i = 0; i < rules_.size(); ++i) {
    const auto& rule = rules_[i];
    if (!ids.insert(rule.info.id).second) throw RuleError("duplicate rule id '" + rule.info.id + "'");
    infos_.push_back(rule.info);
    if (rule.formula) index_anchors(i, anchors_of(*rule.formula));
    if (rule.taint) taint_rules_.push_back(i);
    if (rule.weights) weights_rules_.push_back(i);
  }
  // The `call` globs of the rules on every call, for calls resolved through other files.
  const std::function<void(std::uint32_t, const CompiledFormula&)> collect = [&](std::uint32_t rule, const CompiledFormula& f) {
    if (f.kind == CompiledFormula::Kind::call) {
      for (const NameGlob& glob : f.names) every_call_callees_.emplace_back(rule, &glob);
    }
    for (const CompiledFormula& c : f.children) collect(rule, c);
  };
  call_filters_.resize(rules_.size());
  for (const std::uint32_t rule : every_call_) {
    if (!rules_[rule].formula) continue;
    collect(rule, *rules_[rule].formula);
    // A rule anchored only on calls named exactly, by globs or by a method name is tried at a
    // call only when one of its globs names the callee or the call is of one of its methods
    // (the exact names are indexed by callee).
    const auto anchors = anchors_of(*rules_[rule].formula);
    const bool named_only = std::all_of(anchors.begin(), anchors.end(), [](const Anchor& a) {
      return a.node_type == "call" && (a.callee || a.glob || a.method);
    });
    if (!named_only) continue;
    CallFilter& filter = call_filters_[rule];
    filter.active = true;
    for (const Anchor& a : anchors) {
      if (a.glob) filter.globs.push_back(a.glob);
      if (a.method) filter.methods.push_back(*a.method);
    }
  }
  std::map<std::string, std::uint32_t, std::less<>> groups;
  group_ids_.assign(rules_.size(), 0);
  for (std::uint32_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].group.empty()) continue;
    group_ids_[i] = groups.try_emplace(rules_[i].group, static_cast<std::uint32_t>(groups.size() + 1)).first->second;
  }
  node_rule_words_.resize(rules_.size());
  for (std::uint32_t i = 0; i < rules_.size(); ++i) {
    if (!rules_[i].formula) continue;
    const auto anchors = anchors_of(*rules_[i].formula);
    // Rules indexed by callee need no words; the others (node anchors, any call) do. A rule on
    // every call gets only the words its file must write (its calls may resolve through
    // other files of the tree).
    const bool on_nodes = std::any_of(anchors.begin(), anchors.end(), [](const Anchor& a) { return a.node_type != "call"; });
    const bool on_calls = std::any_of(anchors.begin(), anchors.end(), [](const Anchor& a) { return a.node_type == "call" && !a.callee; });
    if (!on_nodes && !on_calls) continue;
    if (const auto words = required_words(*rules_[i].formula, on_calls)) {
      for (const std::string& w : *words) node_rule_words_[i].push_back(node_words_.add(w));
    }
  }
  node_words_.finish();
}

void CompiledRules::index_anchors(std::uint32_t rule, const std::vector<Anchor>& anchors) {
  const PythonGrammar& grammar = PythonGrammar::get();
  auto add_unique = [rule](std::vector<std::uint32_t>& list) {
    if (list.empty() || list.back() != rule) list.push_back(rule);
  };
  for (const Anchor& anchor : anchors) {
    if (anchor.node_type == "call") {
      if (anchor.callee) add_unique(by_callee_[*anchor.callee]);
      else add_unique(every_call_);
      continue;
    }
    if (by_symbol_.empty()) by_symbol_.resize(grammar.symbol_count());
    has_node_anchors_ = true;
    if (anchor.node_type.empty()) {  // any node
      for (auto& list : by_symbol_) add_unique(list);
      continue;
    }
    for (const TSSymbol symbol : grammar.symbols_named(anchor.node_type)) add_unique(by_symbol_[symbol]);
  }
}

const std::vector<std::uint32_t>& CompiledRules::rules_for_symbol(TSSymbol symbol) const noexcept {
  static const std::vector<std::uint32_t> none;
  return symbol < by_symbol_.size() ? by_symbol_[symbol] : none;
}

std::vector<bool> CompiledRules::node_rules_live_in(std::string_view text) const {
  std::vector<bool> live(rules_.size(), true);
  if (node_words_.empty()) return live;
  const std::vector<bool> present = node_words_.present_in(text);
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& words = node_rule_words_[i];
    if (!words.empty()) live[i] = std::any_of(words.begin(), words.end(), [&](std::uint32_t w) { return present[w]; });
  }
  return live;
}

void CompiledRules::rules_for_resolved_callee(std::string_view callee, std::vector<std::uint32_t>& out) const {
  const auto& indexed = rules_for_callee(callee);
  out.insert(out.end(), indexed.begin(), indexed.end());
  for (const auto& [rule, glob] : every_call_callees_) {
    if ((out.empty() || out.back() != rule) && glob->matches(callee)) out.push_back(rule);
  }
}

const std::vector<std::uint32_t>& CompiledRules::rules_for_callee(std::string_view callee) const {
  static const std::vector<std::uint32_t> none;
  const auto it = by_callee_.find(callee);
  return it == by_callee_.end() ? none : it->second;
}

std::optional<std::uint32_t> CompiledRules::signature_check(std::uint32_t signature) const noexcept {
  if (signature >= check_of_signature_.size() || check_of_signature_[signature] == kNoCheck) return std::nullopt;
  return check_of_signature_[signature];
}

Finding finding_of(const RuleInfo& rule, std::string file) {
  Finding f;
  f.rule_id = rule.id;
  f.title = rule.title;
  f.cwes = rule.cwes;
  f.severity = rule.severity;
  f.confidence = rule.confidence;
  f.file = std::move(file);
  return f;
}

bool xref_matches(const RuleInfo& rule, std::string_view tool, std::string_view glob) {
  const auto it = rule.xrefs.find(std::string(tool));
  if (it == rule.xrefs.end()) return false;
  std::string_view ids = it->second;
  while (!ids.empty()) {
    const std::size_t comma = ids.find(',');
    std::string_view one = ids.substr(0, comma);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
    if (glob_match(glob, one)) return true;
    ids = comma == std::string_view::npos ? std::string_view() : ids.substr(comma + 1);
  }
  return false;
}

const FlowModel* CompiledRules::model_for(std::string_view callee) const {
  const auto it = model_index_.find(callee);
  return it == model_index_.end() ? nullptr : &models_[it->second];
}

}  // namespace warden::detail
