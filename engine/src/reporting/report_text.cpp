// Clang-style text output: "file:line:col: warning: message [rule-id]", the source line,
// and a caret line under the range. Format documented in docs/output-formats.md.
#include <algorithm>
#include <array>
#include <cstdint>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "utf8.hpp"
#include "warden/report.hpp"

namespace warden {
namespace {

using detail::byte_offset_of_column;
using detail::code_point_count;
using detail::is_utf8_continuation;

// The escape sequences clang uses: bold locations and messages, a coloured level word,
// a green caret line.
namespace ansi {
constexpr std::string_view reset = "\x1b[0m";
constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view bold_red = "\x1b[1;31m";
constexpr std::string_view bold_green = "\x1b[1;32m";
constexpr std::string_view bold_magenta = "\x1b[1;35m";
constexpr std::string_view bold_cyan = "\x1b[1;36m";
}  // namespace ansi

// Findings print as warnings and trace steps as notes, like clang's diagnostics.
std::string_view level_colour(DiagnosticLevel level) {
  switch (level) {
    case DiagnosticLevel::note: return ansi::bold_cyan;
    case DiagnosticLevel::warning: return ansi::bold_magenta;
    case DiagnosticLevel::error: return ansi::bold_red;
  }
  return ansi::bold_red;
}

// How the text report names a skip reason (JSON and SARIF use to_string's kebab-case).
std::string_view skip_reason_label(SkipReason reason) {
  switch (reason) {
    case SkipReason::binary: return "binary";
    case SkipReason::too_large: return "too large";
    case SkipReason::unreadable: return "unreadable";
    case SkipReason::not_python: return "not Python";
    case SkipReason::symlink_outside_root: return "symlink outside the root";
    case SkipReason::special_file: return "special file";
  }
  return "other";
}

constexpr std::array all_skip_reasons = {SkipReason::binary,     SkipReason::too_large,
                                         SkipReason::unreadable, SkipReason::not_python,
                                         SkipReason::symlink_outside_root, SkipReason::special_file};

std::string_view first_line(std::string_view snippet) { return snippet.substr(0, snippet.find('\n')); }

// "^" under range.start and "~" under the rest of the range on that line. The padding
// copies the line's tabs so the caret lines up whatever the tab width.
std::string caret_line(std::string_view line, const Range& range) {
  const std::uint32_t start = range.start.column;
  std::string caret;
  std::uint32_t column = 1;
  for (std::size_t i = 0; i < line.size() && column < start; ++i) {
    if (is_utf8_continuation(line[i])) continue;
    caret += line[i] == '\t' ? '\t' : ' ';
    ++column;
  }
  for (; column < start; ++column) caret += ' ';  // a position past the end of the line
  caret += '^';

  const std::uint32_t past_line_end = code_point_count(line) + 1;
  const std::uint32_t end = range.end.line == range.start.line ? std::min(range.end.column, past_line_end)
                                                               : past_line_end;
  if (end > start + 1) caret.append(end - start - 1, '~');
  return caret;
}

std::string plural(std::size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

class TextWriter {
 public:
  TextWriter(std::ostream& out, bool color) : out_(out), color_(color) {}

  // "file:line:col: level: message [tag]"; "file: ..." when line is 0 (the whole file).
  void header(std::string_view file, Position position, DiagnosticLevel level, std::string_view message,
              std::string_view tag) {
    std::string location(file);
    if (position.line > 0) location += fmt::format(":{}", position.line);
    if (position.line > 0 && position.column > 0) location += fmt::format(":{}", position.column);
    std::string text(message);
    if (!tag.empty()) text += fmt::format(" [{}]", tag);

    out_ << paint(ansi::bold, location + ": ") << paint(level_colour(level), fmt::format("{}: ", to_string(level)));
    // Like clang, notes are supplementary: their message is not bold.
    out_ << (level == DiagnosticLevel::note ? text : paint(ansi::bold, text)) << '\n';
  }

  // A finding or step in a binary file: "file!member@offset: level: message [tag]", then the
  // printable excerpt of the bytes there with a caret under its first character.
  void header(std::string_view file, const ByteLocation& at, DiagnosticLevel level, std::string_view message,
              std::string_view tag) {
    header(byte_location_text(file, at), Position{}, level, message, tag);
  }
  void excerpt(std::string_view snippet) {
    if (snippet.empty()) return;
    out_ << first_line(snippet) << '\n' << paint(ansi::bold_green, "^") << '\n';
  }

  // The first source line of the snippet and the caret line under `range`.
  void source(std::string_view snippet, const Range& range) {
    if (snippet.empty() || range.start.line == 0) return;
    const std::string_view line = first_line(snippet);
    out_ << line << '\n';
    const std::string caret = caret_line(line, range);
    const std::size_t marks = caret.find('^');
    out_ << caret.substr(0, marks) << paint(ansi::bold_green, caret.substr(marks)) << '\n';
  }

  void note(std::string_view text) { out_ << paint(level_colour(DiagnosticLevel::note), "note: ") << text << '\n'; }
  void line(std::string_view text) { out_ << text << '\n'; }

 private:
  std::string paint(std::string_view style, std::string_view text) const {
    if (!color_) return std::string(text);
    return fmt::format("{}{}{}", style, text, ansi::reset);
  }

  std::ostream& out_;
  bool color_;
};

// A finding's or a step's location line and its source (or excerpt) below.
template <typename Located>
void write_located(TextWriter& writer, const Located& item, DiagnosticLevel level, std::string_view message,
                   std::string_view tag) {
  if (item.bytes) {
    writer.header(item.file, *item.bytes, level, message, tag);
    writer.excerpt(item.snippet);
  } else {
    writer.header(item.file, item.range.start, level, message, tag);
    writer.source(item.snippet, item.range);
  }
}

void write_finding(TextWriter& writer, const Finding& finding) {
  write_located(writer, finding, DiagnosticLevel::warning, finding.message, finding.rule_id);
  if (const auto& decoded = finding.decoded) {
    writer.note(fmt::format("decoded statically from {} ({} {}): \"{}\"", decoding_chain_text(decoded->chain),
                            decoded->size, decoded->is_bytes ? "bytes" : "characters", decoded->excerpt));
    for (const std::string& rule : decoded->signatures) writer.note(fmt::format("the decoded value matches YARA rule {}", rule));
  }
  for (const TraceStep& step : finding.trace) write_located(writer, step, DiagnosticLevel::note, step.message, {});
  if (finding.on_load == OnLoad::no) {
    writer.note("does not run when the model loads (no entry point reaches it)");
  } else if (finding.on_load == OnLoad::yes) {
    writer.note("runs when the model loads:");
    for (const TraceStep& step : finding.load_chain) {
      writer.header(step.file, step.range.start, DiagnosticLevel::note, step.message, {});
      writer.source(step.snippet, step.range);
    }
  }
}

// A model repository: its entry points, remote code, and what runs on load.
void write_repository(TextWriter& writer, const RepositorySummary& repo) {
  writer.note(fmt::format("model repository {}: {}, {} run on load, {}", repo.root,
                          plural(repo.entry_points.size(), "entry point"), plural(repo.files_on_load.size(), "file"),
                          plural(repo.remote_references.size(), "remote reference")));
  for (const auto& e : repo.entry_points) {
    std::string where = "by its name";
    if (!e.declared_in.empty() && e.position.line == 0) where = e.declared_in;
    else if (!e.declared_in.empty()) where = fmt::format("{}:{}:{} {}", e.declared_in, e.position.line, e.position.column, e.key);
    writer.line(fmt::format("  entry point ({}): {}, {}{}", e.kind, e.target, where, e.found ? "" : " (not in the repository)"));
  }
  for (const auto& r : repo.remote_references) {
    writer.line(fmt::format("  remote {}: {} {} ({}:{}:{})", r.kind, r.target, r.detail, r.declared_in, r.position.line,
                            r.position.column));
  }
  const auto& n = repo.on_load_findings;
  writer.line(fmt::format("  on-load findings: {} critical, {} high, {} medium, {} low",
                          n[static_cast<int>(Severity::critical)], n[static_cast<int>(Severity::high)],
                          n[static_cast<int>(Severity::medium)], n[static_cast<int>(Severity::low)]));
}

void write_diagnostic(TextWriter& writer, const Diagnostic& diagnostic) {
  writer.header(diagnostic.file, diagnostic.position, diagnostic.level, diagnostic.message, diagnostic.code);
  writer.source(diagnostic.snippet, Range{diagnostic.position, diagnostic.position});
}

// "note: skipped 3 files", then one line per reason: "  <reason> (<count>): a, b (detail)".
// A detail shared by the whole group is given once, after the count, not after each file.
void write_skipped(TextWriter& writer, const std::vector<SkippedFile>& skipped) {
  writer.note(fmt::format("skipped {}", plural(skipped.size(), "file")));
  for (SkipReason reason : all_skip_reasons) {
    std::vector<const SkippedFile*> group;
    for (const SkippedFile& file : skipped) {
      if (file.reason == reason) group.push_back(&file);
    }
    if (group.empty()) continue;
    const bool shared_detail = std::ranges::all_of(group, [&](const SkippedFile* file) {
      return file->detail == group.front()->detail;
    });
    std::string heading = fmt::format("{} ({}", skip_reason_label(reason), group.size());
    if (shared_detail && !group.front()->detail.empty()) heading += fmt::format("; {}", group.front()->detail);
    std::string files;
    for (const SkippedFile* file : group) {
      if (!files.empty()) files += ", ";
      files += file->file;
      if (!shared_detail && !file->detail.empty()) files += fmt::format(" ({})", file->detail);
    }
    writer.line(fmt::format("  {}): {}", heading, files));
  }
}

// "weights: 3 files read: 1 dangerous, 1 unknown, 1 safe-format" (worst first), when any was.
void write_weights(TextWriter& writer, const std::vector<WeightsFile>& weights) {
  if (weights.empty()) return;
  std::array<std::size_t, 5> by_verdict{};  // indexed by WeightsVerdict
  for (const WeightsFile& w : weights) ++by_verdict.at(static_cast<std::size_t>(w.verdict));
  std::string counts;
  for (std::size_t v = by_verdict.size(); v-- > 0;) {
    if (by_verdict[v] == 0) continue;
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", by_verdict[v], to_string(static_cast<WeightsVerdict>(v)));
  }
  writer.line(fmt::format("weights: {} read: {}", plural(weights.size(), "file"), counts));
}

// "3 findings (1 critical, 1 high, 1 medium, 0 low); 4 files analysed, 5 skipped, 1 with errors"
std::string summary_line(const ScanResult& result) {
  std::array<std::size_t, 4> by_severity{};  // indexed by Severity
  for (const Finding& finding : result.findings) ++by_severity.at(static_cast<std::size_t>(finding.severity));
  std::set<std::string_view> files_with_errors;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.level == DiagnosticLevel::error) files_with_errors.insert(diagnostic.file);
  }
  auto count = [&](Severity s) { return by_severity.at(static_cast<std::size_t>(s)); };
  std::string line = fmt::format("{} ({} critical, {} high, {} medium, {} low); {} analysed, {} skipped, {} with errors",
                                 plural(result.findings.size(), "finding"), count(Severity::critical),
                                 count(Severity::high), count(Severity::medium), count(Severity::low),
                                 plural(result.analysed.size(), "file"), result.skipped.size(), files_with_errors.size());
  // Silenced findings are not shown, but never silently: "; 2 silenced by # nosec".
  if (!result.suppressed.empty()) line += fmt::format("; {} silenced by # nosec", result.suppressed.size());
  return line;
}

}  // namespace

void write_text(std::ostream& out, const ScanResult& result, const TextOptions& options) {
  TextWriter writer(out, options.color);

  // Findings that run when a model loads come first (the scanner puts them there); then the
  // rest and the diagnostics, each sorted by file and position, merged so the output reads
  // in source order, a diagnostic first when both start at the same place.
  const auto& findings = result.findings;
  const auto& diagnostics = result.diagnostics;
  std::size_t next_finding = 0;
  std::size_t next_diagnostic = 0;
  while (next_finding < findings.size() && findings[next_finding].on_load == OnLoad::yes) {
    write_finding(writer, findings[next_finding++]);
  }
  while (next_finding < findings.size() || next_diagnostic < diagnostics.size()) {
    const bool diagnostic_next =
        next_diagnostic < diagnostics.size() &&
        (next_finding == findings.size() ||
         std::tie(diagnostics[next_diagnostic].file, diagnostics[next_diagnostic].position) <=
             std::tie(findings[next_finding].file, findings[next_finding].range.start));
    if (diagnostic_next) {
      write_diagnostic(writer, diagnostics[next_diagnostic++]);
    } else {
      write_finding(writer, findings[next_finding++]);
    }
  }

  if (options.show_skipped && !result.skipped.empty()) write_skipped(writer, result.skipped);
  for (const RepositorySummary& repo : result.repositories) write_repository(writer, repo);
  write_weights(writer, result.weights);
  writer.line(summary_line(result));
}

}  // namespace warden
