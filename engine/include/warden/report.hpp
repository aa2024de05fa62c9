// Reporters: clang-style text, JSON, SARIF 2.1.0.
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

// "--stats" output: time per phase and throughput.
void write_stats(std::ostream& out, const ScanStats& stats);

}  // namespace warden
