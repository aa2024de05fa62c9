// Code patterns: compile (metavariable substitution, tree-sitter parse, conversion into an
// immutable node table) and match (structural comparison against a scanned file's tree).
//
// Compiled form. A pattern is a table of PNodes; each has an operation saying how it matches:
//   token      an anonymous token of a generic node (an operator, a keyword): equal symbol
//   leaf       a named node without children: equal symbol and text
//   node       any other node: equal symbol, children (named and anonymous, extras skipped)
//              matched one to one, in order
//   sequence   a container (list, tuple, set, dict, parameters, block, ...): named children,
//              `...` and $...X match runs
//   arguments  an argument list: as sequence, plus keyword arguments by name in any order
//   metavar    $X: any one node, bound
//   seq_metavar $...X: a run of items in a container (one node elsewhere), bound
//   ellipsis   `...`: a run of items in a container, any node elsewhere
//   dotted     a name or attribute chain of plain identifiers in an expression position,
//              compared by qualified name through the module model
//   string     a plain string literal: by value ('a' matches "a"); "..." matches any string
//   number     an integer or float: by normalized value
//   stmt_seq   the root of a pattern of several statements
//
// Recursion: matching recurses on the pattern only (each step goes one pattern item further,
// in continuation-passing style: a step calls what follows it), so its depth is bounded by the
// pattern's size.
// Walks over the target (match_all, equality of bound code) are iterative.
#include "pattern.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>

namespace warden::detail {

namespace {

constexpr std::string_view kMetavarPrefix = "__wmv_";
constexpr std::string_view kSeqMetavarPrefix = "__wmvs_";
constexpr std::string_view kEllipsisName = "__wmve";
constexpr std::uint32_t kMaxPatternDepth = 400;

enum class Op : std::uint8_t {
  token,
  leaf,
  node,
  sequence,
  arguments,
  metavar,
  seq_metavar,
  ellipsis,
  dotted,
  string,
  any_string,
  number,
  stmt_seq,
};

bool is_wildcard(Op op) noexcept { return op == Op::metavar || op == Op::seq_metavar || op == Op::ellipsis; }
bool is_run(Op op) noexcept { return op == Op::seq_metavar || op == Op::ellipsis; }

struct PNode {
  Op op = Op::node;
  TSSymbol symbol = 0;
  bool bytes = false;              // string: a bytes literal; leaf: a string delimiter (' or " alike)
  bool skip_return_type = false;   // node: a def without `-> T` matches defs with one
  bool has_run = false;            // sequence/arguments: holds `...` or $...X
  std::uint32_t first = 0;         // children: kids[first, first + count)
  std::uint32_t count = 0;
  // leaf: its text; string: the value; number: normalized; metavar: "$X"/"$...X";
  // dotted: the qualified name; keyword_argument node: the keyword (empty when a metavariable)
  std::string text;
};

// ---------------------------------------------------------------------------------------------
// Text helpers

// Number literal text normalized for comparison: underscores dropped, lower case, integers in
// decimal when they fit 64 bits. Writes into `buffer`; returns the view (or the raw text when
// it does not fit).
std::string_view normalize_number(std::string_view text, std::array<char, 64>& buffer) noexcept {
  std::size_t n = 0;
  for (const char c : text) {
    if (c == '_') continue;
    if (n == buffer.size()) return text;
    buffer[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view digits(buffer.data(), n);
  unsigned base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o' || digits[1] == 'b')) {
    base = digits[1] == 'x' ? 16U : digits[1] == 'o' ? 8U : 2U;
    digits.remove_prefix(2);
  }
  std::uint64_t value = 0;
  for (const char c : digits) {
    unsigned d = 0;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else return std::string_view(buffer.data(), n);  // a float, complex or long: as written
    if (d >= base) return std::string_view(buffer.data(), n);
    if (value > (UINT64_MAX - d) / base) return std::string_view(buffer.data(), n);
    value = value * base + d;
  }
  if (digits.empty()) return std::string_view(buffer.data(), n);
  std::size_t len = 0;
  std::array<char, 24> reversed{};
  do {
    reversed[len++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (std::size_t i = 0; i < len; ++i) buffer[i] = reversed[len - 1 - i];
  return std::string_view(buffer.data(), len);
}

// Significant characters of Python code: whitespace, comments and line continuations outside
// string literals are skipped. Two pieces of code are "equal" when these sequences are.
class CodeChars {
 public:
  explicit CodeChars(std::string_view text) noexcept : s_(text) {}
  int next() noexcept {
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (quote_ != 0) {
        if (escaped_) {
          escaped_ = false;
          return static_cast<unsigned char>(c);
        }
        if (c == '\\') {
          escaped_ = true;
          return static_cast<unsigned char>(c);
        }
        if (c == quote_) {
          if (!triple_) {
            quote_ = 0;
          } else if (s_.size() - i_ >= 2 && s_[i_] == quote_ && s_[i_ + 1] == quote_) {
            i_ += 2;
            quote_ = 0;
          }
        }
        return static_cast<unsigned char>(c);
      }
      if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\\') continue;
      if (c == '\'' || c == '"') {
        quote_ = c;
        triple_ = s_.size() - i_ >= 2 && s_[i_] == c && s_[i_ + 1] == c;
        if (triple_) i_ += 2;
      }
      return static_cast<unsigned char>(c);
    }
    return -1;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
  char quote_ = 0;
  bool triple_ = false;
  bool escaped_ = false;
};

bool same_code(std::string_view a, std::string_view b) noexcept {
  CodeChars x(a), y(b);
  for (;;) {
    const int cx = x.next(), cy = y.next();
    if (cx != cy) return false;
    if (cx < 0) return true;
  }
}

std::string_view range_text(TSNode first, TSNode last, std::string_view source) noexcept {
  if (ts_node_is_null(first)) return {};
  const std::uint32_t begin = ts_node_start_byte(first), end = ts_node_end_byte(last);
  if (begin > end || end > source.size()) return {};
  return source.substr(begin, end - begin);
}

bool is_extra(TSNode node) noexcept { return ts_node_is_extra(node); }

// Named, non-extra children of `node`, through a cursor (ts_node_named_child is linear in the
// index, so a loop over it would be quadratic on long lists).
void named_children(TSNode node, std::vector<TSNode>& out) {
  out.clear();
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const TSNode c = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(c) && !is_extra(c)) out.push_back(c);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

// The one named non-extra child of a parenthesized expression, or null.
TSNode paren_inner(TSNode node) noexcept {
  TSNode inner{};
  const std::uint32_t n = ts_node_named_child_count(node);
  for (std::uint32_t i = 0; i < n; ++i) {
    const TSNode c = ts_node_named_child(node, i);
    if (is_extra(c)) continue;
    if (!ts_node_is_null(inner)) return TSNode{};
    inner = c;
  }
  return inner;
}

// Whether the dotted name `name` ends with the attribute chain of `target` (attributes from the
// end), leaving `base` at the chain's base. Used as a cheap filter before resolving: a
// resolved name is the base's name followed by the chain's attributes as written.
bool attributes_suffix(TSNode target, std::string_view source, std::string_view name, TSNode& base) noexcept {
  for (;;) {
    const Kind kind = kind_of(target);
    if (kind == Kind::parenthesized_expression) {
      target = paren_inner(target);
      if (ts_node_is_null(target)) return false;
      continue;
    }
    if (kind != Kind::attribute) break;
    const std::string_view attribute = text_of(child(target, Field::attribute), source);
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || name.substr(dot + 1) != attribute) return false;
    name = name.substr(0, dot);
    target = child(target, Field::object);
  }
  base = target;
  return true;
}

// `target` written exactly as the dotted name `name` (components compared, whitespace ignored).
bool dotted_text_equals(TSNode target, std::string_view source, std::string_view name) noexcept {
  for (;;) {
    const Kind kind = kind_of(target);
    if (kind == Kind::identifier) return text_of(target, source) == name;
    if (kind != Kind::attribute) return false;
    const std::string_view attribute = text_of(child(target, Field::attribute), source);
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || name.substr(dot + 1) != attribute) return false;
    name = name.substr(0, dot);
    target = child(target, Field::object);
  }
}

// The value of a plain string literal without allocating, when it is a single part without
// escapes; nullopt when the general decoder is needed.
std::optional<std::string_view> simple_string_value(TSNode node, std::string_view source, bool& bytes) noexcept {
  if (kind_of(node) != Kind::string) return std::nullopt;
  const std::uint32_t n = ts_node_named_child_count(node);
  if (n < 2 || n > 3) return std::nullopt;
  const TSNode start = ts_node_named_child(node, 0);
  if (kind_of(start) != Kind::string_start) return std::nullopt;
  bytes = false;
  for (const char c : text_of(start, source)) {
    if (c == 'f' || c == 'F') return std::nullopt;
    if (c == 'b' || c == 'B') bytes = true;
  }
  if (n == 2) return kind_of(ts_node_named_child(node, 1)) == Kind::string_end ? std::optional<std::string_view>("")
                                                                               : std::nullopt;
  const TSNode content = ts_node_named_child(node, 1);
  if (kind_of(content) != Kind::string_content || ts_node_child_count(content) != 0) return std::nullopt;
  const std::string_view text = text_of(content, source);
  if (text.find('\\') != std::string_view::npos) return std::nullopt;
  return text;
}

// String delimiters (`f'`, `"""`) equal up to the quote character; prefixes compared.
bool same_quotes(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] == '"' ? '\'' : a[i], y = b[i] == '"' ? '\'' : b[i];
    if (x != y) return false;
  }
  return true;
}

bool is_string_kind(Kind kind) noexcept { return kind == Kind::string || kind == Kind::concatenated_string; }

}  // namespace

// ---------------------------------------------------------------------------------------------

namespace {

// The compiled pattern (Pattern::Impl holds one; Impl itself is private to Pattern).
struct PatternData {
  std::vector<PNode> nodes;
  std::vector<std::uint32_t> kids;
  std::uint32_t root = 0;
  std::vector<std::string> metavariables;
  std::string root_type;
  std::vector<std::string> anchor_types;
  std::optional<std::string> callee;
  // Symbols the matcher needs (looked up once at compile).
  TSSymbol sym_identifier = 0, sym_attribute = 0, sym_call = 0, sym_keyword_argument = 0;
  TSSymbol sym_string = 0, sym_concatenated_string = 0, sym_generator_expression = 0;

  const PNode& node(std::uint32_t i) const noexcept { return nodes[i]; }
  std::uint32_t kid(const PNode& p, std::uint32_t i) const noexcept { return kids[p.first + i]; }
};

// ---------------------------------------------------------------------------------------------
// Matching
//
// Continuation-passing: each step gets `next`, what remains of the whole pattern after it, and
// calls it once per way it matches (in order) until `next` returns true. A step that returns
// false has tried every way; the caller restores the bindings to its checkpoint before trying
// its own next way.

using Next = FunctionRef<bool()>;

class Matcher {
 public:
  Matcher(const PatternData& impl, const MatchContext& context, Bindings& bindings) noexcept
      : impl_(impl), source_(context.source), model_(context.model), callees_(context.callees), bindings_(bindings) {}

  bool node(std::uint32_t index, TSNode target, bool at_root, Next next) {
    const PNode& p = impl_.node(index);
    switch (p.op) {
      case Op::ellipsis: return next();
      case Op::metavar:
      case Op::seq_metavar: {
        const std::size_t checkpoint = bindings_.size();
        if (bind(p.text, target, target) && next()) return true;
        bindings_.resize(checkpoint);
        return false;
      }
      default: break;
    }
    if (!at_root) {
      // Parentheses are transparent: the pattern holds none around a single expression.
      while (kind_of(target) == Kind::parenthesized_expression) {
        const TSNode inner = paren_inner(target);
        if (ts_node_is_null(inner)) break;
        target = inner;
      }
    }
    switch (p.op) {
      case Op::token: return !ts_node_is_named(target) && ts_node_symbol(target) == p.symbol && next();
      case Op::leaf:
        if (ts_node_symbol(target) != p.symbol) return false;
        return (p.bytes ? same_quotes(text_of(target, source_), p.text) : text_of(target, source_) == p.text) && next();
      case Op::number: {
        if (ts_node_symbol(target) != p.symbol) return false;
        std::array<char, 64> buffer{};
        return normalize_number(text_of(target, source_), buffer) == p.text && next();
      }
      case Op::any_string: return is_string_kind(kind_of(target)) && next();
      case Op::string: return string_equals(p, target) && next();
      case Op::dotted: return dotted(p, target) && next();
      case Op::node: return ts_node_symbol(target) == p.symbol && generic(p, target, 0, 0, next);
      case Op::sequence:
      case Op::arguments: {
        const TSSymbol symbol = ts_node_symbol(target);
        // `f(x for x in y)`: the generator is the call's whole argument list.
        const bool generator = p.op == Op::arguments && symbol == impl_.sym_generator_expression;
        if (symbol != p.symbol && !generator) return false;
        if (!p.has_run && p.op == Op::sequence && ts_node_named_child_count(target) < p.count) return false;
        Scratch scratch;
        std::vector<TSNode>& items = scratch.items();
        if (generator) items.assign(1, target);
        else named_children(target, items);
        if (p.op == Op::arguments) return arguments(p, items, next);
        return sequence(&impl_.kids[p.first], p.count, items.data(), items.size(), false, false, next);
      }
      case Op::stmt_seq: return false;  // only at the root, handled by match_statements
      default: return false;
    }
  }

  // A statement-sequence pattern against `items` starting at `start`: a prefix of the run.
  bool statements(const PNode& p, const std::vector<TSNode>& items, std::size_t start, Next next) {
    return sequence(&impl_.kids[p.first], p.count, items.data() + start, items.size() - start, true, false, next);
  }

 private:
  bool bind(const std::string& name, TSNode first, TSNode last) {
    for (const Binding& b : bindings_) {
      if (b.name == name) return same_code(range_text(b.first, b.last, source_), range_text(first, last, source_));
    }
    bindings_.push_back(Binding{name, first, last});
    return true;
  }

  bool string_equals(const PNode& p, TSNode target) {
    const TSSymbol symbol = ts_node_symbol(target);
    if (symbol != impl_.sym_string && symbol != impl_.sym_concatenated_string) return false;
    bool bytes = false;
    if (const auto simple = simple_string_value(target, source_, bytes)) return bytes == p.bytes && *simple == p.text;
    const auto value = string_literal(target, source_);
    return value && *value == p.text && is_bytes_literal(target, source_) == p.bytes;
  }

  bool dotted(const PNode& p, TSNode target) {
    const TSSymbol symbol = ts_node_symbol(target);
    if (symbol != impl_.sym_identifier && symbol != impl_.sym_attribute && symbol != impl_.sym_call) return false;
    TSNode base{};
    if (!attributes_suffix(target, source_, p.text, base)) return false;
    const Kind base_kind = kind_of(base);
    if (base_kind == Kind::call) {
      // Only __import__("m") / importlib.import_module("m") name a module.
      TSNode function = child(base, Field::function);
      if (kind_of(function) == Kind::attribute) function = child(function, Field::attribute);
      if (kind_of(function) != Kind::identifier) return false;
      const std::string_view name = text_of(function, source_);
      if (name != "__import__" && name != "import_module") return false;
    } else if (base_kind != Kind::identifier) {
      return false;
    }
    if (callees_ != nullptr) {
      if (const auto callee = callees_->callee_of_function(target)) return callee->name == p.text;
    }
    const auto resolved = model_.resolve(target, source_, model_.scope_at(ts_node_start_byte(target)));
    if (resolved) return resolved->name == p.text;
    // A local value (a variable, `self`): the code as written.
    return dotted_text_equals(target, source_, p.text);
  }

  // The children of `target` from its t-th against the pattern's from its k-th, one to one.
  bool generic(const PNode& p, TSNode target, std::uint32_t k, std::uint32_t t, Next next) {
    const std::uint32_t total = ts_node_child_count(target);
    for (; k < p.count; ++k, ++t) {
      TSNode c{};
      for (;;) {
        if (t >= total) return false;
        c = ts_node_child(target, t);
        if (is_extra(c)) {
          ++t;
          continue;
        }
        if (p.skip_return_type && !ts_node_is_named(c) && std::strcmp(ts_node_type(c), "->") == 0) {
          t += 2;  // `->` and the type
          continue;
        }
        break;
      }
      const std::uint32_t kid = impl_.kid(p, k);
      const PNode& item = impl_.node(kid);
      if (item.op == Op::token) {
        if (ts_node_is_named(c) || ts_node_symbol(c) != item.symbol) return false;
        continue;
      }
      if (!ts_node_is_named(c)) return false;
      if (k + 1 == p.count) {
        // The last child: what follows it in the target may only be extras.
        for (std::uint32_t rest = t + 1; rest < total; ++rest) {
          if (!is_extra(ts_node_child(target, rest))) return false;
        }
        return node(kid, c, false, next);
      }
      const std::uint32_t after_k = k + 1, after_t = t + 1;
      return node(kid, c, false, [&] { return generic(p, target, after_k, after_t, next); });
    }
    for (; t < total; ++t) {
      if (!is_extra(ts_node_child(target, t))) return false;
    }
    return next();
  }

  // What arguments() matches, for its steps: the pattern's keywords (by name) one by one, then
  // the positional items and runs against the target items no keyword took.
  struct ArgumentsState {
    const std::uint32_t* positional;
    std::uint32_t n_positional;
    const std::uint32_t* keywords;
    std::uint32_t n_keywords;
    const std::vector<TSNode>& items;
    std::vector<bool>& used;
    Next next;
  };

  bool arguments(const PNode& p, const std::vector<TSNode>& items, Next next) {
    // Keywords written in the pattern: found by name anywhere in the target, then removed.
    std::uint32_t positional[64];
    std::uint32_t keywords[64];
    std::uint32_t n_positional = 0, n_keywords = 0;
    for (std::uint32_t k = 0; k < p.count; ++k) {
      const std::uint32_t kid = impl_.kid(p, k);
      const PNode& item = impl_.node(kid);
      const bool keyword = item.op == Op::node && item.symbol == impl_.sym_keyword_argument && !item.text.empty();
      if (keyword) {
        if (n_keywords == std::size(keywords)) return false;
        keywords[n_keywords++] = kid;
      } else {
        if (n_positional == std::size(positional)) return false;
        positional[n_positional++] = kid;
      }
    }
    if (n_keywords == 0) return sequence(positional, n_positional, items.data(), items.size(), false, true, next);
    std::vector<bool> used(items.size(), false);
    const ArgumentsState state{positional, n_positional, keywords, n_keywords, items, used, next};
    return keyword_arguments(state, 0);
  }

  bool keyword_arguments(const ArgumentsState& s, std::uint32_t k) {
    if (k == s.n_keywords) {
      Scratch scratch;
      std::vector<TSNode>& rest = scratch.items();
      rest.clear();
      for (std::size_t i = 0; i < s.items.size(); ++i) {
        if (!s.used[i]) rest.push_back(s.items[i]);
      }
      return sequence(s.positional, s.n_positional, rest.data(), rest.size(), false, true, s.next);
    }
    const std::uint32_t kid = s.keywords[k];
    const std::string& name = impl_.node(kid).text;
    for (std::size_t i = 0; i < s.items.size(); ++i) {
      if (s.used[i] || kind_of(s.items[i]) != Kind::keyword_argument) continue;
      if (text_of(child(s.items[i], Field::name), source_) != name) continue;
      s.used[i] = true;
      const bool matched = node(kid, s.items[i], false, [&] { return keyword_arguments(s, k + 1); });
      s.used[i] = false;
      return matched;  // a keyword is given once: the first with the name is the one
    }
    return false;
  }

  // Pattern items [0, np) against target items [0, nt). `prefix`: target items may remain.
  // `args`: only keyword patterns and runs match keyword arguments.
  bool sequence(const std::uint32_t* pattern, std::size_t np, const TSNode* target, std::size_t nt, bool prefix,
                bool args, Next next) {
    if (np == 0) return (prefix || nt == 0) && next();
    const PNode& p = impl_.node(pattern[0]);
    const std::size_t checkpoint = bindings_.size();
    if (p.op == Op::ellipsis) {
      if (np == 1) return next();
      for (std::size_t skip = 0; skip <= nt; ++skip) {
        if (sequence(pattern + 1, np - 1, target + skip, nt - skip, prefix, args, next)) return true;
        bindings_.resize(checkpoint);
      }
      return false;
    }
    if (p.op == Op::seq_metavar) {
      for (std::size_t take = 0; take <= nt; ++take) {
        const TSNode first = take == 0 ? TSNode{} : target[0];
        const TSNode last = take == 0 ? TSNode{} : target[take - 1];
        if (bind(p.text, first, last) && sequence(pattern + 1, np - 1, target + take, nt - take, prefix, args, next)) {
          return true;
        }
        bindings_.resize(checkpoint);
      }
      return false;
    }
    if (nt == 0) return false;
    if (args && p.symbol != impl_.sym_keyword_argument && kind_of(target[0]) == Kind::keyword_argument) return false;
    if (node(pattern[0], target[0], false,
             [&] { return sequence(pattern + 1, np - 1, target + 1, nt - 1, prefix, args, next); })) {
      return true;
    }
    bindings_.resize(checkpoint);
    return false;
  }

  // Lists of target children, one per sequence pattern being matched on this thread (patterns
  // match inside the continuations of others, so the depth is the thread's), reused across
  // matches (the common path allocates nothing once warm).
  class Scratch {
   public:
    Scratch() {
      if (pool_.size() <= depth_) pool_.resize(depth_ + 1);
      items_ = &pool_[depth_++];
    }
    ~Scratch() { --depth_; }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    std::vector<TSNode>& items() noexcept { return *items_; }

   private:
    static thread_local std::deque<std::vector<TSNode>> pool_;  // growing keeps references
    static thread_local std::size_t depth_;
    std::vector<TSNode>* items_;
  };

  const PatternData& impl_;
  std::string_view source_;
  const ModuleModel& model_;
  const CalleeResolver* callees_;
  Bindings& bindings_;
};

thread_local std::deque<std::vector<TSNode>> Matcher::Scratch::pool_;
thread_local std::size_t Matcher::Scratch::depth_ = 0;

// ---------------------------------------------------------------------------------------------
// Compilation

struct Substituted {
  std::string text;
  std::vector<std::uint32_t> origin;  // origin[i]: offset in the pattern text of text[i]; one past the end too
};

struct EllipsisSite {
  std::uint32_t offset;  // in the pattern text
  int mode = 0;          // 0: `...`, 1: an identifier, 2: `**identifier` (in a dict)
};

bool is_name_start(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) noexcept { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_metavar_start(char c) noexcept { return (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_metavar_char(char c) noexcept { return is_metavar_start(c) || (c >= '0' && c <= '9'); }

// The offset just past the string literal or comment that starts at `i` (a quote or '#'):
// triple quotes, escapes and an unterminated single-quoted string ending at its line.
std::size_t end_of_string_or_comment(std::string_view code, std::size_t i) noexcept {
  const char c = code[i];
  if (c == '#') {
    while (i < code.size() && code[i] != '\n') ++i;
    return i;
  }
  const bool triple = code.size() - i >= 3 && code[i + 1] == c && code[i + 2] == c;
  i += triple ? 3 : 1;
  while (i < code.size()) {
    if (code[i] == '\\') {
      i += 2;
      continue;
    }
    if (code[i] == c && (!triple || (code.size() - i >= 3 && code[i + 1] == c && code[i + 2] == c))) {
      return i + (triple ? 3 : 1);
    }
    if (!triple && code[i] == '\n') return i;
    ++i;
  }
  return std::min(i, code.size());
}

// Finds the `...` outside strings and comments (for the substitution's ellipsis modes).
std::vector<EllipsisSite> find_ellipses(std::string_view code) {
  std::vector<EllipsisSite> sites;
  std::size_t i = 0;
  while (i < code.size()) {
    const char c = code[i];
    if (c == '#' || c == '\'' || c == '"') {
      i = end_of_string_or_comment(code, i);
      continue;
    }
    if (c == '$' && code.substr(i + 1, 3) == "...") {  // $...X: not an ellipsis
      i += 4;
      continue;
    }
    if (c == '.' && code.substr(i, 3) == "...") {
      sites.push_back({static_cast<std::uint32_t>(i), 0});
      i += 3;
      continue;
    }
    if (is_name_char(c)) {
      while (i < code.size() && is_name_char(code[i])) ++i;
      continue;
    }
    ++i;
  }
  return sites;
}

Substituted substitute(std::string_view code, const std::vector<EllipsisSite>& ellipses) {
  Substituted out;
  out.text.reserve(code.size() + 32);
  out.origin.reserve(code.size() + 33);
  auto emit = [&](std::string_view text, std::size_t from) {
    out.text.append(text);
    out.origin.insert(out.origin.end(), text.size(), static_cast<std::uint32_t>(from));
  };
  std::size_t next_ellipsis = 0;
  std::size_t i = 0;
  // Strings and comments are skipped as find_ellipses skips them and copied as they are;
  // everything else but `$NAME`, `$...NAME` and the recorded `...` too.
  while (i < code.size()) {
    if (next_ellipsis < ellipses.size() && ellipses[next_ellipsis].offset == i) {
      switch (ellipses[next_ellipsis].mode) {
        case 0: emit("...", i); break;
        case 1: emit(kEllipsisName, i); break;
        default:
          emit("**", i);
          emit(kEllipsisName, i);
          break;
      }
      ++next_ellipsis;
      i += 3;
      continue;
    }
    const char c = code[i];
    if (c == '\'' || c == '"' || c == '#') {
      // Skip to the end of the string or comment, copying.
      const std::size_t j = end_of_string_or_comment(code, i);
      // In an f-string, metavariables inside `{...}` are substituted too.
      bool fstring = false;
      for (std::size_t k = i; k > 0 && is_name_char(code[k - 1]); --k) {
        if (code[k - 1] == 'f' || code[k - 1] == 'F') fstring = true;
      }
      int depth = 0;
      for (std::size_t k = i; k < j;) {
        if (fstring && c != '#') {
          if (code[k] == '{' || code[k] == '}') {
            const bool doubled = depth == 0 && k + 1 < j && code[k + 1] == code[k];
            if (doubled) {
              emit(code.substr(k, 2), k);
              k += 2;
              continue;
            }
            depth += code[k] == '{' ? 1 : -1;
            depth = std::max(depth, 0);
          } else if (depth > 0 && code[k] == '$' && k + 1 < j && is_metavar_start(code[k + 1])) {
            std::size_t e = k + 1;
            while (e < j && is_metavar_char(code[e])) ++e;
            emit(kMetavarPrefix, k);
            emit(code.substr(k + 1, e - k - 1), k);
            k = e;
            continue;
          }
        }
        emit(code.substr(k, 1), k);
        ++k;
      }
      i = j;
      continue;
    }
    if (c == '$') {
      const bool sequence = code.substr(i + 1, 3) == "...";
      std::size_t j = i + 1 + (sequence ? 3 : 0);
      if (j < code.size() && is_metavar_start(code[j])) {
        const std::size_t name_start = j;
        while (j < code.size() && is_metavar_char(code[j])) ++j;
        emit(sequence ? kSeqMetavarPrefix : kMetavarPrefix, i);
        emit(code.substr(name_start, j - name_start), i);
        i = j;
        continue;
      }
    }
    if (is_name_char(c)) {
      std::size_t j = i;
      while (j < code.size() && is_name_char(code[j])) ++j;
      for (std::size_t k = i; k < j; ++k) emit(code.substr(k, 1), k);
      i = j;
      continue;
    }
    emit(code.substr(i, 1), i);
    ++i;
  }
  out.origin.push_back(static_cast<std::uint32_t>(code.size()));
  return out;
}

// The first ERROR or MISSING node in document order.
TSNode first_error(TSNode root) {
  TSNode found{};
  for_each_node(root, [&](TSNode n) {
    if (ts_node_is_missing(n) || ts_node_symbol(n) == static_cast<TSSymbol>(-1)) {
      found = n;
      return Walk::stop;
    }
    return ts_node_has_error(n) ? Walk::descend : Walk::skip_children;
  });
  return found;
}

void set_position(PatternError& error, std::string_view code, std::uint32_t offset) {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(code.size()));
  error.line = 1;
  error.column = 1;
  for (std::uint32_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(code[i]);
    if (c == '\n') {
      ++error.line;
      error.column = 1;
    } else if ((c & 0xC0U) != 0x80U) {
      ++error.column;
    }
  }
}

std::string quoted(std::string_view text) {
  text = text.substr(0, text.find('\n'));
  if (text.size() > 30) return "'" + std::string(text.substr(0, 27)) + "...'";
  return "'" + std::string(text) + "'";
}

void describe_error(TSNode error_node, const Substituted& sub, std::string_view code, PatternError& error) {
  auto original = [&](std::uint32_t begin, std::uint32_t end) {
    const std::uint32_t limit = static_cast<std::uint32_t>(sub.origin.size() - 1);
    const std::uint32_t b = sub.origin[std::min(begin, limit)], e = sub.origin[std::min(end, limit)];
    return code.substr(b, e > b ? e - b : 0);
  };
  if (ts_node_is_missing(error_node)) {
    set_position(error, code, sub.origin[std::min<std::size_t>(ts_node_start_byte(error_node), sub.origin.size() - 1)]);
    error.message = "pattern is not valid Python: missing '" + std::string(ts_node_type(error_node)) + "'";
    return;
  }
  // The last token inside the error is what the parser could not place.
  TSNode token = error_node;
  while (ts_node_child_count(token) > 0) token = ts_node_child(token, ts_node_child_count(token) - 1);
  const std::uint32_t start = ts_node_start_byte(token), end = ts_node_end_byte(token);
  std::size_t rest = ts_node_end_byte(error_node);
  while (rest < sub.text.size() && (sub.text[rest] == ' ' || sub.text[rest] == '\t' || sub.text[rest] == '\n' ||
                                    sub.text[rest] == '\r')) {
    ++rest;
  }
  set_position(error, code, sub.origin[std::min<std::size_t>(start, sub.origin.size() - 1)]);
  const std::string_view text = original(start, end);
  const bool closing = text == ")" || text == "]" || text == "}";
  if (rest >= sub.text.size() && !text.empty() && !closing && ts_node_child_count(error_node) > 0) {
    error.message = "pattern is not valid Python: unexpected end of pattern after " + quoted(text);
  } else if (text.empty()) {
    error.message = "pattern is not valid Python: unexpected " +
                    (start >= sub.text.size() ? std::string("end of pattern") : quoted(original(start, start + 1)));
  } else {
    error.message = "pattern is not valid Python: unexpected " + quoted(text);
  }
}

bool is_sequence_type(std::string_view type) noexcept {
  static constexpr std::string_view kTypes[] = {
      "list", "tuple", "set", "dictionary", "parameters", "lambda_parameters", "block", "expression_list",
      "pattern_list", "tuple_pattern", "list_pattern"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

// Identifiers in these places are not references to a value (so no name resolution).
bool is_binding_position(std::string_view parent_type, const char* field) noexcept {
  if (field != nullptr) {
    const std::string_view f = field;
    if (f == "name" || f == "alias" || f == "attribute") return true;
  }
  static constexpr std::string_view kParents[] = {
      "parameters", "lambda_parameters", "typed_parameter", "dotted_name", "global_statement",
      "nonlocal_statement", "list_splat_pattern", "dictionary_splat_pattern", "keyword_pattern"};
  return std::find(std::begin(kParents), std::end(kParents), parent_type) != std::end(kParents);
}

class Compiler {
 public:
  Compiler(PatternData& impl, std::string_view text) : impl_(impl), text_(text) {}

  // Converts the children of the module into the pattern's root.
  bool run(TSNode module, PatternError& error) {
    std::vector<std::uint32_t> statements;
    TSTreeCursor cursor = ts_tree_cursor_new(module);
    bool ok = true;
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      do {
        const TSNode c = ts_tree_cursor_current_node(&cursor);
        if (!ts_node_is_named(c) || is_extra(c)) continue;
        const auto index = convert(c, "module", nullptr, 1);
        if (!index) {
          ok = false;
          break;
        }
        statements.push_back(*index);
      } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
    if (!ok) {
      error.line = 1;
      error.column = 1;
      error.message = "pattern is nested too deeply";
      return false;
    }
    if (statements.empty()) {
      error.message = "empty pattern";
      return false;
    }
    if (statements.size() == 1) {
      std::uint32_t root = statements[0];
      const PNode& p = impl_.nodes[root];
      if (p.op == Op::node && type_of(root) == "expression_statement" && p.count == 1) root = impl_.kids[p.first];
      impl_.root = root;
    } else {
      // Leading `...` lines add nothing to a match reported at its first statement.
      std::size_t skip = 0;
      while (skip + 1 < statements.size() && impl_.nodes[statements[skip]].op == Op::ellipsis) ++skip;
      PNode seq;
      seq.op = Op::stmt_seq;
      seq.first = static_cast<std::uint32_t>(impl_.kids.size());
      seq.count = static_cast<std::uint32_t>(statements.size() - skip);
      impl_.kids.insert(impl_.kids.end(), statements.begin() + static_cast<std::ptrdiff_t>(skip), statements.end());
      impl_.nodes.push_back(std::move(seq));
      impl_.root = static_cast<std::uint32_t>(impl_.nodes.size() - 1);
    }
    finish();
    return true;
  }

 private:
  std::string_view type_of(std::uint32_t index) const {
    const PNode& p = impl_.nodes[index];
    if (p.op == Op::token || is_wildcard(p.op) || p.op == Op::stmt_seq || p.op == Op::any_string) return {};
    if (p.op == Op::dotted || p.op == Op::string) return {};  // names: any reference; strings: also concatenated
    return ts_language_symbol_name(PythonGrammar::get().language(), p.symbol);
  }

  void finish() {
    const PNode& root = impl_.nodes[impl_.root];
    if (root.op == Op::stmt_seq) {
      impl_.root_type = std::string(type_of(impl_.kids[root.first]));
    } else {
      impl_.root_type = std::string(type_of(impl_.root));
    }
    if (root.op == Op::node && impl_.root_type == "call" && root.count > 0) {
      const PNode& function = impl_.nodes[impl_.kids[root.first]];
      if (function.op == Op::dotted) impl_.callee = function.text;
    }
    // Where the root can match: names are identifiers (an alias) or attribute chains; strings
    // plain or concatenated; otherwise the root's own type, or anything.
    if (!impl_.root_type.empty()) impl_.anchor_types = {impl_.root_type};
    else if (root.op == Op::dotted) impl_.anchor_types = {"identifier", "attribute"};
    else if (root.op == Op::string) impl_.anchor_types = {"string", "concatenated_string"};
  }

  std::uint32_t add(PNode node) {
    impl_.nodes.push_back(std::move(node));
    return static_cast<std::uint32_t>(impl_.nodes.size() - 1);
  }

  void note_metavariable(const std::string& name) {
    auto& names = impl_.metavariables;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }

  // A chain of plain identifiers (no placeholders): its dotted text; nullopt otherwise.
  std::optional<std::string> dotted_name(TSNode node) const {
    std::vector<std::string_view> parts;
    for (;;) {
      const Kind kind = kind_of(node);
      if (kind == Kind::attribute) {
        parts.push_back(text_of(child(node, Field::attribute), text_));
        node = child(node, Field::object);
        continue;
      }
      if (kind == Kind::parenthesized_expression && !ts_node_is_null(paren_inner(node))) {
        node = paren_inner(node);
        continue;
      }
      if (kind != Kind::identifier) return std::nullopt;
      parts.push_back(text_of(node, text_));
      break;
    }
    std::string out;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
      if (it->starts_with("__wmv")) return std::nullopt;
      if (!out.empty()) out += '.';
      out += *it;
    }
    return out;
  }

  std::optional<std::uint32_t> convert(TSNode n, std::string_view parent_type, const char* field, std::uint32_t depth) {
    if (depth > kMaxPatternDepth) return std::nullopt;
    const std::string_view type = ts_node_type(n);
    PNode p;
    p.symbol = ts_node_symbol(n);
    if (!ts_node_is_named(n)) {
      p.op = Op::token;
      return add(std::move(p));
    }
    if (type == "identifier") {
      const std::string_view name = text_of(n, text_);
      if (name == kEllipsisName) {
        p.op = Op::ellipsis;
        return add(std::move(p));
      }
      if (name.starts_with(kSeqMetavarPrefix)) {
        p.op = Op::seq_metavar;
        p.text = "$..." + std::string(name.substr(kSeqMetavarPrefix.size()));
        note_metavariable(p.text);
        return add(std::move(p));
      }
      if (name.starts_with(kMetavarPrefix)) {
        p.op = Op::metavar;
        p.text = "$" + std::string(name.substr(kMetavarPrefix.size()));
        note_metavariable(p.text);
        return add(std::move(p));
      }
      if (is_binding_position(parent_type, field)) {
        p.op = Op::leaf;
        p.text = std::string(name);
        return add(std::move(p));
      }
      p.op = Op::dotted;
      p.text = is_python_builtin(name) ? "builtins." + std::string(name) : std::string(name);
      return add(std::move(p));
    }
    if (type == "ellipsis") {
      p.op = Op::ellipsis;
      return add(std::move(p));
    }
    if (type == "attribute" && !is_binding_position(parent_type, field)) {
      if (auto name = dotted_name(n)) {
        p.op = Op::dotted;
        const std::string_view head = std::string_view(*name).substr(0, name->find('.'));
        p.text = is_python_builtin(head) ? "builtins." + *name : *name;
        return add(std::move(p));
      }
    }
    if (type == "parenthesized_expression") {
      const TSNode inner = paren_inner(n);
      if (!ts_node_is_null(inner)) return convert(inner, parent_type, field, depth + 1);
    }
    if (type == "dictionary_splat" || type == "expression_statement") {
      const TSNode inner = paren_inner(n);  // the single named child
      if (!ts_node_is_null(inner) && ts_node_named_child_count(n) == 1) {
        const std::string_view inner_type = ts_node_type(inner);
        const std::string_view inner_text = text_of(inner, text_);
        const bool wildcard = inner_type == "ellipsis" ||
                              (inner_type == "identifier" && inner_text.starts_with("__wmv"));
        if (wildcard && (type == "expression_statement" || inner_text == kEllipsisName)) {
          return convert(inner, type, nullptr, depth + 1);
        }
      }
    }
    if (type == "string" || type == "concatenated_string") {
      if (auto value = string_literal(n, text_)) {
        if (*value == "...") {
          p.op = Op::any_string;
        } else {
          p.op = Op::string;
          p.text = std::move(*value);
          p.bytes = is_bytes_literal(n, text_);
        }
        return add(std::move(p));
      }
    }
    if (type == "integer" || type == "float") {
      p.op = Op::number;
      std::array<char, 64> buffer{};
      p.text = std::string(normalize_number(text_of(n, text_), buffer));
      return add(std::move(p));
    }
    if (ts_node_child_count(n) == 0 || type == "string_content") {  // escapes inside content: by text
      p.op = Op::leaf;
      p.bytes = type == "string_start" || type == "string_end";
      p.text = std::string(text_of(n, text_));
      return add(std::move(p));
    }

    const bool arguments = type == "argument_list";
    const bool sequence = arguments || is_sequence_type(type);
    p.op = arguments ? Op::arguments : sequence ? Op::sequence : Op::node;
    if (type == "function_definition") p.skip_return_type = ts_node_is_null(ts_node_child_by_field_name(n, "return_type", 11));
    if (type == "keyword_argument") {
      const TSNode name = ts_node_child_by_field_name(n, "name", 4);
      const std::string_view keyword = text_of(name, text_);
      if (!keyword.starts_with("__wmv")) p.text = std::string(keyword);
    }
    std::vector<std::uint32_t> kids;
    TSTreeCursor cursor = ts_tree_cursor_new(n);
    bool ok = true;
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      do {
        const TSNode c = ts_tree_cursor_current_node(&cursor);
        if (is_extra(c)) continue;
        if (sequence && !ts_node_is_named(c)) continue;
        const auto kid = convert(c, type, ts_tree_cursor_current_field_name(&cursor), depth + 1);
        if (!kid) {
          ok = false;
          break;
        }
        kids.push_back(*kid);
      } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
    if (!ok) return std::nullopt;
    for (const std::uint32_t kid : kids) {
      if (is_run(impl_.nodes[kid].op)) p.has_run = true;
    }
    p.first = static_cast<std::uint32_t>(impl_.kids.size());
    p.count = static_cast<std::uint32_t>(kids.size());
    impl_.kids.insert(impl_.kids.end(), kids.begin(), kids.end());
    return add(std::move(p));
  }

  PatternData& impl_;
  std::string_view text_;
};

bool in_binding_field(const TSTreeCursor* cursor) noexcept {
  const char* field = ts_tree_cursor_current_field_name(cursor);
  if (field == nullptr) return false;
  const std::string_view f = field;
  return f == "name" || f == "alias" || f == "attribute" || f == "left";
}

TSSymbol symbol_named(const char* name) {
  // ts_language_symbol_for_name searches every symbol's name; pattern compilation asks often.
  thread_local std::unordered_map<std::string, TSSymbol> known;
  const auto [it, inserted] = known.try_emplace(name, 0);
  if (inserted) {
    it->second = ts_language_symbol_for_name(PythonGrammar::get().language(), name,
                                             static_cast<std::uint32_t>(std::strlen(name)), true);
  }
  return it->second;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

const Binding* find_binding(const Bindings& bindings, std::string_view name) noexcept {
  for (const Binding& b : bindings) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

std::string_view binding_text(const Binding& binding, std::string_view source) noexcept {
  return range_text(binding.first, binding.last, source);
}

struct Pattern::Impl {
  PatternData data;
};

Pattern::Pattern(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pattern::Pattern(Pattern&&) noexcept = default;
Pattern& Pattern::operator=(Pattern&&) noexcept = default;
Pattern::~Pattern() = default;

std::optional<Pattern> Pattern::compile(std::string_view code, PatternError& error) {
  std::vector<EllipsisSite> ellipses = find_ellipses(code);
  static thread_local PythonParser parser;  // a rule set compiles thousands of snippets
  // `...` is not valid Python everywhere a pattern may use it (parameters, dict entries): where
  // it causes a syntax error, retry it as a placeholder identifier, then as `**placeholder`.
  for (;;) {  // ends: each round returns or raises one site's mode, which is bounded
    const Substituted sub = substitute(code, ellipses);
    const Tree tree = parser.parse(sub.text);
    if (!tree) {
      error = PatternError{1, 1, "pattern could not be parsed"};
      return std::nullopt;
    }
    const TSNode root = ts_tree_root_node(tree.get());
    const TSNode bad = first_error(root);
    if (ts_node_is_null(bad)) {
      auto impl = std::make_unique<Impl>();
      impl->data.sym_identifier = symbol_named("identifier");
      impl->data.sym_attribute = symbol_named("attribute");
      impl->data.sym_call = symbol_named("call");
      impl->data.sym_keyword_argument = symbol_named("keyword_argument");
      impl->data.sym_string = symbol_named("string");
      impl->data.sym_concatenated_string = symbol_named("concatenated_string");
      impl->data.sym_generator_expression = symbol_named("generator_expression");
      Compiler compiler(impl->data, sub.text);
      if (!compiler.run(root, error)) return std::nullopt;
      return Pattern(std::move(impl));
    }
    // Which `...` does the error touch?
    const std::uint32_t begin = sub.origin[std::min<std::size_t>(ts_node_start_byte(bad), sub.origin.size() - 1)];
    const std::uint32_t end = sub.origin[std::min<std::size_t>(ts_node_end_byte(bad), sub.origin.size() - 1)];
    EllipsisSite* retry = nullptr;
    for (auto& site : ellipses) {
      if (site.offset + 3 >= begin && site.offset <= end && site.mode < 2) {
        retry = &site;
        break;
      }
    }
    // An error after a `...` it does not touch (`{..., $K: $V}` fails at the ':'): the
    // nearest `...` before it that can still change.
    for (auto it = ellipses.rbegin(); retry == nullptr && it != ellipses.rend(); ++it) {
      if (it->offset < begin && it->mode < 2) retry = &*it;
    }
    if (retry == nullptr) {
      describe_error(bad, sub, code, error);
      return std::nullopt;
    }
    ++retry->mode;
  }
}

const std::vector<std::string>& Pattern::metavariables() const noexcept { return impl_->data.metavariables; }
const std::string& Pattern::root_type() const noexcept { return impl_->data.root_type; }
const std::vector<std::string>& Pattern::anchor_types() const noexcept { return impl_->data.anchor_types; }

std::optional<std::string> Pattern::required_name() const {
  for (const PNode& node : impl_->data.nodes) {
    if (node.op == Op::dotted && !node.text.empty()) return node.text;
  }
  return std::nullopt;
}

std::optional<std::string> Pattern::method_name() const {
  const PatternData& d = impl_->data;
  const PNode& root = d.nodes[d.root];
  const TSLanguage* language = PythonGrammar::get().language();
  const auto is = [language](const PNode& n, std::string_view type) {
    return n.op == Op::node && n.count > 0 && type == ts_language_symbol_name(language, n.symbol);
  };
  if (!is(root, "call")) return std::nullopt;
  const PNode& function = d.nodes[d.kid(root, 0)];
  if (!is(function, "attribute")) return std::nullopt;
  const PNode& name = d.nodes[d.kid(function, function.count - 1)];
  if (name.op != Op::leaf || name.text.empty()) return std::nullopt;
  return name.text;
}

std::optional<std::string> Pattern::lone_metavariable() const {
  const PatternData& d = impl_->data;
  const PNode& root = d.nodes[d.root];
  if (root.op != Op::metavar) return std::nullopt;
  return root.text;
}

std::optional<std::string> Pattern::keyword_name() const {
  for (const PNode& node : impl_->data.nodes) {
    if (node.op == Op::node && node.symbol == impl_->data.sym_keyword_argument && !node.text.empty()) return node.text;
  }
  return std::nullopt;
}

const std::optional<std::string>& Pattern::callee() const noexcept { return impl_->data.callee; }

bool Pattern::match(TSNode node, const MatchContext& context, Bindings& bindings) const {
  return match(node, context, bindings, [] { return true; });
}

bool Pattern::match(TSNode node, const MatchContext& context, Bindings& bindings, FunctionRef<bool()> accept) const {
  if (ts_node_is_null(node)) return false;
  const std::size_t checkpoint = bindings.size();
  Matcher matcher(impl_->data, context, bindings);
  const PNode& root = impl_->data.nodes[impl_->data.root];
  bool matched = false;
  if (root.op == Op::stmt_seq) {
    // The run starting at `node` among its following siblings: only a statement of a block or
    // module starts one. One pass over the parent's children (ts_node_next_named_sibling is
    // linear in the siblings before it).
    const TSNode parent = context.callees ? context.callees->parent_of(node) : ts_node_parent(node);
    const Kind parent_kind = ts_node_is_null(parent) ? Kind::other : kind_of(parent);
    if (is_extra(node) || (parent_kind != Kind::module && parent_kind != Kind::block)) return false;
    std::vector<TSNode> items;
    TSTreeCursor cursor = ts_tree_cursor_new(parent);
    bool started = false;
    for (bool more = ts_tree_cursor_goto_first_child(&cursor); more; more = ts_tree_cursor_goto_next_sibling(&cursor)) {
      const TSNode n = ts_tree_cursor_current_node(&cursor);
      started = started || ts_node_eq(n, node);
      if (started && ts_node_is_named(n) && !is_extra(n)) items.push_back(n);
    }
    ts_tree_cursor_delete(&cursor);
    matched = !items.empty() && matcher.statements(root, items, 0, accept);
  } else {
    matched = matcher.node(impl_->data.root, node, true, accept);
  }
  if (!matched) bindings.resize(checkpoint);
  return matched;
}

void Pattern::match_all(TSNode root, const MatchContext& context,
                        std::vector<std::pair<TSNode, Bindings>>& out) const {
  if (ts_node_is_null(root)) return;
  const PNode& pattern_root = impl_->data.nodes[impl_->data.root];
  const bool statements = pattern_root.op == Op::stmt_seq;
  // A cheap filter on the node's symbol, when the root fixes it.
  const bool by_symbol = pattern_root.op == Op::node || pattern_root.op == Op::sequence ||
                         pattern_root.op == Op::arguments || pattern_root.op == Op::leaf ||
                         pattern_root.op == Op::number;
  const bool names = pattern_root.op == Op::dotted;
  const std::size_t first_new = out.size();
  Bindings bindings;
  std::vector<TSNode> items;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    const TSNode n = ts_tree_cursor_current_node(&cursor);
    bool descend = true;
    if (ts_node_is_named(n) && !is_extra(n)) {
      if (statements) {
        const Kind kind = kind_of(n);
        if (kind == Kind::block || kind == Kind::module) {
          named_children(n, items);
          for (std::size_t i = 0; i < items.size(); ++i) {
            bindings.clear();
            Matcher matcher(impl_->data, context, bindings);
            if (matcher.statements(pattern_root, items, i, [] { return true; })) out.emplace_back(items[i], bindings);
          }
        }
      } else if (names) {
        // A name pattern matches references, not the names that imports, definitions,
        // keywords and attributes introduce.
        const Kind kind = kind_of(n);
        if (kind == Kind::import_statement || kind == Kind::import_from_statement ||
            kind == Kind::future_import_statement) {
          descend = false;
        } else if (!in_binding_field(&cursor)) {
          bindings.clear();
          if (match(n, context, bindings)) out.emplace_back(n, bindings);
        }
      } else if (!by_symbol || ts_node_symbol(n) == pattern_root.symbol) {
        bindings.clear();
        if (match(n, context, bindings)) out.emplace_back(n, bindings);
      }
    }
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
    bool moved = false;
    while (!moved) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        moved = true;
      } else if (!ts_tree_cursor_goto_parent(&cursor)) {
        break;
      }
    }
    if (!moved) break;
  }
  ts_tree_cursor_delete(&cursor);
  if (statements) {
    // Containers are visited before their nested blocks: put the runs in document order.
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first_new), out.end(),
                     [](const auto& a, const auto& b) { return ts_node_start_byte(a.first) < ts_node_start_byte(b.first); });
  }
}

}  // namespace warden::detail
