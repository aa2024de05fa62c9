// Findings of the rules on weights files (`match: weights ...`): the facts the weights layer
// reads from a file (weights_file.hpp), judged by the rule set's verdict tables and matched
// against each enabled weights rule.
#pragma once

#include <string>
#include <vector>

#include "warden/finding.hpp"
#include "warden/rules.hpp"
#include "warden/scanner.hpp"
#include "weights_file.hpp"

namespace warden::detail {

// Whether some rule on weights files is enabled (then every file is worth identifying).
bool weights_checks_enabled(const RuleSet& rules) noexcept;

// Appends the findings of the enabled weights rules on `scan`, the scan of the file `display`.
// One finding per rule and callable (module and name) in each member, at its first import or
// call; its other imports and calls follow as notes; other facts one finding each. Returns the
// file's summary: its format and verdict (the verdict tables decide, whichever rules are on).
WeightsFile report_weights(const RuleSet& rules, const std::string& display, const WeightsScan& scan,
                           std::vector<Finding>& findings);

}  // namespace warden::detail
