// Suppression comments, as Bandit reads them: `# nosec` on a line of a finding silences every
// finding there; `# nosec B602, B607` only those of the rules with these Bandit ids; Warden's
// own form names rule ids: `# nosec py-exec-os-system, yara.reverse_shells.bash_dev_tcp`.
#pragma once

#include "warden/finding.hpp"
#include "warden/rules.hpp"

namespace warden::detail {

// Whether a `# nosec` comment on one of the finding's lines (its snippet) silences it. `rule`
// is the finding's rule (for its Bandit ids), or null.
bool suppressed_by_comment(const Finding& finding, const RuleInfo* rule);

}  // namespace warden::detail
