// A rule's message template, read the one way lowering checks it and reports fill it in:
// `{NAME}` is a placeholder (`{callee}`, `{$X}`, ...), `{{` a literal '{' and `}}` a literal '}'.
// A '}' on its own, or a '{' that nothing closes, is kept as written (lowering rejects both).
#pragma once

#include <cstddef>
#include <string_view>

namespace warden::detail {

// One piece of a template: literal text, or a placeholder (`text` is its name, without braces).
// [begin, end) is where it lies in the template (a placeholder's braces included).
struct TemplatePiece {
  enum class Kind : unsigned char { text, placeholder, stray_close, unclosed_open };
  Kind kind = Kind::text;
  std::string_view text;  // text: what it stands for ("{" for `{{`); placeholder: the name
  std::size_t begin = 0, end = 0;
};

// Calls `visit(const TemplatePiece&)` for each piece of `templ`, in order. A stray '}' and an
// unclosed '{' come as their own kinds, with `text` the character as written.
template <typename Visit>
void for_each_template_piece(std::string_view templ, Visit&& visit) {
  std::size_t i = 0;
  while (i < templ.size()) {
    const std::size_t special = templ.find_first_of("{}", i);
    if (special == std::string_view::npos) {
      visit(TemplatePiece{TemplatePiece::Kind::text, templ.substr(i), i, templ.size()});
      return;
    }
    if (special > i) visit(TemplatePiece{TemplatePiece::Kind::text, templ.substr(i, special - i), i, special});
    const char c = templ[special];
    if (special + 1 < templ.size() && templ[special + 1] == c) {  // `{{` or `}}`
      visit(TemplatePiece{TemplatePiece::Kind::text, templ.substr(special, 1), special, special + 2});
      i = special + 2;
    } else if (c == '}') {
      visit(TemplatePiece{TemplatePiece::Kind::stray_close, templ.substr(special, 1), special, special + 1});
      i = special + 1;
    } else if (const std::size_t close = templ.find('}', special); close == std::string_view::npos) {
      visit(TemplatePiece{TemplatePiece::Kind::unclosed_open, templ.substr(special, 1), special, special + 1});
      i = special + 1;
    } else {
      visit(TemplatePiece{TemplatePiece::Kind::placeholder, templ.substr(special + 1, close - special - 1), special,
                          close + 1});
      i = close + 1;
    }
  }
}

}  // namespace warden::detail
