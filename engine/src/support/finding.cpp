// Names of the finding enums, the canonical finding order, and ScanResult queries.
#include "warden/finding.hpp"
#include "warden/rules.hpp"

#include <algorithm>
#include <tuple>

#include "warden/scanner.hpp"

namespace warden {
namespace {

// ASCII case-insensitive equality: severities come from command lines and config files.
bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::ranges::equal(a, b, [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

std::string_view to_string(Severity s) noexcept {
  switch (s) {
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
  }
  return "unknown";
}

std::string_view to_string(Confidence c) noexcept {
  switch (c) {
    case Confidence::low: return "low";
    case Confidence::medium: return "medium";
    case Confidence::high: return "high";
  }
  return "unknown";
}

std::optional<Severity> parse_severity(std::string_view text) noexcept {
  for (auto s : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    if (equals_ignoring_case(text, to_string(s))) return s;
  }
  return std::nullopt;
}

std::optional<Confidence> parse_confidence(std::string_view text) noexcept {
  for (auto c : {Confidence::low, Confidence::medium, Confidence::high}) {
    if (equals_ignoring_case(text, to_string(c))) return c;
  }
  return std::nullopt;
}

std::string_view to_string(DiagnosticLevel l) noexcept {
  switch (l) {
    case DiagnosticLevel::note: return "note";
    case DiagnosticLevel::warning: return "warning";
    case DiagnosticLevel::error: return "error";
  }
  return "unknown";
}

// Machine-readable names, used as-is in JSON and SARIF output.
std::string_view to_string(SkipReason r) noexcept {
  switch (r) {
    case SkipReason::binary: return "binary";
    case SkipReason::too_large: return "too-large";
    case SkipReason::unreadable: return "unreadable";
    case SkipReason::not_python: return "not-python";
    case SkipReason::symlink_outside_root: return "symlink-outside-root";
    case SkipReason::special_file: return "special-file";
  }
  return "unknown";
}

std::string_view to_string(WeightsVerdict v) noexcept {
  switch (v) {
    case WeightsVerdict::safe_format: return "safe-format";
    case WeightsVerdict::allowed: return "allowed";
    case WeightsVerdict::unknown: return "unknown";
    case WeightsVerdict::unreadable: return "unreadable";
    case WeightsVerdict::dangerous: return "dangerous";
  }
  return "unknown";
}

std::string_view to_string(OnLoad o) noexcept {
  switch (o) {
    case OnLoad::yes: return "yes";
    case OnLoad::no: return "no";
    case OnLoad::unknown: break;
  }
  return "unknown";
}

bool finding_less(const Finding& a, const Finding& b) noexcept {
  return std::tie(a.file, a.range.start, a.bytes, a.rule_id, a.range.end, a.message) <
         std::tie(b.file, b.range.start, b.bytes, b.rule_id, b.range.end, b.message);
}

std::string byte_location_text(std::string_view file, const ByteLocation& at) {
  std::string out(file);
  if (!at.member.empty()) out += "!" + at.member;
  return out + "@" + std::to_string(at.offset);
}

std::string_view to_string(RuleKind k) noexcept {
  switch (k) {
    case RuleKind::pattern: return "pattern";
    case RuleKind::taint: return "taint";
    case RuleKind::signature: return "signature";
    case RuleKind::weights: return "weights";
  }
  return "pattern";
}

std::string decoding_chain_text(const std::vector<std::string>& chain) {
  if (chain.empty()) return "a literal";
  std::string out;
  for (const std::string& step : chain) {
    if (!out.empty()) out += " -> ";
    out += step;
  }
  return out;
}

bool ScanResult::has_findings_at_or_above(Severity threshold) const noexcept {
  return std::ranges::any_of(findings, [&](const Finding& f) { return f.severity >= threshold; });
}

}  // namespace warden
