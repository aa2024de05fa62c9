#include "analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "compiled_rules.hpp"
#include "match_message.hpp"
#include "signature_findings.hpp"
#include "weights_findings.hpp"
#include "source.hpp"
#include "dataflow.hpp"
#include "hidden_callees.hpp"
#include "taint.hpp"

namespace warden::detail {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}


// Lists syntax errors: each outermost ERROR node, and each MISSING token.
void collect_syntax_errors(const SourceFile& source, TSNode root, std::vector<Diagnostic>& out) {
  for_each_node(root, [&](TSNode node) {
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
      return ts_node_has_error(node) ? Walk::descend : Walk::skip_children;
    }
    const Position position = range_of(source, node).start;
    out.push_back({source.display(), position, DiagnosticLevel::error, "syntax-error", std::move(message),
                   std::string(source.line(position.line))});
    return Walk::skip_children;  // the outermost error stands for what is inside it
  });
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

class FindingCollector {
 public:
  FindingCollector(const SourceFile& source, std::vector<Finding>& out) : source_(source), out_(out) {}
  void set_rule(const RuleInfo& rule) { rule_ = &rule; }
  Finding& report(TSNode node, std::string message) {
    Finding f = finding_of(*rule_, source_.display());
    f.message = std::move(message);
    f.range = range_of(source_, node);
    f.snippet = source_.lines(f.range.start.line, f.range.end.line);
    out_.push_back(std::move(f));
    return out_.back();
  }
  TraceStep step(TSNode node, std::string message) const {
    TraceStep s;
    s.file = source_.display();
    s.range = range_of(source_, node);
    s.message = std::move(message);
    s.snippet = std::string(source_.line(s.range.start.line));
    return s;
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

FileAnalyser::FileAnalyser(const RuleSet& rules, int signature_timeout_s, std::shared_ptr<const TaintMatchers> taint)
    : rules_(rules), taint_(taint ? std::move(taint) : std::make_shared<const TaintMatchers>(rules)), file_signatures_(signature_checks_enabled(rules)),
      weights_(weights_checks_enabled(rules)) {
  parser_.set_timeout_micros(30'000'000);  // a pathological file must not stall a worker forever
  const auto& compiled = rules.compiled().rules();
  for (std::size_t i = 0; i < compiled.size() && !code_rules_; ++i) {
    code_rules_ = rules.enabled_at(i) && (compiled[i].formula || compiled[i].taint);
  }
  if (const auto& set = rules.compiled().signatures()) {
    signatures_ = std::make_unique<SignatureScanner>(set, signature_timeout_s);
  }
}

void FileAnalyser::scan_signatures(const std::string& display, std::string_view raw, FileOutcome& outcome,
                                   PhaseTimes& times) {
  if (!file_signatures_) return;
  const auto start = Clock::now();
  scan_file_signatures(*signatures_, rules_, display, raw, outcome.findings, outcome.diagnostics);
  times.signatures += seconds_since(start);
}

FileOutcome FileAnalyser::analyse_other(const std::string& display, std::string_view raw, PhaseTimes& times,
                                        bool signatures) {
  FileOutcome outcome;
  if (signatures) scan_signatures(display, raw, outcome, times);
  if (weights_ && identify_weights(raw.substr(0, kWeightSniffBytes)) != WeightFormat::none) {
    const auto start = Clock::now();
    outcome.weights = report_weights(rules_, display, scan_weights(raw), outcome.findings);
    times.weights += seconds_since(start);
  }
  return outcome;
}

// Decodes and parses one file, with its syntax errors; the tree is null when parsing timed
// out (then reported as such).
FileAnalyser::Parsed FileAnalyser::parse_source(FileInput& input, PhaseTimes& times,
                                               std::vector<Diagnostic>& diagnostics) {
  auto start = Clock::now();
  SourceFile source = decode_source(std::move(input.display), std::move(input.raw), diagnostics);
  times.read += seconds_since(start);

  start = Clock::now();
  Tree tree = parser_.parse(source.text());
  if (tree) {
    collect_syntax_errors(source, ts_tree_root_node(tree.get()), diagnostics);
  } else {
    diagnostics.push_back({source.display(), {}, DiagnosticLevel::error, "parse-timeout",
                           "parsing took longer than the time limit; the file was not analysed", {}});
  }
  times.parse += seconds_since(start);
  return {std::move(source), std::move(tree)};
}

// Decodes and parses one file and builds its module model; nullopt when parsing timed out.
std::optional<FileAnalyser::Prepared> FileAnalyser::prepare(FileInput& input, PhaseTimes& times,
                                                            std::vector<Diagnostic>& diagnostics) {
  Parsed parsed = parse_source(input, times, diagnostics);
  if (!parsed.tree) return std::nullopt;
  SourceFile& source = parsed.source;
  const TSNode root = ts_tree_root_node(parsed.tree.get());

  const auto start = Clock::now();
  ModuleModel model = ModuleModel::build(root, source.text(), input.module);
  std::vector<HiddenCallee> hidden;
  {
    const ResolvedFile names(source, model);
    hidden = hidden_callees(names);
  }
  name_hidden_callees(model, hidden);
  times.resolve += seconds_since(start);
  return Prepared{std::move(source), std::move(parsed.tree), std::move(model), !hidden.empty()};
}

// Tries one rule at one node; a rule reports a node at most once (several anchors of one
// rule, or an overriding cross-file callee, may lead to the same node twice).
void FileAnalyser::try_rule(std::uint32_t index, TSNode node, const Prepared& file, const FileContext& context,
                            Matched& matched, std::vector<Finding>& out, PhaseTimes& times) const {
  if (!rules_.enabled_at(index)) return;
  if (!time_rules_) {
    match_rule(index, node, file, context, matched, out);
    return;
  }
  times.rules.time(index, rules_.compiled().rules().size(),
                   [&] { return match_rule(index, node, file, context, matched, out); });
}

bool FileAnalyser::match_rule(std::uint32_t index, TSNode node, const Prepared& file, const FileContext& context,
                              Matched& matched, std::vector<Finding>& out) const {
  const CompiledRule& rule = rules_.compiled().rules()[index];
  if (!rule.formula) return false;
  FormulaMatch match;
  if (!evaluate(*rule.formula, node, context, match)) return false;
  // Checked after the match, so trying a rule allocates nothing when it does not match.
  if (!matched.insert({index, ts_node_start_byte(node), ts_node_end_byte(node)}).second) return false;
  // A group reports once per place: the first of its rules to match there (rules are tried in
  // rule-set order). Groups are keyed past the rule indices.
  if (const std::uint32_t group = rules_.compiled().group_of(index); group != 0) {
    const auto key = static_cast<std::uint32_t>(rules_.compiled().rules().size()) + group;
    if (!matched.insert({key, ts_node_start_byte(node), ts_node_end_byte(node)}).second) return false;
  }
  if (!match.callee && kind_of(node) == Kind::call) match.callee = context.callee_of(node);  // a pattern rule's {callee}
  FindingCollector collector(file.source, out);
  collector.set_rule(rule.info);
  const TSNode reported = ts_node_is_null(match.focus) ? node : match.focus;
  const std::string& message = match.report.message ? *match.report.message : rule.message;
  Finding& finding = collector.report(reported, render_message(message, match, file.source.text()));
  if (match.report.severity) finding.severity = *match.report.severity;
  if (match.report.confidence) finding.confidence = *match.report.confidence;
  if (match.decoded && match.decoded->value) {
    const StaticValue& value = *match.decoded->value;
    finding.decoded = DecodedValue{excerpt(value), value.bytes.size(), value.is_bytes, value.chain, match.decoded->signatures,
                                   match.decoded->kind};
  }
  return true;
}

void FileAnalyser::match_file(const Prepared& file, const FileContext& context, std::vector<Finding>& out,
                              PhaseTimes& times) const {
  const CompiledRules& compiled = rules_.compiled();
  Matched matched;
  // The rules not indexed by callee run only in files that contain their words (all of them
  // where a callee is named by computed strings: its name is not written).
  const std::vector<bool> live =
      file.hidden_callees ? std::vector<bool>(compiled.rules().size(), true) : compiled.node_rules_live_in(file.source.text());
  for (const CallSite& site : file.model.calls()) {
    if (site.callee) {
      for (const std::uint32_t index : compiled.rules_for_callee(site.callee->name)) {
        try_rule(index, site.node, file, context, matched, out, times);
      }
    }
    // The callee as the rules' `call` sees it (through other files too) and the method name,
    // looked up once for all the rules that name their calls.
    std::optional<std::optional<QualifiedName>> resolved;
    std::optional<std::string_view> method;
    const auto named = [&](const CompiledRules::CallFilter& filter) {
      if (!filter.methods.empty()) {
        if (!method) {
          const TSNode function = child(site.node, Field::function);
          method = kind_of(function) == Kind::attribute ? text_of(child(function, Field::attribute), file.source.text())
                                                         : std::string_view();
        }
        if (std::find(filter.methods.begin(), filter.methods.end(), *method) != filter.methods.end()) return true;
      }
      if (filter.globs.empty()) return false;
      if (!resolved) resolved = context.callee_of(site.node);
      const auto& callee = *resolved;
      return callee && std::any_of(filter.globs.begin(), filter.globs.end(),
                                   [&](const NameGlob* g) { return g->matches(callee->name); });
    };
    for (const std::uint32_t index : compiled.rules_for_every_call()) {
      if (!live[index]) continue;
      if (const auto& filter = compiled.call_filter(index); filter.active && !named(filter)) continue;
      try_rule(index, site.node, file, context, matched, out, times);
    }
  }
  if (!compiled.has_node_anchors()) return;
  // Node-type anchors: one walk over the tree.
  for_each_node(ts_tree_root_node(file.tree.get()), [&](TSNode node) {
    for (const std::uint32_t index : compiled.rules_for_symbol(ts_node_symbol(node))) {
      if (live[index]) try_rule(index, node, file, context, matched, out, times);
    }
  });
}

FileOutcome FileAnalyser::analyse_syntax(FileInput input, PhaseTimes& times) {
  FileOutcome outcome;
  const Parsed parsed = parse_source(input, times, outcome.diagnostics);
  limit_per_code(outcome.diagnostics);
  outcome.lines = parsed.source.line_count();
  return outcome;
}

FileOutcome FileAnalyser::analyse(FileInput input, PhaseTimes& times, const ProjectIndex* project) {
  if (syntax_only_) return analyse_syntax(std::move(input), times);
  FileOutcome outcome;
  scan_signatures(input.display, input.raw, outcome, times);  // the bytes as on disk, before decoding
  if (!code_rules_ && !call_facts_) {
    // Signatures alone: no rule looks at the code, so it is not parsed.
    outcome.lines = static_cast<std::uint32_t>(std::count(input.raw.begin(), input.raw.end(), '\n'));
    return outcome;
  }
  auto prepared = prepare(input, times, outcome.diagnostics);
  limit_per_code(outcome.diagnostics);
  if (!prepared) return outcome;
  outcome.lines = prepared->source.line_count();

  const auto start = Clock::now();
  FileContext context(prepared->source, prepared->model);
  context.set_signatures(signatures_.get());
  match_file(*prepared, context, outcome.findings, times);
  // A name imported from another file of the tree is settled once every file is analysed.
  const auto& calls = prepared->model.calls();
  for (std::uint32_t i = 0; project && i < calls.size(); ++i) {
    const auto& callee = calls[i].callee;
    if (callee && callee->origin != NameOrigin::definition && project->module_prefix(callee->name) != 0) {
      outcome.deferred.push_back({i, callee->name});
    }
  }
  times.match += seconds_since(start);
  // Taint: this file's part of the dataflow graph, solved with every other file's later.
  const auto dataflow_start = Clock::now();
  if (!taint_->empty()) {
    const TSNode root = ts_tree_root_node(prepared->tree.get());
    TaintFacts facts = extract_dataflow(*taint_, root, context, project, time_rules_ ? &times.rules : nullptr);
    outcome.functions = std::move(facts.functions);
    outcome.dataflow = std::move(facts.dataflow);
  } else if (call_facts_) {
    outcome.functions = extract_functions(prepared->model, ts_tree_root_node(prepared->tree.get()), prepared->source.text());
  }
  times.dataflow += seconds_since(dataflow_start);
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
  FileContext context(prepared->source, prepared->model);
  context.set_signatures(signatures_.get());
  for (const DeferredCall& call : resolved) {
    if (call.call_index < calls.size()) context.override_callee(calls[call.call_index].node, {call.callee, NameOrigin::imported});
  }
  Matched matched;
  std::vector<std::uint32_t> wanted;
  for (const DeferredCall& call : resolved) {
    if (call.call_index >= calls.size()) continue;  // the file changed between the two reads
    wanted.clear();
    rules_.compiled().rules_for_resolved_callee(call.callee, wanted);
    for (const std::uint32_t index : wanted) {
      try_rule(index, calls[call.call_index].node, *prepared, context, matched, findings, times);
    }
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
