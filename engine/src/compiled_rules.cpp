#include "compiled_rules.hpp"

#include <set>

#include "syntax.hpp"

namespace warden::detail {

CallContext::CallContext(const SourceFile& source, const ModuleModel& model, const CallSite& site)
    : source_(source), model_(model), site_(site) {
  const TSNode args = child(site.node, Field::arguments);
  if (ts_node_is_null(args) || kind_of(args) != Kind::argument_list) return;
  for (std::uint32_t i = 0, n = ts_node_named_child_count(args); i < n; ++i) {
    const TSNode arg = ts_node_named_child(args, i);
    switch (kind_of(arg)) {
      case Kind::keyword_argument:
        keywords_.emplace_back(text(child(arg, Field::name)), child(arg, Field::value));
        break;
      case Kind::list_splat:
      case Kind::dictionary_splat: has_unpacking_ = true; break;
      case Kind::comment: break;
      default: positional_.push_back(arg);
    }
  }
}

std::optional<TSNode> CallContext::positional(std::size_t index) const {
  if (index < positional_.size()) return positional_[index];
  return std::nullopt;
}

std::optional<TSNode> CallContext::keyword(std::string_view name) const {
  for (const auto& [key, value] : keywords_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<TSNode> CallContext::argument(std::size_t index, std::string_view name) const {
  if (auto value = keyword(name)) return value;
  return positional(index);
}

std::string_view CallContext::text(TSNode node) const { return text_of(node, source_.text()); }
bool CallContext::is_literal(TSNode node) const { return detail::is_literal(node, source_.text()); }
std::optional<bool> CallContext::truthiness(TSNode node) const { return detail::truthiness(node, source_.text()); }

std::optional<QualifiedName> CallContext::resolve(TSNode node) const {
  return model_.resolve(node, source_.text(), site_.scope);
}

CompiledRules::CompiledRules(std::vector<CompiledRule> rules) : rules_(std::move(rules)) {
  std::set<std::string, std::less<>> ids;
  infos_.reserve(rules_.size());
  for (std::uint32_t i = 0; i < rules_.size(); ++i) {
    const auto& rule = rules_[i];
    if (!ids.insert(rule.info.id).second) throw RuleError("duplicate rule id '" + rule.info.id + "'");
    infos_.push_back(rule.info);
    if (rule.call_matcher) {
      for (auto& callee : rule.call_matcher->callees()) by_callee_[callee].push_back(i);
    }
  }
}

const std::vector<std::uint32_t>& CompiledRules::rules_for_callee(std::string_view callee) const {
  static const std::vector<std::uint32_t> none;
  const auto it = by_callee_.find(callee);
  return it == by_callee_.end() ? none : it->second;
}

}  // namespace warden::detail
