// How check globs (--checks, the lines of a profile) select rules.
#pragma once

#include <string_view>

#include "warden/rules.hpp"

namespace warden::detail {

// Whether a check glob names `rule`: by its id or by one of its Bandit ids.
bool check_glob_selects(std::string_view glob, const RuleInfo& rule);
// `s` without the blanks (spaces, tabs) around it.
std::string_view trim_blanks(std::string_view s);

}  // namespace warden::detail
