// Scanning paths and buffers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "warden/finding.hpp"
#include "warden/rules.hpp"

namespace warden {

struct ScanOptions {
  unsigned jobs = 0;                              // worker threads; 0 = all cores
  std::uint64_t max_file_size = 10u << 20;        // larger files are skipped, with the reason
  // Serialized weights (identified by content) are read mapped, without copying, up to this
  // size, also above max_file_size (but then without signature checks).
  std::uint64_t max_weights_file_size = 256ull << 30;
  Severity min_severity = Severity::low;          // findings below are dropped
  bool on_load_only = false;                      // keep only findings whose code runs on load
  int signature_timeout_s = 10;                   // YARA scan time limit per file (then an error diagnostic)
  bool ignore_nosec = false;                      // report findings that `# nosec` comments silence
  // Read and parse only (syntax errors are still reported): the floor benchmarks measure
  // the whole scan against. No rule, signature or weights check runs.
  bool syntax_only = false;
  // Time every rule's matching (ScanStats::rules); costs a clock read per rule tried.
  bool rule_times = false;
  // Called from the scanning threads as files complete (done, total); for progress lines.
  std::function<void(std::size_t done, std::size_t total)> on_progress;
};

// Time spent per phase, summed over worker threads (CPU-seconds), plus wall time.
struct ScanStats {
  // match_s: the pattern rules; dataflow_s: each file's part of the taint graph (phase 1);
  // taint_s: the cross-file solve (phase 2).
  double discover_s = 0, read_s = 0, parse_s = 0, resolve_s = 0, match_s = 0, dataflow_s = 0, signatures_s = 0,
         weights_s = 0, taint_s = 0, report_s = 0;
  double wall_s = 0;
  std::size_t files_analysed = 0, files_skipped = 0;
  std::uint64_t lines = 0, bytes = 0;
  unsigned jobs = 1;
  // With ScanOptions::rule_times: each rule's matching time (pattern rules, and taint rules'
  // sources, sinks and sanitizers; CPU-seconds summed over threads), how often it was tried
  // and how often it matched; the rules tried, slowest first.
  struct RuleTime {
    std::string id;
    double cpu_s = 0;
    std::uint64_t tries = 0, matches = 0;
  };
  std::vector<RuleTime> rules;
};

// What a model repository runs when it loads (model-repository mode: a scanned directory with
// `auto_map` configs, a hubconf.py, ... — see docs/model-repositories.md).
struct RepositorySummary {
  struct Entry {
    std::string kind;         // "auto_map", "custom_pipeline", "hubconf", "modelscope", "convention"
    std::string target;       // "modeling_x.XModel", "hubconf.tiny_resnet", "modeling_x"
    std::string declared_in;  // "config.json", ...
    std::string key;          // "auto_map.AutoModel", ...
    Position position;
    bool found = false;       // the module (and class or function) is in the repository
  };
  struct RemoteReference {
    std::string kind;    // "repo" (another hub repo's code), "pip" (a package installed), "requirements"
    std::string target;  // "other-org/helper-repo"
    std::string detail;
    std::string declared_in;
    Position position;
  };
  std::string root;                      // the directory, as given
  std::vector<Entry> entry_points;
  std::vector<std::string> files_on_load;  // files with code that runs on load, sorted
  std::vector<RemoteReference> remote_references;
  std::size_t on_load_findings[4] = {0, 0, 0, 0};  // by Severity
};

struct ScanResult {
  std::vector<Finding> findings;        // sorted by finding_less
  std::vector<Diagnostic> diagnostics;  // sorted by file, position
  std::vector<SkippedFile> skipped;     // sorted by file
  std::vector<std::string> analysed;    // files analysed, sorted
  std::vector<RepositorySummary> repositories;  // model repositories among the scanned directories
  std::vector<WeightsFile> weights;     // weights files read (with weights checks enabled), sorted by file
  std::vector<Finding> suppressed;      // findings silenced by `# nosec` comments, not reported
                                        // (counted in summaries), sorted by finding_less
  ScanStats stats;

  // True when some finding is at or above `threshold`.
  bool has_findings_at_or_above(Severity threshold) const noexcept;
};

// Thrown for a path that does not exist or cannot be opened at the top level.
class ScanError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Scanner {
 public:
  Scanner(RuleSet rules, ScanOptions options = {});

  // Discovers and analyses every file under the paths (files or directories).
  ScanResult scan(const std::vector<std::filesystem::path>& paths) const;

  // Analyses one in-memory Python source, reported under `name`.
  ScanResult scan_buffer(std::string_view name, std::string_view content) const;

  const RuleSet& rules() const noexcept { return rules_; }
  const ScanOptions& options() const noexcept { return options_; }

 private:
  RuleSet rules_;
  ScanOptions options_;
};

}  // namespace warden
