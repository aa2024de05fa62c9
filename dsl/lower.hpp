// Lowering: checks a parsed rule file against everything the parser cannot see (patterns
// that are not Python, bad regexes, unbound metavariables, unknown node types, constants)
// and compiles it into the formula IR the engine runs.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "compiled_rules.hpp"
#include "rule_ast.hpp"

namespace warden::dsl {

struct CompiledRuleFiles {
  std::vector<detail::CompiledRule> rules;
  std::vector<detail::FlowModel> models;  // one per callee
  detail::CallableVerdicts verdicts;      // every file's `verdicts` entries, in order
  // Each set the files declare as a rule `KIND.NAME` matching any of its members (not among
  // `rules`: for testing a set on its own); and every set, library ones included, for listing.
  std::vector<detail::CompiledRule> set_rules;
  std::vector<NamedSet> sets;
};

// Parses and lowers rule files given as (path, text). Every file is checked; rule ids must be
// unique across all of them. Errors go to `errors`; rules and model entries with errors are
// left out. A later file's model for a callee replaces an earlier file's. `signatures` are the
// YARA rules `matches yara [...]` may name (null: none loaded). `set_library` are files whose
// sets the rules may name too (the built-in ones), a set of the files replacing one of the same
// name; their rules are not compiled.
CompiledRuleFiles compile_rule_files(const std::vector<std::pair<std::string, std::string>>& files,
                                     std::vector<RuleFileError>& errors,
                                     const detail::SignatureSet* signatures = nullptr,
                                     const std::vector<std::pair<std::string, std::string>>& set_library = {});
// The same with the signatures asked for only when a rule names one (`matches yara`), so the
// YARA files can compile while the rules lower; called from several threads.
using SignatureSource = std::function<const detail::SignatureSet*()>;
CompiledRuleFiles compile_rule_files(const std::vector<std::pair<std::string, std::string>>& files,
                                     std::vector<RuleFileError>& errors, const SignatureSource& signatures,
                                     const std::vector<std::pair<std::string, std::string>>& set_library = {});

// Adds `later` to `models`; an entry for a callee `models` already has replaces it in place.
void merge_models(std::vector<detail::FlowModel>& models, std::vector<detail::FlowModel> later);

}  // namespace warden::dsl
