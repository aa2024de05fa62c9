#include "match_message.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "message_template.hpp"
#include "pattern.hpp"
#include "syntax.hpp"

namespace warden::detail {

std::string render_message(std::string_view templ, const FormulaMatch& match, std::string_view source) {
  std::string out;
  for_each_template_piece(templ, [&](const TemplatePiece& piece) {
    if (piece.kind != TemplatePiece::Kind::placeholder) {
      out.append(piece.text);
      return;
    }
    const std::string_view name = piece.text;
    std::string value;
    bool known = false;
    if (name.starts_with("decoded") || name == "yara.rule") {
      if (match.decoded && match.decoded->value) {
        if (name == "decoded") value = excerpt(*match.decoded->value, 60);
        else if (name == "decoded.chain") value = decoding_chain_text(match.decoded->value->chain);
        else if (name == "decoded.kind") value = match.decoded->kind;
        else if (name == "decoded.size") value = std::to_string(match.decoded->value->bytes.size());
        else if (!match.decoded->signatures.empty()) value = match.decoded->signatures.front();
        known = (name != "yara.rule" || !match.decoded->signatures.empty()) && (name != "decoded.kind" || !match.decoded->kind.empty());
      }
    } else if (name.starts_with("oct($") && name.ends_with(")")) {
      // Python's oct() of what `where int($X)` read: 0o777, -0o1.
      const std::string_view metavar = name.substr(4, name.size() - 5);
      for (const auto& [var, number] : match.integers) {
        if (var != metavar) continue;
        value = fmt::format("{}0o{:o}", number < 0 ? "-" : "", number < 0 ? -static_cast<std::uint64_t>(number) : static_cast<std::uint64_t>(number));
        known = true;
      }
    } else if (name.starts_with("str($") && name.ends_with(")")) {
      // A string constant's value (Python's str() of it); other code as written.
      if (const Binding* b = find_binding(match.bindings, name.substr(4, name.size() - 5))) {
        std::optional<std::string> text;
        if (!ts_node_is_null(b->first) && ts_node_eq(b->first, b->last)) text = string_literal(b->first, source);
        value = text ? *text : std::string(binding_text(*b, source));
        value = value.substr(0, value.find('\n'));
        if (value.size() > 60) value = value.substr(0, 57) + "...";
        known = true;
      }
    } else if (name == "imported" && match.imported) {
      value = *match.imported;
      known = true;
    } else if (name == "callee" && match.callee) {
      std::string_view callee = match.callee->name;
      if (callee.starts_with("builtins.")) callee.remove_prefix(9);
      value = callee;
      known = true;
    } else if (const Binding* b = name.starts_with('$') ? find_binding(match.bindings, name) : nullptr) {
      const std::string_view text = binding_text(*b, source);
      for (const char c : text.substr(0, text.find('\n'))) value.push_back(c);
      if (value.size() > 60 || value.size() < text.size()) value = value.substr(0, 57) + "...";
      known = true;
    }
    out.append(known ? value : std::string(templ.substr(piece.begin, piece.end - piece.begin)));
  });
  return out;
}

}  // namespace warden::detail
