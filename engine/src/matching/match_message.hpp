// The message of a formula rule's finding, from its template and what the formula matched.
#pragma once

#include <string>
#include <string_view>

#include "evaluate.hpp"

namespace warden::detail {

// Fills a message template: {callee} is the matched call's callee, {$X} the code bound to $X
// (one line, shortened); `{{` and `}}` are literal braces (message_template.hpp). Unknown
// placeholders stay as written (lowering rejects them).
std::string render_message(std::string_view templ, const FormulaMatch& match, std::string_view source);

}  // namespace warden::detail
