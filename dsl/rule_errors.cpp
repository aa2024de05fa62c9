// Rule-file errors printed as clang prints diagnostics:
//   file:line:col: error: message
//   <the source line>
//   <padding>^
// The padding copies the line's tabs so the caret lines up under the column in any editor.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "rule_ast.hpp"
#include "utf8.hpp"
#include "warden/rules.hpp"

namespace warden {

std::string format_rule_errors(const std::vector<RuleFileError>& errors) {
  std::string out;
  for (const RuleFileError& e : errors) {
    // Line 0: the whole file; column 0: the line is known, the column is not (libyara's
    // errors), so no caret.
    out += e.file;
    if (e.position.line > 0) out += ':' + std::to_string(e.position.line);
    if (e.position.line > 0 && e.position.column > 0) out += ':' + std::to_string(e.position.column);
    out += ": error: ";
    out += e.message;
    out += '\n';
    if (e.position.line == 0) continue;
    out += e.source_line;
    out += '\n';
    if (e.position.column == 0) continue;
    const std::string_view line = e.source_line;
    const std::size_t before = detail::byte_offset_of_column(line, e.position.column);
    for (std::size_t i = 0; i < before; ++i) {
      if (detail::is_utf8_continuation(line[i])) continue;
      out += line[i] == '\t' ? '\t' : ' ';
    }
    // A column past the end of the line (e.g. just after its last character) is padded on.
    std::uint32_t shown = detail::code_point_count(line.substr(0, before)) + 1;
    for (; shown < e.position.column; ++shown) out += ' ';
    out += "^\n";
  }
  return out;
}

}  // namespace warden

namespace warden::dsl {

std::string_view line_at(std::string_view text, std::uint32_t line) {
  for (std::uint32_t l = 1; l < line; ++l) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) return {};
    text.remove_prefix(nl + 1);
  }
  return text.substr(0, text.find('\n'));
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known) {
  std::string_view best;
  std::size_t best_distance = 0;
  for (const std::string_view k : known) {
    const std::size_t d = edit_distance(word, k);
    if (best.empty() || d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  // Only a near miss: at most 2 edits, and fewer than half the word's length.
  if (best.empty() || best_distance > 2 || best_distance * 2 >= std::max(word.size(), best.size())) return {};
  return " (did you mean '" + std::string(best) + "'?)";
}

RuleFileError error_at(const RuleFile& file, Position pos, std::string message) {
  return {file.path, pos, std::move(message), std::string(line_at(file.text, pos.line))};
}

}  // namespace warden::dsl
