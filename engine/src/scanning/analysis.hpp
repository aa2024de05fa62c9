// The per-file pipeline: decode, parse, report syntax errors, resolve names, match.
// Runs in a worker thread with that worker's own parser.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <tuple>
#include <string>
#include <vector>

#include "evaluate.hpp"
#include "module_model.hpp"
#include "project.hpp"
#include "source.hpp"
#include "syntax.hpp"
#include "dataflow.hpp"
#include "signatures.hpp"
#include "taint.hpp"
#include "warden/rules.hpp"
#include "warden/scanner.hpp"

namespace warden::detail {

// Phase times for one worker, in seconds.
struct PhaseTimes {
  double read = 0, parse = 0, resolve = 0, match = 0, dataflow = 0, signatures = 0, weights = 0;
  RuleTimer rules;  // when the analyser times rules (FileAnalyser::time_rules)
};

// A call whose callee is a name imported from another file of the scanned tree.
struct DeferredCall {
  std::uint32_t call_index;  // into ModuleModel::calls()
  std::string callee;        // as resolved within the file ("pkg.utils.run")
};

struct FileOutcome {
  std::vector<Finding> findings;
  std::vector<Diagnostic> diagnostics;
  std::uint32_t lines = 0;
  std::vector<DeferredCall> deferred;  // settled against the ProjectIndex after every file is done
  std::unordered_map<std::string, QualifiedName> exports;
  std::vector<std::string> star_imports;
  // For phase 2 (taint, on-load reachability): the call facts, and with a taint rule enabled
  // the dataflow graph.
  std::optional<FileFunctions> functions;
  std::optional<FileDataflow> dataflow;
  std::optional<WeightsFile> weights;  // a weights file read (analyse_other)
};

struct FileInput {
  std::string display;
  ModuleInfo module;
  std::string raw;  // the file's bytes
};


// Seconds a signature scan of one file may take (libyara's timeout) unless set otherwise.
inline constexpr int kDefaultSignatureTimeout = 10;

class FileAnalyser {
 public:
  // `taint`: the rule set's taint matchers, built once and shared by the workers (null: built
  // here).
  explicit FileAnalyser(const RuleSet& rules, int signature_timeout_s = kDefaultSignatureTimeout,
                        std::shared_ptr<const TaintMatchers> taint = nullptr);

  // Full analysis of one file. With a project, calls to names imported from other files of
  // the tree are listed in FileOutcome::deferred for the cross-file step.
  FileOutcome analyse(FileInput input, PhaseTimes& times, const ProjectIndex* project = nullptr);

  // A file that is not Python (or is Python that cannot be parsed, e.g. binary): the
  // file-level signature checks over its bytes (unless `signatures` is false: a file above the
  // size limit, read only as weights), and the weights rules when its content is a weights
  // format.
  FileOutcome analyse_other(const std::string& display, std::string_view raw, PhaseTimes& times,
                            bool signatures = true);
  // Whether some file-level signature check is enabled (then other files are worth reading).
  bool scans_file_signatures() const noexcept { return file_signatures_; }
  // Whether some rule on weights files is enabled (then other files are worth identifying).
  bool scans_weights() const noexcept { return weights_; }

  // Whether analyse() lists the call facts even without a taint rule (on-load reachability
  // needs the call graph).
  void want_call_facts(bool on) noexcept { call_facts_ = on; }
  // Read and parse only (ScanOptions::syntax_only).
  void syntax_only(bool on) noexcept { syntax_only_ = on; }
  // Time each rule tried into PhaseTimes::rules (ScanOptions::rule_times).
  void time_rules(bool on) noexcept { time_rules_ = on; }

  // The cross-file step: matches only the given calls, with callees resolved across files.
  // Re-parses the file: this is rare (a call that only cross-file resolution makes risky),
  // and cheaper than keeping every tree alive between the phases.
  std::vector<Finding> match_resolved(FileInput input, const std::vector<DeferredCall>& resolved, PhaseTimes& times);

 private:
  struct Prepared {
    SourceFile source;
    Tree tree;
    ModuleModel model;
    bool hidden_callees = false;  // some call names its callee through computed strings
  };
  // (rule, node start byte, node end byte) already reported in this file
  using Matched = std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>>;

  struct Parsed {
    SourceFile source;
    Tree tree;  // null when parsing timed out
  };
  Parsed parse_source(FileInput& input, PhaseTimes& times, std::vector<Diagnostic>& diagnostics);
  std::optional<Prepared> prepare(FileInput& input, PhaseTimes& times, std::vector<Diagnostic>& diagnostics);
  void match_file(const Prepared& file, const FileContext& context, std::vector<Finding>& out, PhaseTimes& times) const;
  void try_rule(std::uint32_t index, TSNode node, const Prepared& file, const FileContext& context, Matched& matched,
                std::vector<Finding>& out, PhaseTimes& times) const;
  bool match_rule(std::uint32_t index, TSNode node, const Prepared& file, const FileContext& context, Matched& matched,
                  std::vector<Finding>& out) const;
  FileOutcome analyse_syntax(FileInput input, PhaseTimes& times);

  void scan_signatures(const std::string& display, std::string_view raw, FileOutcome& outcome, PhaseTimes& times);

  const RuleSet& rules_;
  std::shared_ptr<const TaintMatchers> taint_;
  bool call_facts_ = false;
  PythonParser parser_;
  // This worker's YARA scanner (null without signatures), for whole files and static values.
  std::unique_ptr<SignatureScanner> signatures_;
  bool file_signatures_ = false;
  bool weights_ = false;
  bool code_rules_ = false;  // some enabled rule looks at code (a formula or taint): parse
  bool syntax_only_ = false;
  bool time_rules_ = false;
};


// Sorts findings and gives each a fingerprint that survives unrelated edits: a hash of the rule, the file,
// the whitespace-normalised matched text and its occurrence index among identical ones.
void assign_fingerprints(std::vector<Finding>& findings_of_one_file);

}  // namespace warden::detail
