#include "analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "compiled_rules.hpp"
#include "source.hpp"

namespace warden::detail {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Range range_of(const SourceFile& source, TSNode node) {
  const TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
  return {source.position_at(start.row, start.column), source.position_at(end.row, end.column)};
}

// Lists syntax errors: each outermost ERROR node, and each MISSING token.
void collect_syntax_errors(const SourceFile& source, TSNode root, std::vector<Diagnostic>& out) {
  if (!ts_node_has_error(root)) return;
  std::vector<TSNode> stack{root};
  while (!stack.empty()) {
    const TSNode node = stack.back();
    stack.pop_back();
    std::string message;
    if (ts_node_is_missing(node)) {
      message = fmt::format("syntax error: expected '{}'", ts_node_type(node));
    } else if (kind_of(node) == Kind::error) {
      const std::string_view text = source.slice(ts_node_start_byte(node), ts_node_end_byte(node));
      const std::string_view first_line = text.substr(0, text.find('\n'));
      message = first_line.empty() || first_line.size() > 40
                    ? std::string("syntax error")
                    : fmt::format("syntax error: unexpected '{}'", first_line);
    } else {
      if (ts_node_has_error(node)) {
        for (std::uint32_t i = ts_node_child_count(node); i-- > 0;) stack.push_back(ts_node_child(node, i));
      }
      continue;
    }
    const Position position = range_of(source, node).start;
    out.push_back({source.display(), position, DiagnosticLevel::error, "syntax-error", std::move(message),
                   std::string(source.line(position.line))});
  }
}

// Keeps the first kMaxDiagnosticsPerCode diagnostics of each code and replaces the rest with
// one note that counts them, so a binary-looking or badly broken file cannot flood the output.
void limit_per_code(std::vector<Diagnostic>& diagnostics) {
  std::map<std::string, std::size_t> seen;
  std::vector<Diagnostic> kept;
  std::vector<Diagnostic> notes;
  for (auto& d : diagnostics) {
    const std::size_t n = ++seen[d.code];
    if (n <= kMaxDiagnosticsPerCode) kept.push_back(std::move(d));
    else if (n == kMaxDiagnosticsPerCode + 1) notes.push_back(std::move(d));
  }
  for (auto& note : notes) {
    const std::size_t hidden = seen[note.code] - kMaxDiagnosticsPerCode;
    note.level = DiagnosticLevel::note;
    note.message = fmt::format("{} more [{}] diagnostics in this file not shown", hidden, note.code);
    kept.push_back(std::move(note));
  }
  diagnostics = std::move(kept);
}

class FindingCollector final : public MatchSink {
 public:
  FindingCollector(const SourceFile& source, std::vector<Finding>& out) : source_(source), out_(out) {}
  void set_rule(const RuleInfo& rule) { rule_ = &rule; }
  void report(TSNode node, std::string message) override {
    Finding f;
    f.rule_id = rule_->id;
    f.title = rule_->title;
    f.message = std::move(message);
    f.cwes = rule_->cwes;
    f.severity = rule_->severity;
    f.confidence = rule_->confidence;
    f.file = source_.display();
    f.range = range_of(source_, node);
    f.snippet = source_.lines(f.range.start.line, f.range.end.line);
    out_.push_back(std::move(f));
  }

 private:
  const SourceFile& source_;
  std::vector<Finding>& out_;
  const RuleInfo* rule_ = nullptr;
};

std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace

FileAnalyser::FileAnalyser(const RuleSet& rules) : rules_(rules) {
  parser_.set_timeout_micros(30'000'000);  // a pathological file must not stall a worker forever
}

// Decodes and parses one file and builds its module model; nullopt when parsing timed out.
std::optional<FileAnalyser::Prepared> FileAnalyser::prepare(FileInput& input, PhaseTimes& times,
                                                            std::vector<Diagnostic>& diagnostics) {
  auto start = Clock::now();
  SourceFile source = decode_source(std::move(input.display), std::move(input.raw), diagnostics);
  times.read += seconds_since(start);

  start = Clock::now();
  Tree tree = parser_.parse(source.text());
  if (!tree) {
    diagnostics.push_back({source.display(), {}, DiagnosticLevel::error, "parse-timeout",
                           "parsing took longer than the time limit; the file was not analysed", {}});
    times.parse += seconds_since(start);
    return std::nullopt;
  }
  const TSNode root = ts_tree_root_node(tree.get());
  collect_syntax_errors(source, root, diagnostics);
  times.parse += seconds_since(start);

  start = Clock::now();
  ModuleModel model = ModuleModel::build(root, source.text(), input.module);
  times.resolve += seconds_since(start);
  return Prepared{std::move(source), std::move(tree), std::move(model)};
}

void FileAnalyser::match_call(const Prepared& file, const CallSite& site, std::vector<Finding>& out) const {
  const CompiledRules& compiled = rules_.compiled();
  const auto& candidates = compiled.rules_for_callee(site.callee->name);
  if (candidates.empty()) return;
  FindingCollector collector(file.source, out);
  const CallContext call(file.source, file.model, site);
  for (const std::uint32_t index : candidates) {
    if (!rules_.enabled_at(index)) continue;
    const CompiledRule& rule = compiled.rules()[index];
    collector.set_rule(rule.info);
    rule.call_matcher->match(call, collector);
  }
}

FileOutcome FileAnalyser::analyse(FileInput input, PhaseTimes& times, const ProjectIndex* project) {
  FileOutcome outcome;
  auto prepared = prepare(input, times, outcome.diagnostics);
  limit_per_code(outcome.diagnostics);
  if (!prepared) return outcome;
  outcome.lines = prepared->source.line_count();

  const auto start = Clock::now();
  const auto& calls = prepared->model.calls();
  for (std::uint32_t i = 0; i < calls.size(); ++i) {
    const CallSite& site = calls[i];
    if (!site.callee) continue;
    match_call(*prepared, site, outcome.findings);
    // A name imported from another file of the tree is settled once every file is analysed.
    if (project && site.callee->origin != NameOrigin::definition && project->module_prefix(site.callee->name) != 0) {
      outcome.deferred.push_back({i, site.callee->name});
    }
  }
  times.match += seconds_since(start);
  outcome.exports = prepared->model.exports();
  outcome.star_imports = prepared->model.star_imports();
  return outcome;
}

std::vector<Finding> FileAnalyser::match_resolved(FileInput input, const std::vector<DeferredCall>& resolved,
                                                  PhaseTimes& times) {
  std::vector<Diagnostic> ignored;  // reported by the first analysis already
  std::vector<Finding> findings;
  auto prepared = prepare(input, times, ignored);
  if (!prepared) return findings;
  const auto start = Clock::now();
  const auto& calls = prepared->model.calls();
  for (const DeferredCall& call : resolved) {
    if (call.call_index >= calls.size()) continue;  // the file changed between the two reads
    CallSite site = calls[call.call_index];
    site.callee = QualifiedName{call.callee, NameOrigin::imported};
    match_call(*prepared, site, findings);
  }
  times.match += seconds_since(start);
  return findings;
}

void assign_fingerprints(std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(), finding_less);  // occurrence order within a file
  std::map<std::tuple<std::string_view, std::string_view, std::uint64_t>, unsigned> seen;
  for (Finding& f : findings) {
    // Whitespace-normalised text: unaffected by re-indentation or line moves.
    std::string normalised;
    bool space = false;
    for (const char c : f.snippet) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = !normalised.empty();
        continue;
      }
      if (space) normalised.push_back(' ');
      space = false;
      normalised.push_back(c);
    }
    const std::uint64_t text_hash = fnv1a(0xcbf29ce484222325ull, normalised);
    const unsigned occurrence = seen[{f.rule_id, f.file, text_hash}]++;
    constexpr std::string_view separator("\0", 1);
    std::uint64_t h = fnv1a(0xcbf29ce484222325ull, f.rule_id);
    for (const std::string_view part : {std::string_view(f.file), std::string_view(normalised)}) {
      h = fnv1a(fnv1a(h, separator), part);
    }
    h = fnv1a(fnv1a(h, separator), std::to_string(occurrence));
    f.fingerprint = fmt::format("{:016x}", h);
  }
}

}  // namespace warden::detail
