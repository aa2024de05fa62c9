// SARIF 2.1.0 output, shaped for GitHub code scanning. The mapping from Warden's model
// is documented in docs/output-formats.md.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "utf8.hpp"
#include "warden/report.hpp"
#include "warden/version.hpp"

namespace warden {
namespace {

using detail::byte_offset_of_column;
using detail::code_point_count;
using detail::is_utf8_continuation;

using Json = nlohmann::ordered_json;

constexpr std::string_view schema_uri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view information_uri = "https://github.com/warden-sec/warden";
constexpr std::string_view source_root = "%SRCROOT%";
constexpr std::string_view fingerprint_key = "warden/v1";

// How a severity shows in SARIF: the result level, GitHub's "security-severity" score
// (critical >= 9.0, high >= 7.0, medium >= 4.0, low below) and CodeQL's problem.severity.
struct SarifSeverity {
  std::string_view level;
  std::string_view security_severity;
  std::string_view problem_severity;
};

SarifSeverity sarif_severity(Severity severity) {
  switch (severity) {
    case Severity::critical: return {"error", "9.5", "error"};
    case Severity::high: return {"error", "8.0", "error"};
    case Severity::medium: return {"warning", "5.5", "warning"};
    case Severity::low: return {"note", "3.0", "recommendation"};
  }
  return {"warning", "5.5", "warning"};
}

// "py-exec-os-system" -> "PyExecOsSystem": SARIF's rule name is an identifier-like string.
std::string camel_case(std::string_view id) {
  std::string name;
  bool word_start = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.') {
      word_start = true;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    name += word_start ? static_cast<char>(std::toupper(byte)) : c;
    word_start = false;
  }
  return name;
}

// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
std::string percent_encode_path(std::string_view path) {
  std::string encoded;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      encoded += c;
    } else {
      encoded += fmt::format("%{:02X}", byte);
    }
  }
  return encoded;
}

// Relative paths become URIs relative to %SRCROOT% (what GitHub expects, the checkout
// root); absolute paths become file:// URIs.
Json artifact_location(std::string_view file) {
  while (file.starts_with("./")) file.remove_prefix(2);
  if (file.starts_with('/')) return {{"uri", "file://" + percent_encode_path(file)}};
  return {{"uri", percent_encode_path(file)}, {"uriBaseId", source_root}};
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    const std::size_t newline = text.find('\n', start);
    lines.push_back(text.substr(start, newline - start));
    if (newline == std::string_view::npos) return lines;
    start = newline + 1;
  }
}

// The text inside `range`, cut from `lines` (the source lines from range.start.line on);
// nothing when they do not reach the end of the range.
std::optional<std::string> range_text(std::string_view lines, const Range& range) {
  const std::vector<std::string_view> split = split_lines(lines);
  if (range.end.line < range.start.line || split.size() < range.end.line - range.start.line + 1) return std::nullopt;
  const std::string_view first = split.front();
  const std::string_view last = split[range.end.line - range.start.line];
  const std::size_t begin = byte_offset_of_column(first, range.start.column);
  const std::size_t end = byte_offset_of_column(last, range.end.column);
  if (range.end.line == range.start.line) return std::string(first.substr(begin, end > begin ? end - begin : 0));

  std::string text(first.substr(begin));
  for (std::size_t i = 1; i < range.end.line - range.start.line; ++i) {
    text += '\n';
    text += split[i];
  }
  text += '\n';
  text += last.substr(0, end);
  return text;
}

// physicalLocation for a range. `lines` are the source lines from range.start.line on:
// the region's snippet is cut from them, and they become a contextRegion when the
// region covers only part of them.
Json physical_location(std::string_view file, const Range& range, std::string_view lines) {
  Json region = {{"startLine", range.start.line},
                 {"startColumn", range.start.column},
                 {"endLine", range.end.line},
                 {"endColumn", range.end.column}};
  Json location = {{"artifactLocation", artifact_location(file)}};
  const std::optional<std::string> text = lines.empty() ? std::nullopt : range_text(lines, range);
  if (text) region["snippet"] = {{"text", *text}};
  location["region"] = std::move(region);
  if (text && *text != lines) {
    const auto line_count = static_cast<std::uint32_t>(split_lines(lines).size());
    location["contextRegion"] = {{"startLine", range.start.line},
                                 {"endLine", range.start.line + line_count - 1},
                                 {"snippet", {{"text", lines}}}};
  }
  return location;
}

// physicalLocation for a place in a binary file: the file's byte offset, or for an archive
// member (which has no offset of its own in the file) the member and the offset in it as
// properties; the snippet is the printable excerpt.
Json physical_location(std::string_view file, const ByteLocation& at, std::string_view excerpt) {
  Json location = {{"artifactLocation", artifact_location(file)}};
  if (at.member.empty()) {
    location["region"] = {{"byteOffset", at.offset}};
    if (!excerpt.empty()) location["region"]["snippet"] = {{"text", excerpt}};
  } else {
    location["properties"] = {{"member", at.member}, {"memberOffset", at.offset}, {"excerpt", excerpt}};
  }
  return location;
}

template <typename Located>
Json physical_location_of(const Located& item) {
  return item.bytes ? physical_location(item.file, *item.bytes, item.snippet)
                    : physical_location(item.file, item.range, item.snippet);
}

Json message(std::string_view text) { return {{"text", text}}; }

Json rule_descriptor(const RuleInfo& rule) {
  const SarifSeverity severity = sarif_severity(rule.severity);
  Json tags = Json::array();
  auto add_tag = [&](const std::string& tag) {
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
  };
  for (const std::string& tag : rule.tags) add_tag(tag);
  add_tag("security");
  for (int cwe : rule.cwes) add_tag(fmt::format("external/cwe/cwe-{:03}", cwe));

  const std::string& description = rule.description.empty() ? rule.title : rule.description;
  Json descriptor = {{"id", rule.id},
                     {"name", camel_case(rule.id)},
                     {"shortDescription", message(rule.title)},
                     {"fullDescription", message(description)},
                     {"help", {{"text", description}, {"markdown", description}}}};
  if (!rule.references.empty()) descriptor["helpUri"] = rule.references.front();
  descriptor["defaultConfiguration"] = {{"level", severity.level}};
  descriptor["properties"] = {{"tags", std::move(tags)},
                              {"security-severity", severity.security_severity},
                              // Warden's confidence names are CodeQL's precision names.
                              {"precision", to_string(rule.confidence)},
                              {"problem.severity", severity.problem_severity}};
  return descriptor;
}

Json code_flow(const std::vector<TraceStep>& trace) {
  Json locations = Json::array();
  for (const TraceStep& step : trace) {
    Json location = {{"physicalLocation", physical_location_of(step)},
                     {"message", message(step.message)}};
    locations.push_back({{"location", std::move(location)}});
  }
  return {{"threadFlows", Json::array({{{"locations", std::move(locations)}}})}};
}

Json result_json(const Finding& finding, const std::map<std::string_view, std::size_t>& rule_index) {
  Json result = {{"ruleId", finding.rule_id}};
  if (auto found = rule_index.find(finding.rule_id); found != rule_index.end()) result["ruleIndex"] = found->second;
  result["level"] = sarif_severity(finding.severity).level;
  result["message"] = message(finding.message);
  result["locations"] = Json::array(
      {{{"physicalLocation", physical_location_of(finding)}}});
  if (!finding.fingerprint.empty()) result["partialFingerprints"] = {{fingerprint_key, finding.fingerprint}};
  // The taint path, then (in a model repository) the call chain that runs the code on load.
  Json flows = Json::array();
  if (!finding.trace.empty()) flows.push_back(code_flow(finding.trace));
  if (!finding.load_chain.empty()) {
    Json chain = code_flow(finding.load_chain);
    chain["message"] = message("runs when the model loads");
    flows.push_back(std::move(chain));
  }
  if (!flows.empty()) result["codeFlows"] = std::move(flows);
  result["properties"] = {{"severity", to_string(finding.severity)}, {"confidence", to_string(finding.confidence)}};
  if (finding.on_load != OnLoad::unknown) result["properties"]["onLoad"] = to_string(finding.on_load);
  if (const auto& decoded = finding.decoded) {
    result["properties"]["decoded"] = {{"excerpt", decoded->excerpt},
                                       {"size", decoded->size},
                                       {"chain", decoded->chain},
                                       {"signatures", decoded->signatures}};
    if (!decoded->kind.empty()) result["properties"]["decoded"]["kind"] = decoded->kind;
  }
  return result;
}

Json diagnostic_notification(const Diagnostic& diagnostic) {
  Json location = {{"artifactLocation", artifact_location(diagnostic.file)}};
  if (diagnostic.position.line > 0) {
    // A diagnostic marks a point; its region runs from there to the end of the line
    // (SARIF's default when endColumn is absent; explicit when we know the line).
    const Position start{diagnostic.position.line, std::max(diagnostic.position.column, 1u)};
    if (diagnostic.snippet.empty()) {
      location["region"] = {{"startLine", start.line}, {"startColumn", start.column}};
    } else {
      const Position line_end{start.line, code_point_count(diagnostic.snippet) + 1};
      location = physical_location(diagnostic.file, Range{start, std::max(start, line_end)}, diagnostic.snippet);
    }
  }
  Json notification = {{"level", to_string(diagnostic.level)}, {"message", message(diagnostic.message)}};
  if (!diagnostic.code.empty()) notification["descriptor"] = {{"id", diagnostic.code}};
  notification["locations"] = Json::array({{{"physicalLocation", std::move(location)}}});
  return notification;
}

Json skipped_notification(const SkippedFile& skipped) {
  std::string text = fmt::format("File skipped ({})", to_string(skipped.reason));
  if (!skipped.detail.empty()) text += fmt::format(": {}", skipped.detail);
  text += '.';
  return {{"level", "note"},
          {"message", message(text)},
          {"descriptor", {{"id", "skipped"}}},
          {"locations", Json::array({{{"physicalLocation", {{"artifactLocation", artifact_location(skipped.file)}}}}})},
          {"properties", {{"reason", to_string(skipped.reason)}}}};
}

}  // namespace

void write_sarif(std::ostream& out, const ScanResult& result, const RuleSet& rules) {
  Json rule_descriptors = Json::array();
  std::map<std::string_view, std::size_t> rule_index;
  for (const RuleInfo& rule : rules.rules()) {
    if (!rules.enabled(rule.id)) continue;
    rule_index.emplace(rule.id, rule_descriptors.size());
    rule_descriptors.push_back(rule_descriptor(rule));
  }

  Json results = Json::array();
  for (const Finding& finding : result.findings) results.push_back(result_json(finding, rule_index));

  Json notifications = Json::array();
  for (const Diagnostic& diagnostic : result.diagnostics) notifications.push_back(diagnostic_notification(diagnostic));
  for (const SkippedFile& skipped : result.skipped) notifications.push_back(skipped_notification(skipped));

  // Input problems are reported, not failures: the scan itself succeeded.
  Json invocation = {{"executionSuccessful", true}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  const Json driver = {{"name", "warden"},
                       {"semanticVersion", version()},
                       {"informationUri", information_uri},
                       {"rules", std::move(rule_descriptors)}};
  Json run = {{"tool", {{"driver", driver}}},
              {"invocations", Json::array({std::move(invocation)})},
              {"columnKind", "unicodeCodePoints"},
              {"results", std::move(results)}};
  // The weights files read, as artifacts with their format and verdict.
  if (!result.weights.empty()) {
    Json artifacts = Json::array();
    for (const WeightsFile& w : result.weights) {
      artifacts.push_back({{"location", artifact_location(w.file)},
                           {"roles", Json::array({"analysisTarget"})},
                           {"properties", {{"weightsFormat", w.format}, {"weightsVerdict", to_string(w.verdict)},
                                           {"onLoad", to_string(w.on_load)}}}});
    }
    run["artifacts"] = std::move(artifacts);
  }
  const Json log = {{"$schema", schema_uri}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
  out << log.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace warden
