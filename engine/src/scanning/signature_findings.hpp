// The file-level signature checks: a file's raw bytes through the worker's YARA scanner,
// each match of an enabled check a finding at its earliest string match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "signatures.hpp"
#include "warden/finding.hpp"
#include "warden/rules.hpp"

namespace warden::detail {

// Whether any file-level signature check of `rules` is enabled.
bool signature_checks_enabled(const RuleSet& rules) noexcept;
// Whether an enabled signature check looks at files other than Python (then discovery lists them).
bool signature_checks_read_other_files(const RuleSet& rules) noexcept;

// Scans `raw` (the file's bytes, before any decoding) and appends a finding per enabled
// matching rule: at its earliest string match (line 1, column 1 for a rule that matched by
// its condition alone), with the other string matches as notes. A timeout or scan error is an
// error diagnostic of the file; the matches found before it are kept.
void scan_file_signatures(SignatureScanner& scanner, const RuleSet& rules, const std::string& display,
                          std::string_view raw, std::vector<Finding>& findings, std::vector<Diagnostic>& diagnostics);

}  // namespace warden::detail
