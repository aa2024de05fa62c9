// The compiled form of a rule set: rule metadata plus matchers, indexed so the cost per
// syntax node does not grow with the number of rules. Immutable once built; shared by threads.
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formula.hpp"
#include "module_model.hpp"
#include "source.hpp"
#include "warden/rules.hpp"

namespace warden::detail {

// What a call matcher sees of one call: the node, its resolved callee and argument access.
class CallContext {
 public:
  CallContext(const SourceFile& source, const ModuleModel& model, const CallSite& site);

  const SourceFile& source() const noexcept { return source_; }
  const ModuleModel& model() const noexcept { return model_; }
  TSNode node() const noexcept { return site_.node; }
  // The resolved callee ("subprocess.Popen"); the matcher index only calls with resolved sites.
  const QualifiedName& callee() const noexcept { return *site_.callee; }

  // The i-th positional argument (0-based), if written without * or a keyword.
  std::optional<TSNode> positional(std::size_t index) const;
  std::optional<TSNode> keyword(std::string_view name) const;
  // An argument by keyword, else by position (for parameters that can be passed either way).
  std::optional<TSNode> argument(std::size_t index, std::string_view name) const;
  // True when *args or **kwargs could supply arguments we cannot see.
  bool has_unpacking() const noexcept { return has_unpacking_; }

  std::string_view text(TSNode node) const;
  bool is_literal(TSNode node) const;
  std::optional<bool> truthiness(TSNode node) const;
  // The qualified name an argument denotes (`Loader=yaml.SafeLoader`), if it is a name.
  std::optional<QualifiedName> resolve(TSNode node) const;

 private:
  const SourceFile& source_;
  const ModuleModel& model_;
  const CallSite& site_;
  std::vector<TSNode> positional_;
  std::vector<std::pair<std::string_view, TSNode>> keywords_;
  bool has_unpacking_ = false;
};

// Where a matcher reports what it found.
class MatchSink {
 public:
  virtual ~MatchSink() = default;
  // `node` gives the finding's range; `message` is the finished message text.
  virtual void report(TSNode node, std::string message) = 0;
};

// A matcher for calls, indexed by the qualified callee names it can match.
class CallMatcher {
 public:
  virtual ~CallMatcher() = default;
  virtual std::vector<std::string> callees() const = 0;
  virtual void match(const CallContext& call, MatchSink& sink) const = 0;
};

struct CompiledRule {
  RuleInfo info;
  std::unique_ptr<const CallMatcher> call_matcher;  // a check written in C++ (until rule files replace them)
  std::shared_ptr<const CompiledFormula> formula;   // a rule from a rule file
  std::string message;                              // the rule file's message template
};

class CompiledRules {
 public:
  explicit CompiledRules(std::vector<CompiledRule> rules);

  const std::vector<CompiledRule>& rules() const noexcept { return rules_; }
  const std::vector<RuleInfo>& infos() const noexcept { return infos_; }
  // Indices of the rules that can match a call to `callee`; empty when none.
  const std::vector<std::uint32_t>& rules_for_callee(std::string_view callee) const;
  // Rules to try at every call (callee globs, call patterns with a computed callee).
  const std::vector<std::uint32_t>& rules_for_every_call() const noexcept { return every_call_; }
  // Rules anchored on a node type other than call, by tree-sitter symbol; and on any node.
  const std::vector<std::uint32_t>& rules_for_symbol(TSSymbol symbol) const noexcept;
  bool has_node_anchors() const noexcept { return has_node_anchors_; }

 private:
  void index_anchors(std::uint32_t rule, const std::vector<Anchor>& anchors);

  std::vector<CompiledRule> rules_;
  std::vector<RuleInfo> infos_;
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>> by_callee_;
  std::vector<std::uint32_t> every_call_;
  std::vector<std::vector<std::uint32_t>> by_symbol_;  // indexed by TSSymbol; any-node rules in every slot
  bool has_node_anchors_ = false;
};

// The built-in checks (dsl/checks/), until the rule language replaces them.
std::vector<CompiledRule> builtin_rules();

}  // namespace warden::detail
