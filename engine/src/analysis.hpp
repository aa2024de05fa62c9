// The per-file pipeline: decode, parse, report syntax errors, resolve names, match.
// Runs in a worker thread with that worker's own parser.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "module_model.hpp"
#include "syntax.hpp"
#include "warden/rules.hpp"
#include "warden/scanner.hpp"

namespace warden::detail {

// Phase times for one worker, in seconds.
struct PhaseTimes {
  double read = 0, parse = 0, resolve = 0, match = 0;
};

struct FileOutcome {
  std::vector<Finding> findings;
  std::vector<Diagnostic> diagnostics;
  std::uint32_t lines = 0;
};

struct FileInput {
  std::string display;
  ModuleInfo module;
  std::string raw;  // the file's bytes
};

// At most this many diagnostics of one code (syntax-error, invalid-utf8, ...) are listed per
// file; the rest are counted in one note.
inline constexpr std::size_t kMaxDiagnosticsPerCode = 20;

class FileAnalyser {
 public:
  explicit FileAnalyser(const RuleSet& rules);
  FileOutcome analyse(FileInput input, PhaseTimes& times);

 private:
  const RuleSet& rules_;
  PythonParser parser_;
};

// Gives each finding a fingerprint that survives unrelated edits: a hash of the rule, the file,
// the whitespace-normalised matched text and its occurrence index among identical ones.
void assign_fingerprints(std::vector<Finding>& findings_of_one_file);

}  // namespace warden::detail
