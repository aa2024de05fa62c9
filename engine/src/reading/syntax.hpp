// A thin layer over tree-sitter-python: node kinds as an enum, field lookups by id, and the
// per-thread parser. Kinds and fields are resolved once per process, not per node.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "source.hpp"

extern "C" const TSLanguage* tree_sitter_python(void);

namespace warden::detail {

// The node kinds the engine looks at; everything else is Kind::other.
#define WARDEN_PY_KINDS(X)                                                                      \
  X(module) X(identifier) X(attribute) X(call) X(argument_list) X(keyword_argument)            \
  X(list_splat) X(dictionary_splat) X(string) X(string_content) X(string_start) X(string_end)  \
  X(escape_sequence) X(interpolation) X(concatenated_string) X(integer) X(float_) X(true_)     \
  X(false_) X(none) X(tuple) X(list) X(set) X(dictionary) X(pair) X(parenthesized_expression)  \
  X(unary_operator) X(binary_operator) X(expression_statement) X(assignment)                   \
  X(augmented_assignment) X(named_expression) X(pattern_list) X(tuple_pattern) X(list_pattern) \
  X(list_splat_pattern) X(expression_list)                                                     \
  X(import_statement) X(import_from_statement) X(future_import_statement) X(aliased_import)     \
  X(dotted_name) X(relative_import) X(import_prefix) X(wildcard_import)                        \
  X(function_definition) X(class_definition) X(decorated_definition) X(decorator)              \
  X(parameters) X(lambda_parameters) X(lambda) X(default_parameter) X(typed_parameter)         \
  X(typed_default_parameter) X(dictionary_splat_pattern)           \
  X(global_statement) X(nonlocal_statement) X(for_statement) X(for_in_clause) X(with_item)     \
  X(as_pattern) X(as_pattern_target) X(except_clause) X(list_comprehension)                    \
  X(set_comprehension) X(dictionary_comprehension) X(generator_expression) X(block)            \
  X(comment) X(subscript) X(delete_statement) X(return_statement) X(yield) X(if_statement)      \
  X(elif_clause) X(else_clause) X(not_operator) X(comparison_operator)

enum class Kind : std::uint8_t {
#define WARDEN_KIND_ENUM(name) name,
  WARDEN_PY_KINDS(WARDEN_KIND_ENUM)
#undef WARDEN_KIND_ENUM
  error,    // tree-sitter's ERROR node
  other,
};

#define WARDEN_PY_FIELDS(X)                                                                    \
  X(function) X(arguments) X(object) X(attribute) X(name) X(value) X(alias) X(module_name)     \
  X(left) X(right) X(body) X(parameters) X(superclasses) X(definition) X(operator_) X(argument) \
  X(condition) X(consequence) X(alternative)

enum class Field : std::uint8_t {
#define WARDEN_FIELD_ENUM(name) name,
  WARDEN_PY_FIELDS(WARDEN_FIELD_ENUM)
#undef WARDEN_FIELD_ENUM
  count_
};

// Process-wide tables for the compiled-in Python grammar.
class PythonGrammar {
 public:
  static const PythonGrammar& get();
  const TSLanguage* language() const noexcept { return language_; }
  Kind kind(TSNode node) const noexcept {
    const TSSymbol symbol = ts_node_symbol(node);
    return symbol < kinds_size_ ? kinds_[symbol] : Kind::error;
  }
  TSFieldId field(Field f) const noexcept { return fields_[static_cast<std::size_t>(f)]; }
  // Every visible symbol with this node type name (aliases included); empty when none.
  const std::vector<TSSymbol>& symbols_named(std::string_view type) const;
  std::uint32_t symbol_count() const noexcept { return kinds_size_; }

 private:
  PythonGrammar();
  const TSLanguage* language_;
  std::unique_ptr<Kind[]> kinds_;
  std::uint32_t kinds_size_ = 0;
  TSFieldId fields_[static_cast<std::size_t>(Field::count_)] = {};
  std::unordered_map<std::string_view, std::vector<TSSymbol>> by_name_;
};

inline Kind kind_of(TSNode node) noexcept { return PythonGrammar::get().kind(node); }
inline TSNode child(TSNode node, Field f) noexcept {
  return ts_node_child_by_field_id(node, PythonGrammar::get().field(f));
}
inline std::string_view text_of(TSNode node, std::string_view source) noexcept {
  const std::uint32_t begin = ts_node_start_byte(node), end = ts_node_end_byte(node);
  if (begin > end || end > source.size()) return {};
  return source.substr(begin, end - begin);
}

// What a visitor of for_each_node wants next.
enum class Walk : std::uint8_t { descend, skip_children, stop };

// Calls visit(node) for `root` and every node below it, in source order (preorder), with a
// cursor: no recursion, so deeply nested input cannot exhaust the stack. A visitor may return
// a Walk to skip a node's children or stop; one returning void sees every node.
template <typename Visit>
void for_each_node(TSNode root, Visit&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (bool more = true; more;) {
    Walk next = Walk::descend;
    if constexpr (std::is_void_v<decltype(visit(root))>) {
      visit(ts_tree_cursor_current_node(&cursor));
    } else {
      next = visit(ts_tree_cursor_current_node(&cursor));
    }
    if (next == Walk::stop) break;
    if (next == Walk::descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        more = false;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
}

struct TreeDeleter {
  void operator()(TSTree* tree) const noexcept { ts_tree_delete(tree); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

// One parser per worker thread (tree-sitter parsers are not thread-safe).
class PythonParser {
 public:
  PythonParser();
  ~PythonParser();
  PythonParser(const PythonParser&) = delete;
  PythonParser& operator=(const PythonParser&) = delete;

  // Null when parsing exceeded the time limit (pathological input).
  Tree parse(std::string_view text);
  void set_timeout_micros(std::uint64_t micros) noexcept;

 private:
  TSParser* parser_;
};

// Literal evaluation without running anything: the value of a string literal (prefixes r, b,
// u, f handled; an f-string that interpolates anything gives nullopt).
std::optional<std::string> string_literal(TSNode node, std::string_view source);
// The literal text a string ends with: all of it for a literal without interpolation
// (`complete`), else what follows an f-string's last interpolation (f"{root}/a.pt": "/a.pt"),
// across the parts of a concatenation. nullopt when `node` is not a string.
struct LiteralTail {
  std::string text;
  bool complete = true;
};
std::optional<LiteralTail> string_literal_tail(TSNode node, std::string_view source);
// Whether a string literal is a bytes literal (b'...').
bool is_bytes_literal(TSNode node, std::string_view source);
// Whether `node` is what Python's parser makes a str constant: a plain or raw string literal,
// or a concatenation of them, in parentheses too (not bytes, not an f-string).
bool is_str_constant(TSNode node, std::string_view source);
// True for constants and containers of constants: strings without interpolation, numbers,
// True/False/None, and tuples/lists/sets/dicts of those.
bool is_literal(TSNode node, std::string_view source);
// The value of an int or float literal's text (underscores, 0x/0o/0b prefixes); nullopt for
// complex literals and malformed text.
std::optional<double> number_value(std::string_view text);
// Python truthiness of a constant expression; nullopt when not a constant.
std::optional<bool> truthiness(TSNode node, std::string_view source);

// A constant's canonical text for `=` comparisons: a string's value in single quotes with
// only ' and \ escaped (b'...' for bytes), a number by value, True/False/None.
std::optional<std::string> constant_text(TSNode node, std::string_view source);

// The range of a node, in the file's positions.
Range range_of(const SourceFile& source, TSNode node);


}  // namespace warden::detail
