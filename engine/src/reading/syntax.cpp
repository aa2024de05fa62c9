#include "syntax.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace warden::detail {
namespace {

// Enum spellings carry a trailing '_' where the grammar's name is a C++ keyword.
std::string_view grammar_name(std::string_view spelling) {
  if (!spelling.empty() && spelling.back() == '_') spelling.remove_suffix(1);
  return spelling;
}

constexpr std::string_view kKindNames[] = {
#define WARDEN_KIND_NAME(name) #name,
    WARDEN_PY_KINDS(WARDEN_KIND_NAME)
#undef WARDEN_KIND_NAME
};
constexpr std::string_view kFieldNames[] = {
#define WARDEN_FIELD_NAME(name) #name,
    WARDEN_PY_FIELDS(WARDEN_FIELD_NAME)
#undef WARDEN_FIELD_NAME
};

}  // namespace

const PythonGrammar& PythonGrammar::get() {
  static const PythonGrammar grammar;
  return grammar;
}

PythonGrammar::PythonGrammar() : language_(tree_sitter_python()) {
  if (ts_language_version(language_) > TREE_SITTER_LANGUAGE_VERSION ||
      ts_language_version(language_) < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) {
    throw std::runtime_error("tree-sitter-python's ABI does not match the tree-sitter library");
  }
  // Map every symbol (aliases included) by name, so kind() is one table lookup per node.
  kinds_size_ = ts_language_symbol_count(language_);
  kinds_ = std::make_unique<Kind[]>(kinds_size_);
  for (std::uint32_t symbol = 0; symbol < kinds_size_; ++symbol) {
    const auto sym = static_cast<TSSymbol>(symbol);
    Kind kind = Kind::other;
    if (ts_language_symbol_type(language_, sym) == TSSymbolTypeRegular) {
      const std::string_view name = ts_language_symbol_name(language_, sym);
      by_name_[name].push_back(sym);
      for (std::size_t i = 0; i < std::size(kKindNames); ++i) {
        if (grammar_name(kKindNames[i]) == name) {
          kind = static_cast<Kind>(i);
          break;
        }
      }
    }
    kinds_[symbol] = kind;
  }
  for (std::size_t i = 0; i < std::size(kFieldNames); ++i) {
    const std::string_view name = grammar_name(kFieldNames[i]);
    fields_[i] = ts_language_field_id_for_name(language_, name.data(), static_cast<std::uint32_t>(name.size()));
  }
}

const std::vector<TSSymbol>& PythonGrammar::symbols_named(std::string_view type) const {
  static const std::vector<TSSymbol> none;
  const auto it = by_name_.find(type);
  return it == by_name_.end() ? none : it->second;
}

PythonParser::PythonParser() : parser_(ts_parser_new()) {
  if (parser_ == nullptr || !ts_parser_set_language(parser_, PythonGrammar::get().language())) {
    throw std::runtime_error("cannot create a tree-sitter parser for Python");
  }
}

PythonParser::~PythonParser() { ts_parser_delete(parser_); }

void PythonParser::set_timeout_micros(std::uint64_t micros) noexcept { ts_parser_set_timeout_micros(parser_, micros); }

Tree PythonParser::parse(std::string_view text) {
  Tree tree(ts_parser_parse_string(parser_, nullptr, text.data(), static_cast<std::uint32_t>(text.size())));
  if (!tree) ts_parser_reset(parser_);  // timed out: leave the parser ready for the next file
  return tree;
}

namespace {

// Decodes the body of a plain (non-f) string literal's content, handling the common escapes.
void append_unescaped(std::string& out, std::string_view body, bool raw) {
  if (raw) {
    out.append(body);
    return;
  }
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\' || i + 1 == body.size()) {
      out.push_back(c);
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case '0': out.push_back('\0'); break;
      case '\\': out.push_back('\\'); break;
      case '\'': out.push_back('\''); break;
      case '"': out.push_back('"'); break;
      case '\n': break;  // line continuation inside the literal
      default:
        out.push_back('\\');
        out.push_back(e);
    }
  }
}

}  // namespace

namespace {

// A `string` node's value; with `tail`, an interpolation clears what came before it (the
// value is then the text after the last one), else it gives nullopt.
std::optional<std::string> string_value(TSNode node, std::string_view source, bool tail, bool& complete) {
  std::string value;
  bool raw = false, format = false;
  for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
    const TSNode part = ts_node_named_child(node, i);
    switch (kind_of(part)) {
      case Kind::string_start: {
        const std::string_view start = text_of(part, source);
        for (const char c : start) {
          if (c == 'f' || c == 'F') format = true;  // computed only if it interpolates (below)
          if (c == 'r' || c == 'R') raw = true;
        }
        break;
      }
      case Kind::string_content: {
        const std::string_view content = text_of(part, source);
        if (!format) {
          append_unescaped(value, content, raw);
          break;
        }
        std::string unbraced;  // in an f-string, {{ and }} stand for { and }
        for (std::size_t k = 0; k < content.size(); ++k) {
          unbraced.push_back(content[k]);
          if ((content[k] == '{' || content[k] == '}') && k + 1 < content.size() && content[k + 1] == content[k]) ++k;
        }
        append_unescaped(value, unbraced, raw);
        break;
      }
      case Kind::escape_sequence: append_unescaped(value, text_of(part, source), false); break;
      case Kind::interpolation:
        if (!tail) return std::nullopt;
        value.clear();
        complete = false;
        break;
      default: break;
    }
  }
  return value;
}

// string_literal and string_literal_tail: the parts of a concatenation joined.
std::optional<std::string> literal_text(TSNode node, std::string_view source, bool tail, bool& complete) {
  const Kind kind = kind_of(node);
  if (kind == Kind::string) return string_value(node, source, tail, complete);
  if (kind != Kind::concatenated_string) return std::nullopt;
  std::string joined;
  for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
    const TSNode part = ts_node_named_child(node, i);
    if (kind_of(part) != Kind::string) return std::nullopt;
    bool part_complete = true;
    auto value = string_value(part, source, tail, part_complete);
    if (!value) return std::nullopt;
    if (!part_complete) {
      joined.clear();
      complete = false;
    }
    joined += *value;
  }
  return joined;
}

}  // namespace

std::optional<std::string> string_literal(TSNode node, std::string_view source) {
  bool complete = true;
  return literal_text(node, source, false, complete);
}

std::optional<LiteralTail> string_literal_tail(TSNode node, std::string_view source) {
  LiteralTail out;
  auto text = literal_text(node, source, true, out.complete);
  if (!text) return std::nullopt;
  out.text = std::move(*text);
  return out;
}

bool is_bytes_literal(TSNode node, std::string_view source) {
  while (kind_of(node) == Kind::concatenated_string) {
    if (ts_node_named_child_count(node) == 0) return false;
    node = ts_node_named_child(node, 0);
  }
  if (kind_of(node) != Kind::string || ts_node_named_child_count(node) == 0) return false;
  for (const char c : text_of(ts_node_named_child(node, 0), source)) {
    if (c == 'b' || c == 'B') return true;
  }
  return false;
}

bool is_str_constant(TSNode node, std::string_view source) {
  while (kind_of(node) == Kind::parenthesized_expression && ts_node_named_child_count(node) == 1) {
    node = ts_node_named_child(node, 0);
  }
  const auto plain = [&](TSNode part) {
    if (kind_of(part) != Kind::string || ts_node_named_child_count(part) == 0) return false;
    for (const char c : text_of(ts_node_named_child(part, 0), source)) {  // string_start: prefix and quote
      if (c == 'f' || c == 'F' || c == 'b' || c == 'B') return false;
    }
    return true;
  };
  if (kind_of(node) != Kind::concatenated_string) return plain(node);
  const std::uint32_t n = ts_node_named_child_count(node);
  if (n == 0) return false;
  for (std::uint32_t i = 0; i < n; ++i) {
    const TSNode part = ts_node_named_child(node, i);
    if (kind_of(part) != Kind::comment && !plain(part)) return false;
  }
  return true;
}

bool is_literal(TSNode node, std::string_view source) {
  // Iterative, so deeply nested containers cannot exhaust the stack.
  std::vector<TSNode> pending{node};
  while (!pending.empty()) {
    const TSNode current = pending.back();
    pending.pop_back();
    switch (kind_of(current)) {
      case Kind::string:
      case Kind::concatenated_string:
        if (!string_literal(current, source)) return false;
        break;
      case Kind::integer:
      case Kind::float_:
      case Kind::true_:
      case Kind::false_:
      case Kind::none:
        break;
      case Kind::unary_operator:  // -1, +2.0
        pending.push_back(child(current, Field::argument));
        break;
      case Kind::parenthesized_expression:
      case Kind::tuple:
      case Kind::list:
      case Kind::set:
      case Kind::dictionary:
      case Kind::pair:
        for (std::uint32_t i = 0, n = ts_node_named_child_count(current); i < n; ++i) {
          const TSNode c = ts_node_named_child(current, i);
          if (kind_of(c) != Kind::comment) pending.push_back(c);
        }
        break;
      default:
        return false;
    }
  }
  return true;
}

std::optional<double> number_value(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c != '_') digits.push_back(c);
  }
  if (digits.empty() || digits.back() == 'j' || digits.back() == 'J') return std::nullopt;  // complex
  int base = 10;
  std::size_t skip = 0;
  if (digits.size() > 2 && digits[0] == '0') {
    const char p = static_cast<char>(digits[1] | 0x20);
    if (p == 'x') base = 16;
    if (p == 'o') base = 8;
    if (p == 'b') base = 2;
    if (base != 10) skip = 2;
  }
  if (base == 10 && digits.find_first_of(".eE") != std::string::npos) {
    char* end = nullptr;
    const double value = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size()) return std::nullopt;
    return value;
  }
  double value = 0;
  for (std::size_t i = skip; i < digits.size(); ++i) {
    const char c = static_cast<char>(digits[i] | 0x20);
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
    if (digit >= base) return std::nullopt;
    value = value * base + digit;
  }
  return value;
}

std::optional<bool> truthiness(TSNode node, std::string_view source) {
  // Unwrap parentheses and sign operators: (x), -x and +x are as true as x.
  for (;;) {
    const Kind kind = kind_of(node);
    if (kind == Kind::parenthesized_expression && ts_node_named_child_count(node) == 1) {
      node = ts_node_named_child(node, 0);
    } else if (kind == Kind::unary_operator) {
      const std::string_view op = text_of(child(node, Field::operator_), source);
      if (op != "-" && op != "+") return std::nullopt;
      node = child(node, Field::argument);
    } else {
      break;
    }
  }
  switch (kind_of(node)) {
    case Kind::true_: return true;
    case Kind::false_:
    case Kind::none: return false;
    case Kind::integer:
    case Kind::float_: {
      const auto value = number_value(text_of(node, source));
      if (!value) return std::nullopt;
      return *value != 0;
    }
    case Kind::string:
    case Kind::concatenated_string: {
      auto value = string_literal(node, source);
      if (!value) return std::nullopt;
      return !value->empty();
    }
    case Kind::tuple:
    case Kind::list:
    case Kind::dictionary:
      if (!is_literal(node, source)) return std::nullopt;
      return ts_node_named_child_count(node) > 0;
    default: return std::nullopt;
  }
}

std::optional<std::string> constant_text(TSNode node, std::string_view source) {
  switch (kind_of(node)) {
    case Kind::string:
    case Kind::concatenated_string: {
      const auto value = string_literal(node, source);
      if (!value) return std::nullopt;
      std::string out = is_bytes_literal(node, source) ? "b'" : "'";
      for (const char c : *value) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
      }
      out.push_back('\'');
      return out;
    }
    case Kind::integer:
    case Kind::float_: {
      // By value: 0o777 equals 511, 1.50 equals 1.5.
      const auto value = number_value(text_of(node, source));
      if (!value) return std::string(text_of(node, source));
      return fmt::format("{}", *value);
    }
    case Kind::true_: return std::string("True");
    case Kind::false_: return std::string("False");
    case Kind::none: return std::string("None");
    case Kind::unary_operator: {
      const auto operand = constant_text(child(node, Field::argument), source);
      const std::string_view op = text_of(child(node, Field::operator_), source);
      if (!operand || (op != "-" && op != "+")) return std::nullopt;
      if (op == "+" || *operand == "0") return operand;
      return operand->front() == '-' ? operand->substr(1) : "-" + *operand;
    }
    case Kind::parenthesized_expression:
      if (ts_node_named_child_count(node) != 1) return std::nullopt;
      return constant_text(ts_node_named_child(node, 0), source);
    default: return std::nullopt;
  }
}

Range range_of(const SourceFile& source, TSNode node) {
  const TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
  return {source.position_at(start.row, start.column), source.position_at(end.row, end.column)};
}

}  // namespace warden::detail
