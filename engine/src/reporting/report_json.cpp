// JSON output, schema version 1. Every field is documented in docs/output-formats.md;
// keys keep a fixed order so reports diff cleanly.
#include <array>
#include <cstddef>
#include <ostream>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "warden/report.hpp"
#include "warden/version.hpp"

namespace warden {
namespace {

using Json = nlohmann::ordered_json;

constexpr int schema_version = 1;

Json position_json(Position position) { return {{"line", position.line}, {"column", position.column}}; }

Json rule_json(const RuleInfo& rule) {
  return {{"id", rule.id},
          {"kind", to_string(rule.kind)},
          {"title", rule.title},
          {"severity", to_string(rule.severity)},
          {"confidence", to_string(rule.confidence)},
          {"cwe", rule.cwes},
          {"tags", rule.tags},
          // Other tools' ids; a YARA check's "yara" is "namespace:rule".
          {"xrefs", rule.xrefs}};
}

// {"member": ..., "offset": ...} for a location in a binary file; null otherwise.
Json bytes_json(const std::optional<ByteLocation>& at) {
  if (!at) return nullptr;
  return {{"member", at->member}, {"offset", at->offset}};
}

Json trace_step_json(const TraceStep& step) {
  return {{"file", step.file},
          {"start", position_json(step.range.start)},
          {"end", position_json(step.range.end)},
          {"bytes", bytes_json(step.bytes)},
          {"message", step.message},
          {"snippet", step.snippet}};
}

Json decoded_json(const std::optional<DecodedValue>& decoded) {
  if (!decoded) return nullptr;
  return {{"excerpt", decoded->excerpt},
          {"size", decoded->size},
          {"is_bytes", decoded->is_bytes},
          {"chain", decoded->chain},
          {"signatures", decoded->signatures},
          {"kind", decoded->kind.empty() ? Json(nullptr) : Json(decoded->kind)}};
}

Json finding_json(const Finding& finding) {
  Json trace = Json::array();
  for (const TraceStep& step : finding.trace) trace.push_back(trace_step_json(step));
  Json chain = Json::array();
  for (const TraceStep& step : finding.load_chain) chain.push_back(trace_step_json(step));
  return {{"rule_id", finding.rule_id},
          {"title", finding.title},
          {"message", finding.message},
          {"cwe", finding.cwes},
          {"severity", to_string(finding.severity)},
          {"confidence", to_string(finding.confidence)},
          {"file", finding.file},
          {"start", position_json(finding.range.start)},
          {"end", position_json(finding.range.end)},
          {"bytes", bytes_json(finding.bytes)},
          {"snippet", finding.snippet},
          {"trace", std::move(trace)},
          {"on_load", to_string(finding.on_load)},
          {"load_chain", std::move(chain)},
          {"decoded", decoded_json(finding.decoded)},
          {"fingerprint", finding.fingerprint}};
}

Json repository_json(const RepositorySummary& repo) {
  Json entries = Json::array();
  for (const auto& e : repo.entry_points) {
    entries.push_back({{"kind", e.kind},
                       {"target", e.target},
                       {"declared_in", e.declared_in},
                       {"key", e.key},
                       {"position", position_json(e.position)},
                       {"found", e.found}});
  }
  Json remote = Json::array();
  for (const auto& r : repo.remote_references) {
    remote.push_back({{"kind", r.kind},
                      {"target", r.target},
                      {"detail", r.detail},
                      {"declared_in", r.declared_in},
                      {"position", position_json(r.position)}});
  }
  Json severities = Json::object();
  for (auto s : {Severity::critical, Severity::high, Severity::medium, Severity::low}) {
    severities[std::string(to_string(s))] = repo.on_load_findings[static_cast<std::size_t>(s)];
  }
  return {{"root", repo.root},
          {"entry_points", std::move(entries)},
          {"files_on_load", repo.files_on_load},
          {"remote_references", std::move(remote)},
          {"on_load_findings", std::move(severities)}};
}

Json diagnostic_json(const Diagnostic& diagnostic) {
  return {{"file", diagnostic.file},
          {"position", position_json(diagnostic.position)},
          {"level", to_string(diagnostic.level)},
          {"code", diagnostic.code},
          {"message", diagnostic.message},
          {"snippet", diagnostic.snippet}};
}

Json skipped_json(const SkippedFile& skipped) {
  return {{"file", skipped.file}, {"reason", to_string(skipped.reason)}, {"detail", skipped.detail}};
}

Json summary_json(const ScanResult& result) {
  std::array<std::size_t, 4> by_severity{};  // indexed by Severity
  for (const Finding& finding : result.findings) ++by_severity.at(static_cast<std::size_t>(finding.severity));
  std::array<std::size_t, 3> by_level{};  // indexed by DiagnosticLevel
  std::set<std::string_view> files_with_errors;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    ++by_level.at(static_cast<std::size_t>(diagnostic.level));
    if (diagnostic.level == DiagnosticLevel::error) files_with_errors.insert(diagnostic.file);
  }

  Json severities = Json::object();
  for (auto s : {Severity::critical, Severity::high, Severity::medium, Severity::low}) {
    severities[std::string(to_string(s))] = by_severity.at(static_cast<std::size_t>(s));
  }
  Json levels = Json::object();
  for (auto l : {DiagnosticLevel::error, DiagnosticLevel::warning, DiagnosticLevel::note}) {
    levels[std::string(to_string(l))] = by_level.at(static_cast<std::size_t>(l));
  }
  return {{"findings", result.findings.size()},
          {"suppressed", result.suppressed.size()},
          {"by_severity", std::move(severities)},
          {"diagnostics", std::move(levels)},
          {"files_analysed", result.analysed.size()},
          {"files_skipped", result.skipped.size()},
          {"files_with_errors", files_with_errors.size()}};
}

}  // namespace

void write_json(std::ostream& out, const ScanResult& result, const RuleSet& rules) {
  Json rules_json = Json::array();
  for (const RuleInfo& rule : rules.rules()) {
    if (rules.enabled(rule.id)) rules_json.push_back(rule_json(rule));
  }
  Json findings = Json::array();
  for (const Finding& finding : result.findings) findings.push_back(finding_json(finding));
  Json diagnostics = Json::array();
  for (const Diagnostic& diagnostic : result.diagnostics) diagnostics.push_back(diagnostic_json(diagnostic));
  Json skipped = Json::array();
  for (const SkippedFile& file : result.skipped) skipped.push_back(skipped_json(file));
  Json repositories = Json::array();
  for (const RepositorySummary& repo : result.repositories) repositories.push_back(repository_json(repo));
  Json weights = Json::array();
  for (const WeightsFile& w : result.weights) {
    weights.push_back({{"file", w.file},
                       {"format", w.format},
                       {"verdict", to_string(w.verdict)},
                       {"pickles", w.pickles},
                       {"callables", {{"allowed", w.allowed}, {"unknown", w.unknown}, {"denied", w.denied}}},
                       {"on_load", to_string(w.on_load)}});
  }

  const Json document = {{"tool", {{"name", "warden"}, {"version", version()}}},
                         {"schema_version", schema_version},
                         {"rules", std::move(rules_json)},
                         {"findings", std::move(findings)},
                         {"diagnostics", std::move(diagnostics)},
                         {"skipped", std::move(skipped)},
                         {"repositories", std::move(repositories)},
                         {"weights", std::move(weights)},
                         {"summary", summary_json(result)}};

  // Source text may hold bytes that are not UTF-8 (the decoder replaces them, but be safe):
  // replace rather than throw half-way through a report.
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace warden
