#include "signature_findings.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiled_rules.hpp"
#include "discovery.hpp"
#include "printable.hpp"
#include "source.hpp"

namespace warden::detail {
namespace {

// Other string matches shown as notes, and the bytes a snippet line keeps (a binary file's
// "line" can be megabytes long).
constexpr std::size_t kMaxNotes = 8;
constexpr std::size_t kMaxSnippetLine = 300;

std::string clipped_lines(const SourceFile& text, std::uint32_t first, std::uint32_t last) {
  std::string out;
  last = std::min(last, first + 4);
  for (std::uint32_t line = first; line <= last; ++line) {
    std::string_view l = text.line(line);
    if (l.size() > kMaxSnippetLine) {
      std::size_t cut = kMaxSnippetLine;
      while (cut > 0 && (static_cast<unsigned char>(l[cut]) & 0xC0u) == 0x80u) --cut;  // a whole character
      l = l.substr(0, cut);
    }
    if (line != first) out += '\n';
    out += l;
  }
  return out;
}

Range range_at(const SourceFile& text, const SignatureMatch::String& s) {
  const auto clamp = [](std::uint64_t offset) { return static_cast<std::uint32_t>(std::min<std::uint64_t>(offset, UINT32_MAX)); };
  return {text.position_at(clamp(s.offset)), text.position_at(clamp(s.offset + s.length))};
}

// Where a match is in a binary file: its offset, and the bytes there escaped (its "line"
// would be raw bytes on a terminal).
void place_in_binary(std::string_view raw, const SignatureMatch::String& s, std::optional<ByteLocation>& at,
                     std::string& snippet) {
  at = ByteLocation{"", s.offset};
  snippet = s.offset < raw.size() ? printable_excerpt(raw.substr(static_cast<std::size_t>(s.offset), 64), 48) : "";
}

std::string matched_text(std::string_view raw, const SignatureMatch::String& s) {
  if (s.offset >= raw.size()) return {};
  return printable_excerpt(raw.substr(static_cast<std::size_t>(s.offset), s.length), 60);
}

}  // namespace

bool signature_checks_enabled(const RuleSet& rules) noexcept {
  for (const std::uint32_t index : rules.compiled().signature_rules()) {
    if (rules.enabled_at(index)) return true;
  }
  return false;
}

bool signature_checks_read_other_files(const RuleSet& rules) noexcept {
  const CompiledRules& compiled = rules.compiled();
  for (const std::uint32_t index : compiled.signature_rules()) {
    if (!rules.enabled_at(index)) continue;
    const auto& globs = compiled.signatures()->rules()[*compiled.rules()[index].signature].file_globs;
    // A check limited to Python files (`files = "*.py"`) needs no other file listed.
    if (globs.empty() || std::any_of(globs.begin(), globs.end(), [](const std::string& g) { return !g.ends_with(".py"); })) {
      return true;
    }
  }
  return false;
}

void scan_file_signatures(SignatureScanner& scanner, const RuleSet& rules, const std::string& display,
                          std::string_view raw, std::vector<Finding>& findings, std::vector<Diagnostic>& diagnostics) {
  std::vector<SignatureMatch> matches;
  std::string error;
  if (scanner.scan(raw, matches, error) != SignatureScanner::Status::ok) {
    diagnostics.push_back({display, {}, DiagnosticLevel::error, "signature-scan",
                           error + "; this file's signature findings may be incomplete", {}});
  }
  if (matches.empty()) return;
  const CompiledRules& compiled = rules.compiled();
  const bool binary = raw.find('\0') != std::string_view::npos || looks_binary(raw.substr(0, 4096));
  std::optional<SourceFile> text;  // positions of raw offsets, in a text file
  if (!binary) text.emplace(display, text_with_raw_offsets(raw));
  const std::string_view file_name = std::string_view(display).substr(display.find_last_of('/') + 1);
  for (const SignatureMatch& match : matches) {
    const auto check = compiled.signature_check(match.rule);
    if (!check || !rules.enabled_at(*check)) continue;
    if (!compiled.signatures()->rules()[match.rule].applies_to(file_name)) continue;
    const CompiledRule& rule = compiled.rules()[*check];
    Finding f = finding_of(rule.info, display);
    f.message = rule.message.empty() ? rule.info.title : rule.message;
    if (match.strings.empty()) {
      f.range = {{1, 1}, {1, 1}};  // the condition holds for the file as a whole
    } else {
      const auto& first = match.strings.front();
      if (!binary) f.range = range_at(*text, first);
      f.message += fmt::format(": {} matched \"{}\"", first.identifier, matched_text(raw, first));
      for (std::size_t i = 1; i < match.strings.size() && f.trace.size() < kMaxNotes; ++i) {
        const auto& s = match.strings[i];
        TraceStep step;
        step.file = display;
        step.message = fmt::format("{} matched \"{}\"", s.identifier, matched_text(raw, s));
        if (binary) {
          place_in_binary(raw, s, step.bytes, step.snippet);
        } else {
          step.range = range_at(*text, s);
          step.snippet = clipped_lines(*text, step.range.start.line, step.range.start.line);
        }
        f.trace.push_back(std::move(step));
      }
    }
    if (binary) {
      place_in_binary(raw, match.strings.empty() ? SignatureMatch::String{} : match.strings.front(), f.bytes, f.snippet);
      f.range = {};  // line 0: the location is the byte offset
    } else {
      f.snippet = clipped_lines(*text, f.range.start.line, f.range.end.line);
    }
    findings.push_back(std::move(f));
  }
}

}  // namespace warden::detail
