// Lowering: checks a parsed rule file against everything the parser cannot see (patterns
// that are not Python, bad regexes, unbound metavariables, unknown node types, constants)
// and compiles it into the formula IR the engine runs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiled_rules.hpp"
#include "rule_ast.hpp"

namespace warden::dsl {

// Parses and lowers rule files given as (path, text). Every file is checked; rule ids must be
// unique across all of them. Errors go to `errors`; rules with errors are left out.
std::vector<detail::CompiledRule> compile_rule_files(const std::vector<std::pair<std::string, std::string>>& files,
                                                     std::vector<RuleFileError>& errors);

}  // namespace warden::dsl
