// Reporters: clang-style text, JSON, SARIF 2.1.0, Bandit's JSON.
#pragma once

#include <ostream>
#include <string_view>

#include "warden/rules.hpp"
#include "warden/scanner.hpp"

namespace warden {

struct TextOptions {
  bool color = false;          // ANSI colours; the CLI turns this on only for a TTY
  bool show_skipped = true;    // list skipped files, grouped by reason
};

void write_text(std::ostream& out, const ScanResult& result, const TextOptions& options = {});
void write_json(std::ostream& out, const ScanResult& result, const RuleSet& rules);
void write_sarif(std::ostream& out, const ScanResult& result, const RuleSet& rules);
// Bandit's JSON document (`bandit -f json`), for Bandit's consumers: results, errors, metrics.
// Reads each analysed file again (for Bandit's `loc` and `code`).
void write_bandit_json(std::ostream& out, const ScanResult& result, const RuleSet& rules);

// "--stats" output: time per phase and throughput.
void write_stats(std::ostream& out, const ScanStats& stats);

}  // namespace warden
