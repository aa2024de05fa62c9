// Bandit's JSON document (`bandit -f json`, the 1.8 form), so Bandit's consumers read Warden's
// report unchanged. docs/output-formats.md says how each field is filled.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <ctime>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "source.hpp"
#include "warden/report.hpp"

namespace warden {
namespace {

// Bandit writes its keys sorted (json.dump(sort_keys=True)); nlohmann::json sorts too.
using Json = nlohmann::json;

std::string upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

// Bandit has three levels: Warden's critical is Bandit's HIGH.
std::string bandit_severity(Severity s) { return s == Severity::critical ? "HIGH" : upper(to_string(s)); }

// The Bandit test id of a rule: its first `bandit` cross-reference, else the rule's own id.
std::string test_id(const RuleInfo* rule, const Finding& finding) {
  if (rule) {
    if (const auto it = rule->xrefs.find("bandit"); it != rule->xrefs.end() && !it->second.empty()) {
      return it->second.substr(0, it->second.find(','));
    }
  }
  return finding.rule_id;
}

// Bandit's test name. The Bandit pack's ids spell it: `bandit-b101-assert-used` is
// "assert_used" (a signature `yara.bandit-b613-trojansource.RULE` is "trojansource"); the
// blacklists (B301-B323 calls, B4xx imports) are all "blacklist", as in Bandit.
std::string test_name(const Finding& finding, std::string_view id) {
  constexpr std::string_view prefix = "bandit-b";
  std::string_view rule = finding.rule_id;
  if (rule.starts_with("yara.")) rule.remove_prefix(5);
  if (!rule.starts_with(prefix) || rule.size() < prefix.size() + 5 || rule[prefix.size() + 3] != '-') {
    return finding.rule_id;
  }
  const bool blacklist = id.size() == 4 && id[0] == 'B' && (id[1] == '4' || (id[1] == '3' && id <= "B323"));
  if (blacklist) return "blacklist";
  std::string name(rule.substr(prefix.size() + 4));
  name = name.substr(0, name.find('.'));
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
}

std::string more_info(const RuleInfo* rule) {
  if (!rule) return {};
  for (const auto& url : rule->references) {
    if (url.find("bandit.readthedocs.io") != std::string::npos) return url;
  }
  return rule->references.empty() ? std::string() : rule->references.front();
}

// Byte offset (0-based, UTF-8) of a 1-based code-point column in a line: Python's col_offset.
std::size_t byte_offset(std::string_view line, std::uint32_t column) {
  std::size_t byte = 0;
  for (std::uint32_t c = 1; c < column && byte < line.size(); ++c) byte += detail::utf8_sequence_length(line.substr(byte));
  return byte;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// Bandit's `loc`: lines that are neither blank nor a comment.
std::size_t lines_of_code(const std::vector<std::string_view>& lines) {
  std::size_t n = 0;
  for (std::string_view line : lines) {
    const auto first = line.find_first_not_of(" \t\f\v\r");
    if (first != std::string_view::npos && line[first] != '#') ++n;
  }
  return n;
}

// Bandit's `code`: the finding's lines with one line of context before (Issue.get_code with
// max_lines=3), each as "N text\n".
std::string code_excerpt(const std::vector<std::string_view>& lines, std::uint32_t first, std::uint32_t last) {
  const std::uint32_t lmin = first > 1 ? first - 1 : 1;
  const std::uint32_t lmax = lmin + (last - first + 1) + 2;  // exclusive
  std::string code;
  for (std::uint32_t n = lmin; n < lmax && n <= lines.size(); ++n) code += fmt::format("{} {}\n", n, lines[n - 1]);
  return code;
}

struct FileMetrics {
  std::array<double, 3> severity{};    // LOW, MEDIUM, HIGH
  std::array<double, 3> confidence{};  // LOW, MEDIUM, HIGH
  std::size_t loc = 0, nosec = 0;
};

Json metrics_json(const FileMetrics& m) {
  Json out = {{"loc", m.loc}, {"nosec", m.nosec}, {"skipped_tests", 0}};
  static constexpr std::array<const char*, 3> levels = {"LOW", "MEDIUM", "HIGH"};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    out[fmt::format("SEVERITY.{}", levels[i])] = m.severity[i];
    out[fmt::format("CONFIDENCE.{}", levels[i])] = m.confidence[i];
  }
  out["SEVERITY.UNDEFINED"] = 0.0;
  out["CONFIDENCE.UNDEFINED"] = 0.0;
  return out;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 32> buffer{};
  const std::size_t n = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buffer.data(), n);
}

Json result_json(const Finding& f, const RuleInfo* rule, const std::vector<std::string_view>& lines) {
  const std::string id = test_id(rule, f);
  const std::uint32_t first = f.range.start.line;
  const std::uint32_t last = std::max(first, f.range.end.line);
  Json line_range = Json::array();
  for (std::uint32_t n = first; n <= last; ++n) line_range.push_back(n);
  const auto snippet = split_lines(f.snippet);
  const int cwe = f.cwes.empty() ? 0 : f.cwes.front();
  // In a binary file (weights) there are no lines: the location and the printable excerpt.
  std::string code = f.bytes ? byte_location_text(f.file, *f.bytes) + " " + f.snippet + "\n"
                             : code_excerpt(lines, first, last);
  return {{"code", std::move(code)},
          {"col_offset", snippet.empty() ? 0 : byte_offset(snippet.front(), f.range.start.column)},
          {"end_col_offset", snippet.empty() ? 0 : byte_offset(snippet.back(), f.range.end.column)},
          {"filename", f.file},
          {"issue_confidence", upper(to_string(f.confidence))},
          {"issue_cwe", {{"id", cwe}, {"link", cwe ? fmt::format("https://cwe.mitre.org/data/definitions/{}.html", cwe) : ""}}},
          {"issue_severity", bandit_severity(f.severity)},
          {"issue_text", f.message},
          {"line_number", first},
          {"line_range", std::move(line_range)},
          {"more_info", more_info(rule)},
          {"test_id", id},
          {"test_name", test_name(f, id)}};
}

struct FileEntry {
  FileMetrics metrics;
  std::vector<const Finding*> findings;
};

}  // namespace

void write_bandit_json(std::ostream& out, const ScanResult& result, const RuleSet& rules) {
  // Every analysed file (and any other file with a finding) is read once more, for `loc` and
  // the findings' context lines.
  std::map<std::string, FileEntry> files;
  for (const std::string& file : result.analysed) files[file];
  for (const Finding& f : result.findings) files[f.file].findings.push_back(&f);
  for (const Finding& f : result.suppressed) ++files[f.file].metrics.nosec;

  Json results = Json::array();
  std::string text, error;
  for (auto& [file, entry] : files) {
    // A file that is not Python and has no finding on a line (a weights file) has no lines
    // Bandit would count, and may be gigabytes: not read.
    const bool binary = !file.ends_with(".py") &&
                        std::all_of(entry.findings.begin(), entry.findings.end(), [](const Finding* f) { return f->bytes.has_value(); });
    text = binary ? std::string() : detail::read_file(file, error).value_or(std::string());
    const auto lines = split_lines(text);
    entry.metrics.loc = lines_of_code(lines);
    for (const Finding* f : entry.findings) {
      results.push_back(result_json(*f, rules.find(f->rule_id), lines));
      ++entry.metrics.severity[std::min<std::size_t>(static_cast<std::size_t>(f->severity), 2)];  // critical is HIGH
      ++entry.metrics.confidence[static_cast<std::size_t>(f->confidence)];
    }
  }

  // Bandit lists a file it could not parse; Warden parses what it can, so a file with an error
  // diagnostic (syntax, encoding) or skipped for a reason other than its kind is listed.
  Json errors = Json::array();
  std::string last_file;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.level != DiagnosticLevel::error || d.file == last_file) continue;
    last_file = d.file;
    errors.push_back({{"filename", d.file},
                      {"reason", d.position.line ? fmt::format("{}:{}: {}", d.position.line, d.position.column, d.message)
                                                 : d.message}});
  }
  for (const SkippedFile& s : result.skipped) {
    if (s.reason == SkipReason::not_python) continue;
    errors.push_back({{"filename", s.file},
                      {"reason", s.detail.empty() ? std::string(to_string(s.reason))
                                                  : fmt::format("{}: {}", to_string(s.reason), s.detail)}});
  }

  FileMetrics totals;
  Json metrics_doc = Json::object();
  for (const auto& [file, entry] : files) {
    const FileMetrics& m = entry.metrics;
    metrics_doc[file] = metrics_json(m);
    totals.loc += m.loc;
    totals.nosec += m.nosec;
    for (std::size_t i = 0; i < 3; ++i) {
      totals.severity[i] += m.severity[i];
      totals.confidence[i] += m.confidence[i];
    }
  }
  metrics_doc["_totals"] = metrics_json(totals);

  const Json document = {{"errors", std::move(errors)},
                         {"generated_at", utc_now()},
                         {"metrics", std::move(metrics_doc)},
                         {"results", std::move(results)}};
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace warden
