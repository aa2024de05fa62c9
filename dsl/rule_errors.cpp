// Rule-file errors printed as clang prints diagnostics:
//   file:line:col: error: message
//   <the source line>
//   <padding>^
// The padding copies the line's tabs so the caret lines up under the column in any editor.
#include <string>
#include <vector>

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
