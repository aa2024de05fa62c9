// The compiled form of a rule set: rule metadata plus formulas, indexed so the cost per
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
#include "signatures.hpp"
#include "source.hpp"
#include "weights_match.hpp"
#include "warden/rules.hpp"

namespace warden::detail {

// A taint rule's formulas (see taint.hpp for the solver). A source's or sink's node is its
// focus when it has one, else the whole match; a step's $FROM taints its $TO.
struct CompiledTaint {
  std::vector<CompiledFormula> sources, sinks, sanitizers, steps;
  // Prefilter: a file can have a flow only if it contains a source word and a sink word.
  std::optional<std::vector<std::string>> source_words, sink_words;
};

// A hash for maps keyed by std::string that are searched with a string_view (no copy).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

// How a library call moves data, for taint: from its arguments or receiver to its result, its
// receiver or an argument. Declared in rule files (`models` blocks, see docs/rule-language.md),
// so rule authors extend them without C++. A call with no model and no callee in the scanned
// tree passes every argument and its receiver to its result.
struct FlowModel {
  enum class End : std::uint8_t {
    receiver,      // `x` in `x.m(...)`
    argument,      // positional argument `index`
    any_argument,  // every argument, positional and keyword (only as a source of flow)
    keyword,       // keyword argument `keyword` (only as a source of flow)
    result,        // the call's value (only as a target)
  };
  struct Flow {
    End from = End::any_argument;
    std::uint32_t from_index = 0;
    std::string from_keyword;
    End to = End::result;
    std::uint32_t to_index = 0;
  };
  // A qualified name ("base64.b64decode"), or ".name" for a method called on any value whose
  // type is unknown (".decode", ".append").
  std::string callee;
  std::vector<Flow> flows;  // empty: nothing flows (len, isinstance, os.path.exists)
  std::string file;         // where it was declared, for messages
  std::uint32_t line = 0;
};

struct CompiledRule {
  RuleInfo info;
  std::shared_ptr<const CompiledFormula> formula;  // null for taint rules, signatures and metadata-only rule sets (tests)
  std::shared_ptr<const CompiledTaint> taint;      // set for taint rules
  std::shared_ptr<const CompiledWeightsMatch> weights;  // set for rules on weights files
  std::string message;                             // template: {callee}, {$X}; taint rules: {$SOURCE}, {$SINK}
  // For a YARA rule run over whole files: its index in CompiledRules::signatures()->rules().
  std::optional<std::uint32_t> signature;
  // `group:`: of the rules of a group that match at one place, the first in rule-set order
  // reports there (empty: no group).
  std::string group;
};

class CompiledRules {
 public:
  // Every non-private rule of `signatures` becomes a file-level check after `rules`.
  explicit CompiledRules(std::vector<CompiledRule> rules, std::vector<FlowModel> models = {},
                         std::shared_ptr<const SignatureSet> signatures = nullptr, CallableVerdicts verdicts = {});

  const std::vector<CompiledRule>& rules() const noexcept { return rules_; }
  const std::vector<RuleInfo>& infos() const noexcept { return infos_; }
  // Indices of the rules that can match a call to `callee`; empty when none.
  const std::vector<std::uint32_t>& rules_for_callee(std::string_view callee) const;
  // Rules to try at every call (callee globs, call patterns with a computed callee).
  const std::vector<std::uint32_t>& rules_for_every_call() const noexcept { return every_call_; }
  // For a rule of rules_for_every_call() anchored only on named calls (`active`): it can match
  // at a call only when one of the globs names the callee or the call is `$X.method(...)` of one
  // of the methods.
  struct CallFilter {
    bool active = false;
    std::vector<const NameGlob*> globs;
    std::vector<std::string> methods;
  };
  const CallFilter& call_filter(std::uint32_t rule) const noexcept { return call_filters_[rule]; }
  // A rule's group as a number (0: none), for "one finding per place" bookkeeping.
  std::uint32_t group_of(std::uint32_t rule) const noexcept { return group_ids_[rule]; }
  // The rules a call whose callee another file of the tree resolves to `callee` must be tried
  // against again: those indexed by that callee, and those on every call whose `call` globs
  // match it (`call *.*chmod*` for os.chmod). Appended to `out`.
  void rules_for_resolved_callee(std::string_view callee, std::vector<std::uint32_t>& out) const;
  // Rules anchored on a node type other than call, by tree-sitter symbol; and on any node.
  const std::vector<std::uint32_t>& rules_for_symbol(TSSymbol symbol) const noexcept;
  bool has_node_anchors() const noexcept { return has_node_anchors_; }
  // Which rules not indexed by callee can match in a file with this text (by their prefilter
  // words, one pass over the text); indexed like rules(). Rules without words are always in.
  // A rule on every call has only words its file writes: calls may resolve through other files.
  std::vector<bool> node_rules_live_in(std::string_view text) const;
  // Indices of the taint rules: solved per file, not anchored.
  const std::vector<std::uint32_t>& taint_rules() const noexcept { return taint_rules_; }
  // The flow model of a call: by the callee's qualified name, else (for a method call on a
  // value of unknown type) by ".method"; null when none. A later declaration of the same
  // callee replaces an earlier one.
  const FlowModel* model_for(std::string_view callee) const;
  const std::vector<FlowModel>& models() const noexcept { return models_; }
  // The compiled YARA rules of every loaded `.yar` file (null when none): scanned over whole
  // files by the checks in signature_rules(), and over static values by `where decoded(...)`.
  const std::shared_ptr<const SignatureSet>& signatures() const noexcept { return signatures_; }
  // Indices of the file-level signature checks; the rule of signature i is signature_check(i).
  const std::vector<std::uint32_t>& signature_rules() const noexcept { return signature_rules_; }
  std::optional<std::uint32_t> signature_check(std::uint32_t signature) const noexcept;
  // Indices of the rules on weights files (`match: weights ...`), and the verdict tables their
  // callables are judged by.
  const std::vector<std::uint32_t>& weights_rules() const noexcept { return weights_rules_; }
  const CallableVerdicts& verdicts() const noexcept { return verdicts_; }
  // The named sets the rules were written with (they are expanded into the rules; this is
  // what listing them needs).
  const std::vector<NamedSet>& sets() const noexcept { return sets_; }
  void describe_sets(std::vector<NamedSet> sets) { sets_ = std::move(sets); }

 private:
  void index_anchors(std::uint32_t rule, const std::vector<Anchor>& anchors);

  std::vector<CompiledRule> rules_;
  std::vector<RuleInfo> infos_;
  StringMap<std::vector<std::uint32_t>> by_callee_;
  std::vector<std::uint32_t> every_call_;
  std::vector<std::pair<std::uint32_t, const NameGlob*>> every_call_callees_;
  std::vector<CallFilter> call_filters_;  // by rule
  std::vector<std::uint32_t> group_ids_;  // by rule: see group_of()  // rule, a glob of its `call`s
  std::vector<std::uint32_t> taint_rules_;
  std::vector<FlowModel> models_;
  StringMap<std::uint32_t> model_index_;
  std::shared_ptr<const SignatureSet> signatures_;
  std::vector<std::uint32_t> signature_rules_;
  std::vector<std::uint32_t> weights_rules_;
  CallableVerdicts verdicts_;
  std::vector<NamedSet> sets_;
  std::vector<std::uint32_t> check_of_signature_;  // by signature index; kNoCheck for private rules
  std::vector<std::vector<std::uint32_t>> by_symbol_;  // indexed by TSSymbol; any-node rules in every slot
  bool has_node_anchors_ = false;
  WordSet node_words_;
  std::vector<std::vector<std::uint32_t>> node_rule_words_;  // by rule; empty: not filtered
};

// A finding of `rule` in `file`, with the rule's metadata (id, title, CWEs, severity,
// confidence) filled in; the caller adds where and what.
Finding finding_of(const RuleInfo& rule, std::string file);

// Whether one of the ids the rule gives for another tool ("bandit": "B102,B307") matches the
// glob (an exact id is a glob that matches itself).
bool xref_matches(const RuleInfo& rule, std::string_view tool, std::string_view glob);

}  // namespace warden::detail
