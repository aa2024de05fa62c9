// Static evaluation of Python expressions: a small interpreter over a fixed set of value-only
// operations (literals, concatenation, slicing, joins, chr/bytes conversions and the decoders
// of codecs.hpp). Nothing of the scanned code runs; every operation is implemented here.
//
// Bounds: recursion follows expression nesting and names, at most min(max_depth, 256) deep;
// every node evaluated and every element materialised counts one step; every value, including
// lists, is checked against max_bytes as it is built. Left-deep chains of binary operators
// (`a + b + c + ...`, as parsed) are folded iteratively, so a long concatenation costs steps
// but no depth.
//
// Names: an identifier is followed to the last binding before the use in the scope that binds
// it, found through the module model (global/nonlocal included). Only statements are indexed
// (one pass per scope, statements only, not expressions): `NAME = v`, `NAME: T = v`,
// `a = b = v`, `a, b = v1, v2`, and `NAME += v` (added to the binding before it). Other
// bindings of the name (for targets, with/as, imports, def/class, del, other augmented
// operators) make it unknown from there on. Approximations: control flow is ignored (the last
// assignment in the text wins, whichever branch it is in), walrus assignments are not seen, and
// a use inside a function sees the last assignment anywhere in an enclosing function or module
// (the value it has once the module has run).
#include "static_value.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "codecs.hpp"
#include "python_text.hpp"
#include "resolved_file.hpp"
#include "module_model.hpp"
#include "printable.hpp"
#include "source.hpp"
#include "syntax.hpp"

namespace warden::detail {
namespace {

constexpr std::uint32_t kHardMaxDepth = 256;  // stack safety, whatever the limits say

// --- values ---------------------------------------------------------------------------------

struct Value {
  enum class Type : std::uint8_t { str, bytes, integer, sequence };
  Type type = Type::str;
  bool iterator = false;  // str/bytes: an iterator over the elements (what reversed() returns)
  bool from_chr = false;  // a str built from chr() codes, not yet recorded in `chain`
  std::int64_t integer = 0;
  std::string data;               // str (UTF-8, surrogates as WTF-8) or bytes
  std::vector<Value> items;       // sequence (list, tuple, map/comprehension results)
  std::vector<std::string> chain;
  std::size_t weight = 0;  // bytes and elements held, checked against max_bytes

  bool is_str() const noexcept { return type == Type::str && !iterator; }
  bool is_bytes() const noexcept { return type == Type::bytes && !iterator; }
  bool is_text() const noexcept { return is_str() || is_bytes(); }
  bool is_int() const noexcept { return type == Type::integer; }
  bool is_seq() const noexcept { return type == Type::sequence; }
};

Value text_value(std::string data, bool bytes) {
  Value v;
  v.type = bytes ? Value::Type::bytes : Value::Type::str;
  v.weight = data.size();
  v.data = std::move(data);
  return v;
}

Value int_value(std::int64_t i) {
  Value v;
  v.type = Value::Type::integer;
  v.integer = i;
  v.weight = 1;
  return v;
}

Value seq_value(std::vector<Value> items) {
  Value v;
  v.type = Value::Type::sequence;
  v.weight = items.size();
  for (const auto& item : items) v.weight += item.weight;
  v.items = std::move(items);
  return v;
}

void append_chain(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// A str made from chr() codes gets its "chr-join" step once something else consumes it.
void settle(Value& v) {
  if (v.from_chr) {
    v.chain.emplace_back("chr-join");
    v.from_chr = false;
  }
}


// --- syntax helpers -------------------------------------------------------------------------

std::vector<TSNode> named_children(TSNode node) {
  std::vector<TSNode> out;
  for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
    const TSNode c = ts_node_named_child(node, i);
    if (kind_of(c) != Kind::comment) out.push_back(c);
  }
  return out;
}

TSNode field(TSNode node, std::string_view name) {
  return ts_node_child_by_field_name(node, name.data(), static_cast<std::uint32_t>(name.size()));
}

bool type_is(TSNode node, std::string_view type) { return type == ts_node_type(node); }

struct Args {
  std::vector<TSNode> positional;
  std::vector<std::pair<std::string_view, TSNode>> keywords;
  bool ok = true;

  // The argument for parameter `index` / `name` (-1: keyword-only), or a null node.
  TSNode get(int index, std::string_view name) const {
    if (index >= 0 && static_cast<std::size_t>(index) < positional.size()) return positional[static_cast<std::size_t>(index)];
    for (const auto& [k, v] : keywords) {
      if (k == name) return v;
    }
    return TSNode{};
  }
  // No more than `max_positional` positional arguments and only keywords among `names`.
  bool within(std::size_t max_positional, std::initializer_list<std::string_view> names) const {
    if (positional.size() > max_positional) return false;
    for (const auto& kw : keywords) {
      if (std::find(names.begin(), names.end(), kw.first) == names.end()) return false;
    }
    return true;
  }
};

Args parse_args(TSNode arguments, std::string_view source) {
  Args args;
  if (ts_node_is_null(arguments)) {
    args.ok = false;
    return args;
  }
  if (kind_of(arguments) == Kind::generator_expression) {  // f(x for x in y)
    args.positional.push_back(arguments);
    return args;
  }
  for (const TSNode a : named_children(arguments)) {
    switch (kind_of(a)) {
      case Kind::keyword_argument:
        args.keywords.emplace_back(text_of(child(a, Field::name), source), child(a, Field::value));
        break;
      case Kind::list_splat:
      case Kind::dictionary_splat: args.ok = false; break;
      default:
        if (!args.keywords.empty()) args.ok = false;
        args.positional.push_back(a);
    }
  }
  return args;
}

bool is_null(TSNode n) { return ts_node_is_null(n); }

// --- the evaluator --------------------------------------------------------------------------

// Names bound while evaluating a comprehension or lambda body.
struct Env {
  std::string_view name;
  const Value* value;
  const Env* next;
};

struct Binding {
  enum class Type : std::uint8_t { assign, augment, kill };
  std::uint32_t end = 0;  // the statement's end: visible to uses after it
  Type type = Type::kill;
  TSNode value{};
};
using ScopeIndex = std::unordered_map<std::string_view, std::vector<Binding>>;

using Opt = std::optional<Value>;

class Evaluator {
 public:
  Evaluator(const ResolvedFile& file, const StaticLimits& limits, std::unordered_map<std::uint32_t, ScopeIndex>* indexes)
      : file_(file), source_(file.source().text()), limits_(limits),
        max_depth_(std::min(limits.max_depth, kHardMaxDepth)), indexes_(indexes != nullptr ? *indexes : own_indexes_) {}

  Opt eval(TSNode node, std::uint32_t depth, const Env* env);
  // The bindings of the name `node` and the index of the one its use sees.
  std::optional<std::pair<const std::vector<Binding>*, std::size_t>> binding_of(TSNode node);

 private:
  bool step() {
    if (exhausted_ || ++steps_ > limits_.max_steps) {
      exhausted_ = true;
      return false;
    }
    return true;
  }
  Opt checked(Value v) const {
    if (v.weight > limits_.max_bytes) return std::nullopt;
    return v;
  }
  Opt sub(TSNode node, std::uint32_t depth, const Env* env) { return eval(node, depth + 1, env); }
  std::optional<std::int64_t> sub_int(TSNode node, std::uint32_t depth, const Env* env) {
    Opt v = sub(node, depth, env);
    if (!v || !v->is_int()) return std::nullopt;
    return v->integer;
  }
  std::optional<std::string> sub_str(TSNode node, std::uint32_t depth, const Env* env) {
    Opt v = sub(node, depth, env);
    if (!v || !v->is_str()) return std::nullopt;
    return std::move(v->data);
  }
  // A flag argument: absent is `fallback`; a constant or a value that evaluates.
  std::optional<bool> sub_bool(TSNode node, bool fallback, std::uint32_t depth, const Env* env) {
    if (is_null(node)) return fallback;
    if (const auto t = truthiness(node, source_)) return t;
    Opt v = sub(node, depth, env);
    if (!v) return std::nullopt;
    if (v->is_int()) return v->integer != 0;
    if (v->is_text()) return !v->data.empty();
    return std::nullopt;
  }

  // Each kind of node in its own frame (noinline): the recursion then only holds the frames of
  // the operations on its path, not the locals of every operation (matters with max_depth).
  [[gnu::noinline]] Opt literal(TSNode node);
  [[gnu::noinline]] Opt unary(TSNode node, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt sequence(TSNode node, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt binary(TSNode node, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt apply_binary(std::string_view op, Value a, Value b);
  [[gnu::noinline]] Opt subscript(TSNode node, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt call(TSNode node, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt function_call(std::string_view name, const Args& args, std::uint32_t depth, const Env* env,
                                      bool& known);
  [[gnu::noinline]] Opt call_text_decoder(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known);
  [[gnu::noinline]] Opt call_decompress(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known);
  [[gnu::noinline]] Opt call_codecs(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known);
  [[gnu::noinline]] Opt call_builtin(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known);
  [[gnu::noinline]] Opt call_bytes(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known);
  [[gnu::noinline]] Opt call_iterable(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known);
  [[gnu::noinline]] Opt data_arg(TSNode node, bool str_ok, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt method(TSNode object, std::string_view name, const Args& args, std::uint32_t depth,
                               const Env* env);
  [[gnu::noinline]] Opt join(Value separator, Value iterable);
  [[gnu::noinline]] Opt comprehension(TSNode node, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt map_call(TSNode function, TSNode iterable, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt name(TSNode node, std::uint32_t depth, const Env* env);
  [[gnu::noinline]] Opt resolve_binding(const std::vector<Binding>& bindings, std::size_t index, std::uint32_t depth);
  [[gnu::noinline]] Opt attribute(TSNode node);
  [[gnu::noinline]] std::optional<std::vector<Value>> materialize(const Value& v);
  [[gnu::noinline]] const ScopeIndex& index_of(std::uint32_t scope, TSNode root);

  const ResolvedFile& file_;
  std::string_view source_;
  StaticLimits limits_;
  std::uint32_t max_depth_;
  std::uint32_t steps_ = 0;
  bool exhausted_ = false;
  std::unordered_map<std::uint32_t, ScopeIndex> own_indexes_;  // without a cache
  std::unordered_map<std::uint32_t, ScopeIndex>& indexes_;     // by scope
};

Opt Evaluator::eval(TSNode node, std::uint32_t depth, const Env* env) {
  if (is_null(node) || depth > max_depth_ || !step()) return std::nullopt;
  switch (kind_of(node)) {
    case Kind::string:
    case Kind::concatenated_string: return literal(node);
    case Kind::integer: {
      const auto i = parse_int_literal(text_of(node, source_));
      if (!i) return std::nullopt;
      return int_value(*i);
    }
    case Kind::true_: return int_value(1);
    case Kind::false_: return int_value(0);
    case Kind::unary_operator: return unary(node, depth, env);
    case Kind::parenthesized_expression: {
      if (ts_node_named_child_count(node) != 1) return sequence(node, depth, env);  // with comments
      return sub(ts_node_named_child(node, 0), depth, env);
    }
    case Kind::list:
    case Kind::tuple: return sequence(node, depth, env);
    case Kind::binary_operator: return binary(node, depth, env);
    case Kind::subscript: return subscript(node, depth, env);
    case Kind::call: return call(node, depth, env);
    case Kind::identifier: return name(node, depth, env);
    case Kind::attribute: return attribute(node);
    case Kind::generator_expression:
    case Kind::list_comprehension: return comprehension(node, depth, env);
    default: return std::nullopt;
  }
}

Opt Evaluator::unary(TSNode node, std::uint32_t depth, const Env* env) {
  const auto i = sub_int(child(node, Field::argument), depth, env);
  if (!i) return std::nullopt;
  const std::string_view op = text_of(child(node, Field::operator_), source_);
  if (op == "+") return int_value(*i);
  if (op == "~") return int_value(~*i);
  if (op == "-" && *i != std::numeric_limits<std::int64_t>::min()) return int_value(-*i);
  return std::nullopt;
}

// A list or tuple; a parenthesized expression with comments around its one expression.
Opt Evaluator::sequence(TSNode node, std::uint32_t depth, const Env* env) {
  const auto elements = named_children(node);
  if (kind_of(node) == Kind::parenthesized_expression) {
    if (elements.size() != 1) return std::nullopt;
    return sub(elements[0], depth, env);
  }
  std::vector<Value> items;
  std::size_t weight = 0;
  for (const TSNode element : elements) {
    Opt v = sub(element, depth, env);
    if (!v) return std::nullopt;
    weight += v->weight + 1;
    if (weight > limits_.max_bytes) return std::nullopt;
    items.push_back(std::move(*v));
  }
  return seq_value(std::move(items));
}

Opt Evaluator::literal(TSNode node) {
  std::string data;
  bool bytes = false;
  if (kind_of(node) == Kind::string) {
    if (!string_part(node, source_, data, bytes)) return std::nullopt;
  } else {
    bool first = true;
    for (const TSNode part : named_children(node)) {
      bool part_bytes = false;
      if (!string_part(part, source_, data, part_bytes)) return std::nullopt;
      if (!first && part_bytes != bytes) return std::nullopt;  // str and bytes cannot be mixed
      bytes = part_bytes;
      first = false;
    }
  }
  return checked(text_value(std::move(data), bytes));
}

// A left-deep chain of binary operators (how `a + b + c` parses) is folded iteratively.
Opt Evaluator::binary(TSNode node, std::uint32_t depth, const Env* env) {
  std::vector<std::pair<std::string_view, TSNode>> operations;
  TSNode left = node;
  while (kind_of(left) == Kind::binary_operator) {
    if (!step()) return std::nullopt;
    operations.emplace_back(text_of(child(left, Field::operator_), source_), child(left, Field::right));
    left = child(left, Field::left);
  }
  Opt acc = sub(left, depth, env);
  for (auto it = operations.rbegin(); acc && it != operations.rend(); ++it) {
    Opt right = sub(it->second, depth, env);
    if (!right) return std::nullopt;
    acc = apply_binary(it->first, std::move(*acc), std::move(*right));
  }
  return acc;
}

Opt Evaluator::apply_binary(std::string_view op, Value a, Value b) {
  if (a.is_int() && b.is_int()) {
    const std::int64_t x = a.integer, y = b.integer;
    std::int64_t r = 0;
    if (op == "+") return __builtin_add_overflow(x, y, &r) ? Opt{} : int_value(r);
    if (op == "-") return __builtin_sub_overflow(x, y, &r) ? Opt{} : int_value(r);
    if (op == "*") return __builtin_mul_overflow(x, y, &r) ? Opt{} : int_value(r);
    if (op == "&") return int_value(x & y);
    if (op == "|") return int_value(x | y);
    if (op == "^") return int_value(x ^ y);
    if (op == "//" || op == "%") {
      if (y == 0 || (x == std::numeric_limits<std::int64_t>::min() && y == -1)) return std::nullopt;
      std::int64_t q = x / y, m = x % y;
      if (m != 0 && ((m < 0) != (y < 0))) {  // Python floors
        --q;
        m += y;
      }
      return int_value(op == "//" ? q : m);
    }
    if (op == "<<") {
      if (y < 0 || y >= 63) return std::nullopt;
      const std::int64_t shifted = static_cast<std::int64_t>(static_cast<std::uint64_t>(x) << y);
      if ((shifted >> y) != x) return std::nullopt;
      return int_value(shifted);
    }
    if (op == ">>") {
      if (y < 0) return std::nullopt;
      return int_value(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
    }
    if (op == "**") {
      if (y < 0) return std::nullopt;
      std::int64_t result = 1, base = x;
      for (std::int64_t e = y; e > 0; e >>= 1) {
        if ((e & 1) && __builtin_mul_overflow(result, base, &result)) return std::nullopt;
        if (e > 1 && __builtin_mul_overflow(base, base, &base)) return std::nullopt;
      }
      return int_value(result);
    }
    return std::nullopt;
  }
  if (op == "+") {
    if (a.iterator || b.iterator || a.type != b.type || a.is_int()) return std::nullopt;
    if (a.weight + b.weight > limits_.max_bytes) return std::nullopt;
    Value r = std::move(a);
    if (r.is_seq()) {
      for (auto& item : b.items) r.items.push_back(std::move(item));
    } else {
      r.data += b.data;
    }
    r.weight += b.weight;
    append_chain(r.chain, b.chain);
    r.from_chr = r.from_chr || b.from_chr;
    return r;
  }
  if (op == "*") {
    if (a.is_int()) std::swap(a, b);
    if (!b.is_int() || a.iterator || a.is_int()) return std::nullopt;
    const std::size_t times = b.integer < 0 ? 0 : static_cast<std::size_t>(b.integer);
    if (times != 0 && a.weight > limits_.max_bytes / times) return std::nullopt;
    Value r = std::move(a);
    if (r.is_seq()) {
      std::vector<Value> items;
      items.reserve(r.items.size() * times);
      for (std::size_t k = 0; k < times; ++k) items.insert(items.end(), r.items.begin(), r.items.end());
      r.items = std::move(items);
    } else {
      std::string data;
      data.reserve(r.data.size() * times);
      for (std::size_t k = 0; k < times; ++k) data += r.data;
      r.data = std::move(data);
    }
    r.weight *= times;
    return r;
  }
  return std::nullopt;
}

// Python's slice index rules (PySlice_AdjustIndices).
struct SliceRange {
  std::int64_t start = 0, stop = 0, step = 1;
};

std::optional<SliceRange> adjust_slice(std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                                       std::optional<std::int64_t> step, std::int64_t length) {
  SliceRange r;
  r.step = step.value_or(1);
  if (r.step == 0) return std::nullopt;
  const auto adjust = [&](std::optional<std::int64_t> v, bool is_start) -> std::int64_t {
    if (!v) return r.step < 0 ? (is_start ? length - 1 : -1) : (is_start ? 0 : length);
    std::int64_t i = *v;
    if (i < 0) {
      i += length;
      if (i < 0) i = r.step < 0 ? -1 : 0;
    } else if (i >= length) {
      i = r.step < 0 ? length - 1 : length;
    }
    return i;
  };
  r.start = adjust(start, true);
  r.stop = adjust(stop, false);
  return r;
}

std::string slice_label(std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                        std::optional<std::int64_t> step) {
  std::string s = "[";
  if (start) s += std::to_string(*start);
  s += ':';
  if (stop) s += std::to_string(*stop);
  if (step) s += ':' + std::to_string(*step);
  return s + ']';
}

Opt Evaluator::subscript(TSNode node, std::uint32_t depth, const Env* env) {
  const auto parts = named_children(node);
  const TSNode index = field(node, "subscript");
  if (parts.size() != 2 || is_null(index)) return std::nullopt;  // x[a, b]
  Opt object = sub(child(node, Field::value), depth, env);
  if (!object || object->is_int() || object->iterator) return std::nullopt;
  settle(*object);
  // Elements: code points of a str, bytes of bytes, items of a sequence.
  std::vector<std::size_t> offsets;
  std::int64_t length = 0;
  if (object->is_str() && !is_ascii(object->data)) {
    offsets = cp_offsets(object->data);
    length = static_cast<std::int64_t>(offsets.size() - 1);
  } else {
    length = static_cast<std::int64_t>(object->is_seq() ? object->items.size() : object->data.size());
  }
  const auto element = [&](std::int64_t i) -> std::string_view {
    const auto k = static_cast<std::size_t>(i);
    if (offsets.empty()) return std::string_view(object->data).substr(k, 1);
    return std::string_view(object->data).substr(offsets[k], offsets[k + 1] - offsets[k]);
  };

  if (!type_is(index, "slice")) {
    auto i = sub_int(index, depth, env);
    if (!i) return std::nullopt;
    if (*i < 0) *i += length;
    if (*i < 0 || *i >= length) return std::nullopt;
    if (object->is_seq()) return std::move(object->items[static_cast<std::size_t>(*i)]);
    if (object->is_bytes()) return int_value(static_cast<unsigned char>(object->data[static_cast<std::size_t>(*i)]));
    Value r = text_value(std::string(element(*i)), false);
    r.chain = std::move(object->chain);
    r.chain.push_back("[" + std::to_string(*i) + "]");
    return r;
  }
  // start:stop:step, each optional: the named children between the colons.
  std::array<std::optional<std::int64_t>, 3> bounds;
  std::size_t colons = 0;
  for (std::uint32_t i = 0, n = ts_node_child_count(index); i < n; ++i) {
    const TSNode part = ts_node_child(index, i);
    if (!ts_node_is_named(part)) {
      if (type_is(part, ":")) ++colons;
      continue;
    }
    if (kind_of(part) == Kind::comment) continue;
    if (colons > 2 || bounds[colons]) return std::nullopt;
    if (kind_of(part) == Kind::none) continue;
    bounds[colons] = sub_int(part, depth, env);
    if (!bounds[colons]) return std::nullopt;
  }
  const auto range = adjust_slice(bounds[0], bounds[1], bounds[2], length);
  if (!range) return std::nullopt;
  const auto indices = [&](auto&& visit) {
    for (std::int64_t i = range->start; range->step > 0 ? i < range->stop : i > range->stop; i += range->step) visit(i);
  };
  Value r;
  if (object->is_seq()) {
    std::vector<Value> items;
    indices([&](std::int64_t i) { items.push_back(object->items[static_cast<std::size_t>(i)]); });
    r = seq_value(std::move(items));
  } else {
    std::string data;
    indices([&](std::int64_t i) { data += element(i); });
    r = text_value(std::move(data), object->is_bytes());
  }
  r.chain = std::move(object->chain);
  r.chain.push_back(slice_label(bounds[0], bounds[1], bounds[2]));
  return r;
}

// Elements of an iterable value: items, the one-character strs of a str, the ints of bytes.
std::optional<std::vector<Value>> Evaluator::materialize(const Value& v) {
  std::vector<Value> out;
  if (v.is_seq()) {
    for (const auto& item : v.items) {
      if (!step()) return std::nullopt;
      out.push_back(item);
    }
    return out;
  }
  if (v.type == Value::Type::str) {
    for (std::size_t i = 0; i < v.data.size();) {
      if (!step()) return std::nullopt;
      const std::size_t n = cp_length(v.data, i);
      out.push_back(text_value(v.data.substr(i, n), false));
      i += n;
    }
    return out;
  }
  if (v.type == Value::Type::bytes) {
    for (const char c : v.data) {
      if (!step()) return std::nullopt;
      out.push_back(int_value(static_cast<unsigned char>(c)));
    }
    return out;
  }
  return std::nullopt;
}

// The builtins a value goes through one at a time (direct calls and map()).
Opt apply_builtin(std::string_view name, Value v) {
  if (name == "chr") {
    if (!v.is_int() || v.integer < 0 || v.integer > 0x10FFFF) return std::nullopt;
    Value r = text_value({}, false);
    append_code_point(r.data, static_cast<std::uint32_t>(v.integer));
    r.weight = r.data.size();
    r.from_chr = true;
    return r;
  }
  if (name == "ord") {
    if (v.is_bytes() && v.data.size() == 1) return int_value(static_cast<unsigned char>(v.data[0]));
    if (!v.is_str() || v.data.empty() || cp_length(v.data, 0) != v.data.size()) return std::nullopt;
    return int_value(decode_cp(v.data, 0, v.data.size()));
  }
  if (name == "int") {
    if (v.is_int()) return v;
    if (!v.is_text()) return std::nullopt;
    const auto i = parse_int_text(v.data, 10);
    if (!i) return std::nullopt;
    return int_value(*i);
  }
  if (name == "str") {
    if (v.is_str()) return v;
    if (v.is_int()) return text_value(std::to_string(v.integer), false);
    return std::nullopt;
  }
  return std::nullopt;
}

Opt Evaluator::call(TSNode node, std::uint32_t depth, const Env* env) {
  const TSNode function = child(node, Field::function);
  const Args args = parse_args(child(node, Field::arguments), source_);
  if (!args.ok) return std::nullopt;
  if (const auto callee = file_.callee_of(node)) {
    std::string_view name = callee->name;
    if (name.starts_with("builtins.")) name.remove_prefix(9);
    bool known = false;
    Opt v = function_call(name, args, depth, env, known);
    if (known) return v;
  }
  if (kind_of(function) == Kind::attribute) {
    return method(child(function, Field::object), text_of(child(function, Field::attribute), source_), args, depth,
                  env);
  }
  return std::nullopt;
}

// The value of a decoder's output, with the decoder added to the chain.
Opt decoded(codec::Result result, std::vector<std::string> chain, std::string step, bool bytes = true) {
  if (!result.ok()) return std::nullopt;
  Value v = text_value(std::move(result.bytes), bytes);
  v.chain = std::move(chain);
  v.chain.push_back(std::move(step));
  return v;
}

// The data argument of a decoder: bytes, or (where Python accepts it) an ASCII-only str.
Opt Evaluator::data_arg(TSNode node, bool str_ok, std::uint32_t depth, const Env* env) {
  Opt v = sub(node, depth, env);
  if (!v || !v->is_text()) return std::nullopt;
  if (v->is_str() && (!str_ok || !is_ascii(v->data))) return std::nullopt;
  settle(*v);
  return v;
}

// Calls by qualified name. One function per family, so that the frame on the recursion's path
// is only that of the family being evaluated.
Opt Evaluator::function_call(std::string_view name, const Args& args, std::uint32_t depth, const Env* env,
                             bool& known) {
  using Family = Opt (Evaluator::*)(std::string_view, const Args&, std::uint32_t, const Env*, bool&);
  static constexpr std::array<Family, 6> kFamilies = {&Evaluator::call_text_decoder, &Evaluator::call_decompress,
                                                      &Evaluator::call_codecs,       &Evaluator::call_builtin,
                                                      &Evaluator::call_bytes,        &Evaluator::call_iterable};
  for (const Family family : kFamilies) {
    Opt v = (this->*family)(name, args, depth, env, known);
    if (known) return v;
  }
  return std::nullopt;
}

// base64, binascii, bytes.fromhex
Opt Evaluator::call_text_decoder(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known) {
  known = true;
  const std::size_t max = limits_.max_bytes;
  const std::string qualified(name);
  if (name == "base64.b64decode" || name == "base64.standard_b64decode" || name == "base64.urlsafe_b64decode") {
    const bool standard = name == "base64.b64decode";
    if (!args.within(standard ? 3 : 1, standard ? std::initializer_list<std::string_view>{"s", "altchars", "validate"}
                                                : std::initializer_list<std::string_view>{"s"})) {
      return std::nullopt;
    }
    Opt s = data_arg(args.get(0, "s"), true, depth, env);
    if (!s) return std::nullopt;
    const TSNode altchars = args.get(1, "altchars");
    if (!is_null(altchars) && kind_of(altchars) != Kind::none) {
      Opt alt = data_arg(altchars, true, depth, env);
      if (!alt || alt->data.size() != 2) return std::nullopt;
      for (char& c : s->data) {  // s.translate(bytes.maketrans(altchars, b'+/'))
        if (c == alt->data[0]) {
          c = '+';
        } else if (c == alt->data[1]) {
          c = '/';
        }
      }
    }
    const auto validate = sub_bool(args.get(2, "validate"), false, depth, env);
    if (!validate) return std::nullopt;
    return decoded(codec::base64_decode(s->data, name == "base64.urlsafe_b64decode", *validate, max),
                   std::move(s->chain), qualified);
  }
  if (name == "base64.decodebytes" || name == "base64.decodestring" || name == "binascii.a2b_base64") {
    const bool binascii = name == "binascii.a2b_base64";
    if (!args.within(1, binascii ? std::initializer_list<std::string_view>{"strict_mode"}
                                 : std::initializer_list<std::string_view>{"s"})) {
      return std::nullopt;
    }
    Opt s = data_arg(args.get(0, binascii ? "" : "s"), binascii, depth, env);
    if (!s) return std::nullopt;
    const auto strict = sub_bool(binascii ? args.get(-1, "strict_mode") : TSNode{}, false, depth, env);
    if (!strict) return std::nullopt;
    return decoded(codec::base64_decode(s->data, false, *strict, max), std::move(s->chain), qualified);
  }
  if (name == "base64.b32decode") {
    if (!args.within(3, {"s", "casefold", "map01"})) return std::nullopt;
    Opt s = data_arg(args.get(0, "s"), true, depth, env);
    const auto casefold = sub_bool(args.get(1, "casefold"), false, depth, env);
    if (!s || !casefold) return std::nullopt;
    const TSNode map01 = args.get(2, "map01");
    if (!is_null(map01) && kind_of(map01) != Kind::none) {
      Opt m = data_arg(map01, true, depth, env);
      if (!m || m->data.size() != 1) return std::nullopt;
      for (char& c : s->data) {  // s.translate(bytes.maketrans(b'01', b'O' + map01))
        if (c == '0') {
          c = 'O';
        } else if (c == '1') {
          c = m->data[0];
        }
      }
    }
    return decoded(codec::base32_decode(s->data, *casefold, max), std::move(s->chain), qualified);
  }
  if (name == "base64.b16decode") {
    if (!args.within(2, {"s", "casefold"})) return std::nullopt;
    Opt s = data_arg(args.get(0, "s"), true, depth, env);
    const auto casefold = sub_bool(args.get(1, "casefold"), false, depth, env);
    if (!s || !casefold) return std::nullopt;
    return decoded(codec::hex_decode(s->data, *casefold ? codec::HexMode::b16_casefold : codec::HexMode::b16, max),
                   std::move(s->chain), qualified);
  }
  if (name == "base64.b85decode") {
    if (!args.within(1, {"b"})) return std::nullopt;
    Opt s = data_arg(args.get(0, "b"), true, depth, env);
    if (!s) return std::nullopt;
    return decoded(codec::base85_decode(s->data, max), std::move(s->chain), qualified);
  }
  if (name == "base64.a85decode") {
    if (!args.within(1, {"b", "adobe", "foldspaces"})) return std::nullopt;  // ignorechars: not modelled
    Opt s = data_arg(args.get(0, "b"), true, depth, env);
    const auto adobe = sub_bool(args.get(-1, "adobe"), false, depth, env);
    const auto foldspaces = sub_bool(args.get(-1, "foldspaces"), false, depth, env);
    if (!s || !adobe || !foldspaces || *foldspaces) return std::nullopt;
    return decoded(codec::ascii85_decode(s->data, *adobe, max), std::move(s->chain), qualified);
  }
  if (name == "binascii.unhexlify" || name == "binascii.a2b_hex") {
    if (!args.within(1, {"hexstr"})) return std::nullopt;
    Opt s = data_arg(args.get(0, "hexstr"), true, depth, env);
    if (!s) return std::nullopt;
    return decoded(codec::hex_decode(s->data, codec::HexMode::unhexlify, max), std::move(s->chain), qualified);
  }
  if (name == "bytes.fromhex" || name == "bytearray.fromhex") {
    if (!args.within(1, {})) return std::nullopt;
    Opt s = sub(args.get(0, ""), depth, env);
    if (!s || !s->is_str() || !is_ascii(s->data)) return std::nullopt;
    settle(*s);
    return decoded(codec::hex_decode(s->data, codec::HexMode::fromhex, max), std::move(s->chain), qualified);
  }

  known = false;
  return std::nullopt;
}

// zlib, gzip, bz2, lzma
Opt Evaluator::call_decompress(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known) {
  known = true;
  const std::size_t max = limits_.max_bytes;
  const std::string qualified(name);
  if (name == "zlib.decompress") {
    if (!args.within(3, {"wbits", "bufsize"})) return std::nullopt;
    Opt data = data_arg(args.get(0, ""), false, depth, env);
    if (!data) return std::nullopt;
    std::int64_t wbits = 15;
    if (const TSNode w = args.get(1, "wbits"); !is_null(w)) {
      const auto value = sub_int(w, depth, env);
      if (!value || *value < -64 || *value > 64) return std::nullopt;
      wbits = *value;
    }
    return decoded(codec::zlib_decompress(data->data, static_cast<int>(wbits), max), std::move(data->chain),
                   qualified);
  }
  if (name == "gzip.decompress" || name == "bz2.decompress" || name == "lzma.decompress") {
    if (!args.within(1, {"data"})) return std::nullopt;
    Opt data = data_arg(args.get(0, "data"), false, depth, env);
    if (!data) return std::nullopt;
    const codec::Result r = name == "gzip.decompress" ? codec::gzip_decompress(data->data, max)
                            : name == "bz2.decompress" ? codec::bz2_decompress(data->data, max)
                                                        : codec::lzma_decompress(data->data, max);
    return decoded(r, std::move(data->chain), qualified);
  }

  known = false;
  return std::nullopt;
}

// codecs.decode, codecs.encode
Opt Evaluator::call_codecs(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known) {
  known = true;
  const std::size_t max = limits_.max_bytes;
  const std::string qualified(name);
  if (name == "codecs.decode" || name == "codecs.encode") {
    if (!args.within(3, {"obj", "encoding", "errors"})) return std::nullopt;
    Opt obj = sub(args.get(0, "obj"), depth, env);
    if (!obj || !obj->is_text()) return std::nullopt;
    settle(*obj);
    std::string encoding = "utf-8";
    if (const TSNode e = args.get(1, "encoding"); !is_null(e)) {
      auto value = sub_str(e, depth, env);
      if (!value) return std::nullopt;
      encoding = std::move(*value);
    }
    const bool decode = name == "codecs.decode";
    if (const auto text = text_encoding(encoding)) {
      if (decode != obj->is_bytes()) return std::nullopt;  // decode takes bytes, encode a str
      auto converted = decode ? decode_text(obj->data, *text) : encode_text(obj->data, *text);
      if (!converted) return std::nullopt;
      Value v = text_value(std::move(*converted), !decode);
      v.chain = std::move(obj->chain);
      return checked(std::move(v));
    }
    const auto codec = binary_codec(encoding);
    if (!codec) return std::nullopt;
    const std::string label = qualified + "(" + codec_label(*codec) + ")";
    if (*codec == CodecName::rot13) {
      if (!obj->is_str()) return std::nullopt;
      return decoded(codec::Result{codec::Status::ok, codec::rot13(obj->data)}, std::move(obj->chain), label, false);
    }
    if (!decode) return std::nullopt;  // encoding to hex/base64/zlib hides nothing
    if (obj->is_str() && (!is_ascii(obj->data) || *codec == CodecName::zlib || *codec == CodecName::bz2)) {
      return std::nullopt;  // zlib and bz2 take bytes only; hex and base64 ASCII str too
    }
    codec::Result r;
    switch (*codec) {
      case CodecName::hex: r = codec::hex_decode(obj->data, codec::HexMode::unhexlify, max); break;
      case CodecName::base64: r = codec::base64_decode(obj->data, false, false, max); break;
      case CodecName::zlib: r = codec::zlib_decompress(obj->data, 15, max); break;
      case CodecName::bz2: r = codec::bz2_decompress(obj->data, max); break;
      case CodecName::rot13: break;
    }
    return decoded(std::move(r), std::move(obj->chain), label);
  }

  known = false;
  return std::nullopt;
}

// compile, chr, ord, int, str
Opt Evaluator::call_builtin(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known) {
  known = true;
  const std::string qualified(name);
  if (name == "compile") {
    if (!args.within(6, {"source", "filename", "mode", "flags", "dont_inherit", "optimize"})) return std::nullopt;
    Opt src = sub(args.get(0, "source"), depth, env);
    if (!src || !src->is_text()) return std::nullopt;
    settle(*src);
    src->chain.emplace_back("compile");
    return src;
  }
  if (name == "chr" || name == "ord") {
    if (!args.within(1, {})) return std::nullopt;
    Opt v = sub(args.get(0, ""), depth, env);
    if (!v) return std::nullopt;
    return apply_builtin(name, std::move(*v));
  }
  if (name == "int") {
    if (!args.within(2, {"base"})) return std::nullopt;
    Opt v = sub(args.get(0, ""), depth, env);
    if (!v) return std::nullopt;
    const TSNode base_node = args.get(1, "base");
    if (is_null(base_node)) return apply_builtin(name, std::move(*v));
    const auto base = sub_int(base_node, depth, env);
    if (!base || !v->is_text() || *base < 0 || *base == 1 || *base > 36) return std::nullopt;
    const auto i = parse_int_text(v->data, static_cast<int>(*base));
    if (!i) return std::nullopt;
    return int_value(*i);
  }
  if (name == "str") {
    if (!args.within(3, {"object", "encoding", "errors"})) return std::nullopt;
    const TSNode object = args.get(0, "object");
    if (is_null(object)) return text_value({}, false);
    Opt v = sub(object, depth, env);
    if (!v) return std::nullopt;
    const TSNode encoding = args.get(1, "encoding");
    if (is_null(encoding) && is_null(args.get(2, "errors"))) return apply_builtin(name, std::move(*v));
    const auto enc = is_null(encoding) ? std::optional<std::string>("utf-8") : sub_str(encoding, depth, env);
    const auto text = enc ? text_encoding(*enc) : std::nullopt;
    if (!text || !v->is_bytes()) return std::nullopt;
    auto converted = decode_text(v->data, *text);
    if (!converted) return std::nullopt;
    Value r = text_value(std::move(*converted), false);
    r.chain = std::move(v->chain);
    return checked(std::move(r));
  }
  known = false;
  return std::nullopt;
}

// bytes(), bytearray()
Opt Evaluator::call_bytes(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known) {
  known = true;
  const std::size_t max = limits_.max_bytes;
  const std::string qualified(name);
  if (name == "bytes" || name == "bytearray") {
    if (!args.within(3, {"source", "encoding", "errors"})) return std::nullopt;
    const TSNode source = args.get(0, "source");
    if (is_null(source)) return text_value({}, true);
    Opt v = sub(source, depth, env);
    if (!v) return std::nullopt;
    settle(*v);
    const TSNode encoding = args.get(1, "encoding");
    if (v->type == Value::Type::str && !v->iterator) {  // bytes(s, encoding)
      const auto enc = is_null(encoding) ? std::nullopt : sub_str(encoding, depth, env);
      const auto text = enc ? text_encoding(*enc) : std::nullopt;
      if (!text) return std::nullopt;
      auto converted = encode_text(v->data, *text);
      if (!converted) return std::nullopt;
      Value r = text_value(std::move(*converted), true);
      r.chain = std::move(v->chain);
      return checked(std::move(r));
    }
    if (!is_null(encoding)) return std::nullopt;
    if (v->type == Value::Type::bytes) {  // a copy (an iterator over bytes gives its ints back)
      v->iterator = false;
      return v;
    }
    if (v->is_int()) {
      if (v->integer < 0 || static_cast<std::uint64_t>(v->integer) > max) return std::nullopt;
      return text_value(std::string(static_cast<std::size_t>(v->integer), '\0'), true);
    }
    if (!v->is_seq() || v->items.size() > max) return std::nullopt;
    Value r = text_value({}, true);
    for (const auto& item : v->items) {
      if (!item.is_int() || item.integer < 0 || item.integer > 255) return std::nullopt;
      r.data.push_back(static_cast<char>(item.integer));
    }
    r.weight = r.data.size();
    r.chain = std::move(v->chain);
    r.chain.push_back(qualified + "(ints)");
    return r;
  }
  known = false;
  return std::nullopt;
}

// reversed, list, tuple, map
Opt Evaluator::call_iterable(std::string_view name, const Args& args, std::uint32_t depth, const Env* env, bool& known) {
  known = true;
  const std::string qualified(name);
  if (name == "reversed") {
    if (!args.within(1, {})) return std::nullopt;
    Opt v = sub(args.get(0, ""), depth, env);
    if (!v || v->is_int()) return std::nullopt;
    settle(*v);
    if (v->is_seq()) {
      std::reverse(v->items.begin(), v->items.end());
    } else if (v->type == Value::Type::bytes) {
      std::reverse(v->data.begin(), v->data.end());
    } else {
      std::string reversed;
      reversed.reserve(v->data.size());
      const auto offsets = cp_offsets(v->data);
      for (std::size_t k = offsets.size() - 1; k-- > 0;) {
        reversed.append(v->data, offsets[k], offsets[k + 1] - offsets[k]);
      }
      v->data = std::move(reversed);
    }
    if (!v->is_seq()) v->iterator = true;
    v->chain.emplace_back("reversed");
    return v;
  }
  if (name == "list" || name == "tuple") {
    if (!args.within(1, {})) return std::nullopt;
    const TSNode source = args.get(0, "");
    if (is_null(source)) return seq_value({});
    Opt v = sub(source, depth, env);
    if (!v) return std::nullopt;
    settle(*v);
    auto items = materialize(*v);
    if (!items) return std::nullopt;
    Value r = seq_value(std::move(*items));
    r.chain = std::move(v->chain);
    return checked(std::move(r));
  }
  if (name == "map") {
    if (!args.within(2, {})) return std::nullopt;
    return map_call(args.get(0, ""), args.get(1, ""), depth, env);
  }
  known = false;
  return std::nullopt;
}

Opt Evaluator::map_call(TSNode function, TSNode iterable, std::uint32_t depth, const Env* env) {
  if (is_null(function) || is_null(iterable)) return std::nullopt;
  Opt source = sub(iterable, depth, env);
  if (!source) return std::nullopt;
  settle(*source);
  auto items = materialize(*source);
  if (!items) return std::nullopt;
  std::vector<Value> out;
  std::size_t weight = 0;
  if (kind_of(function) == Kind::lambda) {  // lambda c: ..., one plain parameter
    const TSNode parameters = child(function, Field::parameters);
    const auto names = is_null(parameters) ? std::vector<TSNode>{} : named_children(parameters);
    if (names.size() != 1 || kind_of(names[0]) != Kind::identifier) return std::nullopt;
    const std::string_view parameter = text_of(names[0], source_);
    for (const auto& item : *items) {
      const Env bound{parameter, &item, env};
      Opt v = sub(child(function, Field::body), depth, &bound);
      if (!v || (weight += v->weight + 1) > limits_.max_bytes) return std::nullopt;
      out.push_back(std::move(*v));
    }
  } else {
    const ModuleModel& model = file_.model();
    const auto callee = model.resolve(function, source_, model.scope_at(ts_node_start_byte(function)));
    if (!callee || !callee->name.starts_with("builtins.")) return std::nullopt;
    const std::string_view builtin = std::string_view(callee->name).substr(9);
    for (auto& item : *items) {
      if (!step()) return std::nullopt;
      Opt v = apply_builtin(builtin, std::move(item));
      if (!v || (weight += v->weight + 1) > limits_.max_bytes) return std::nullopt;
      out.push_back(std::move(*v));
    }
  }
  Value r = seq_value(std::move(out));
  r.chain = std::move(source->chain);
  return r;
}

Opt Evaluator::comprehension(TSNode node, std::uint32_t depth, const Env* env) {
  TSNode clause{};
  for (const TSNode part : named_children(node)) {
    if (kind_of(part) == Kind::for_in_clause) {
      if (!is_null(clause)) return std::nullopt;  // nested loops: not modelled
      clause = part;
    } else if (type_is(part, "if_clause")) {
      return std::nullopt;
    }
  }
  if (is_null(clause)) return std::nullopt;
  const TSNode left = child(clause, Field::left);
  const auto parts = named_children(clause);
  if (kind_of(left) != Kind::identifier || parts.size() != 2 || ts_node_has_error(clause)) return std::nullopt;
  Opt source = sub(parts[1], depth, env);
  if (!source) return std::nullopt;
  settle(*source);
  auto items = materialize(*source);
  if (!items) return std::nullopt;
  const std::string_view variable = text_of(left, source_);
  const TSNode body = child(node, Field::body);
  std::vector<Value> out;
  std::size_t weight = 0;
  for (const auto& item : *items) {
    const Env bound{variable, &item, env};
    Opt v = sub(body, depth, &bound);
    if (!v || (weight += v->weight + 1) > limits_.max_bytes) return std::nullopt;
    out.push_back(std::move(*v));
  }
  Value r = seq_value(std::move(out));
  r.chain = std::move(source->chain);
  return r;
}

Opt Evaluator::join(Value separator, Value iterable) {
  if (!separator.is_text() || iterable.is_int()) return std::nullopt;
  settle(separator);
  const bool bytes = separator.is_bytes();
  Value r = text_value({}, bytes);
  r.chain = std::move(separator.chain);
  const auto add = [&](std::string_view piece, bool first) {
    if (!first) r.data += separator.data;
    r.data += piece;
    return r.data.size() <= limits_.max_bytes;
  };
  if (iterable.type == Value::Type::str) {  // the characters of a str
    if (bytes) return std::nullopt;
    if (separator.data.empty()) {
      r.data = std::move(iterable.data);
    } else {
      const auto offsets = cp_offsets(iterable.data);
      for (std::size_t k = 0; k + 1 < offsets.size(); ++k) {
        if (!add(std::string_view(iterable.data).substr(offsets[k], offsets[k + 1] - offsets[k]), k == 0)) {
          return std::nullopt;
        }
      }
    }
    append_chain(r.chain, iterable.chain);
    r.from_chr = iterable.from_chr;
  } else if (iterable.is_seq()) {
    bool first = true;
    for (auto& item : iterable.items) {
      if (!item.is_text() || item.is_bytes() != bytes || !add(item.data, first)) return std::nullopt;
      first = false;
      append_chain(r.chain, item.chain);
      r.from_chr = r.from_chr || item.from_chr;
    }
    append_chain(r.chain, iterable.chain);
  } else {
    return std::nullopt;  // iterating bytes gives ints
  }
  r.weight = r.data.size();
  return checked(std::move(r));
}

Opt Evaluator::method(TSNode object_node, std::string_view name, const Args& args, std::uint32_t depth,
                      const Env* env) {
  static constexpr std::array<std::string_view, 11> kMethods = {
      "join", "encode", "decode", "replace", "strip", "lstrip", "rstrip", "lower", "upper", "split", "fromhex"};
  if (std::find(kMethods.begin(), kMethods.end(), name) == kMethods.end()) return std::nullopt;
  Opt object = sub(object_node, depth, env);
  if (!object || !object->is_text()) return std::nullopt;
  settle(*object);
  const bool bytes = object->is_bytes();
  const auto same_type = [&](TSNode node) -> std::optional<std::string> {
    Opt v = sub(node, depth, env);
    if (!v || !v->is_text() || v->is_bytes() != bytes) return std::nullopt;
    return std::move(v->data);
  };

  if (name == "join") {
    if (!args.within(1, {})) return std::nullopt;
    Opt iterable = sub(args.get(0, ""), depth, env);
    if (!iterable) return std::nullopt;
    return join(std::move(*object), std::move(*iterable));
  }
  if (name == "encode" || name == "decode") {
    if (!args.within(2, {"encoding", "errors"}) || (name == "encode") == bytes) return std::nullopt;
    std::string encoding = "utf-8";
    if (const TSNode e = args.get(0, "encoding"); !is_null(e)) {
      auto value = sub_str(e, depth, env);
      if (!value) return std::nullopt;
      encoding = std::move(*value);
    }
    const auto text = text_encoding(encoding);  // errors= is ignored: strict is the only one modelled
    if (!text) return std::nullopt;
    auto converted = bytes ? decode_text(object->data, *text) : encode_text(object->data, *text);
    if (!converted) return std::nullopt;
    Value r = text_value(std::move(*converted), !bytes);
    r.chain = std::move(object->chain);
    return checked(std::move(r));
  }
  if (name == "replace") {
    if (!args.within(3, {"count"})) return std::nullopt;
    const auto old = same_type(args.get(0, ""));
    const auto replacement = same_type(args.get(1, ""));
    std::int64_t count = -1;
    if (const TSNode c = args.get(2, "count"); !is_null(c)) {
      const auto value = sub_int(c, depth, env);
      if (!value) return std::nullopt;
      count = *value;
    }
    if (!old || !replacement || old->empty()) return std::nullopt;
    // Byte-wise search is code-point-wise for UTF-8 (no match can start inside a character).
    std::string out;
    std::size_t pos = 0;
    for (std::int64_t done = 0; count < 0 || done < count; ++done) {
      const std::size_t found = object->data.find(*old, pos);
      if (found == std::string::npos) break;
      out.append(object->data, pos, found - pos);
      out += *replacement;
      pos = found + old->size();
      if (out.size() > limits_.max_bytes) return std::nullopt;
    }
    out.append(object->data, pos);
    Value r = text_value(std::move(out), bytes);
    r.chain = std::move(object->chain);
    r.chain.emplace_back(".replace");
    return checked(std::move(r));
  }
  if (name == "strip" || name == "lstrip" || name == "rstrip") {
    if (!args.within(1, {"chars"})) return std::nullopt;
    std::optional<std::vector<std::uint32_t>> chars;
    if (const TSNode c = args.get(0, "chars"); !is_null(c) && kind_of(c) != Kind::none) {
      const auto set = same_type(c);
      if (!set) return std::nullopt;
      chars.emplace();
      for (std::size_t i = 0; i < set->size();) {
        const std::size_t n = bytes ? 1 : cp_length(*set, i);
        chars->push_back(decode_cp(*set, i, n));
        i += n;
      }
    }
    const auto strippable = [&](std::uint32_t cp) {
      return chars ? std::find(chars->begin(), chars->end(), cp) != chars->end() : is_space_cp(cp, !bytes);
    };
    const std::string_view data = object->data;
    std::vector<std::size_t> offsets;
    if (bytes) {
      for (std::size_t i = 0; i <= data.size(); ++i) offsets.push_back(i);
    } else {
      offsets = cp_offsets(data);
    }
    std::size_t begin = 0, end = offsets.size() - 1;
    const auto cp_at = [&](std::size_t k) { return decode_cp(data, offsets[k], offsets[k + 1] - offsets[k]); };
    if (name != "rstrip") {
      while (begin < end && strippable(cp_at(begin))) ++begin;
    }
    if (name != "lstrip") {
      while (end > begin && strippable(cp_at(end - 1))) --end;
    }
    Value r = text_value(std::string(data.substr(offsets[begin], offsets[end] - offsets[begin])), bytes);
    r.chain = std::move(object->chain);
    return r;
  }
  if (name == "lower" || name == "upper") {
    if (!args.within(0, {})) return std::nullopt;
    if (!bytes && !is_ascii(object->data)) return std::nullopt;  // Unicode case mapping: not modelled
    for (char& c : object->data) {
      if (name == "lower" && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (name == "upper" && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    object->chain.push_back("." + std::string(name));
    return object;
  }
  if (name == "split") {
    if (!args.within(2, {"sep", "maxsplit"})) return std::nullopt;
    std::optional<std::string> separator;
    if (const TSNode s = args.get(0, "sep"); !is_null(s) && kind_of(s) != Kind::none) {
      separator = same_type(s);
      if (!separator || separator->empty()) return std::nullopt;
    }
    std::int64_t maxsplit = -1;
    if (const TSNode m = args.get(1, "maxsplit"); !is_null(m)) {
      const auto value = sub_int(m, depth, env);
      if (!value) return std::nullopt;
      maxsplit = *value;
    }
    const std::string_view data = object->data;
    std::vector<Value> parts;
    std::size_t weight = 0;
    const auto add = [&](std::string_view piece) {
      if (!step()) return false;
      weight += piece.size() + 1;
      parts.push_back(text_value(std::string(piece), bytes));
      return weight <= limits_.max_bytes;
    };
    if (separator) {
      std::size_t pos = 0;
      for (std::int64_t done = 0; maxsplit < 0 || done < maxsplit; ++done) {
        const std::size_t found = data.find(*separator, pos);
        if (found == std::string_view::npos) break;
        if (!add(data.substr(pos, found - pos))) return std::nullopt;
        pos = found + separator->size();
      }
      if (!add(data.substr(pos))) return std::nullopt;
    } else {  // runs of whitespace; no empty strings
      const auto space_at = [&](std::size_t i, std::size_t& n) {
        n = bytes ? 1 : cp_length(data, i);
        return is_space_cp(decode_cp(data, i, n), !bytes);
      };
      std::size_t i = 0, n = 0;
      std::int64_t done = 0;
      for (;;) {
        while (i < data.size() && space_at(i, n)) i += n;
        if (i == data.size()) break;
        if (maxsplit >= 0 && done == maxsplit) {  // the rest as it is, trailing whitespace included
          if (!add(data.substr(i))) return std::nullopt;
          break;
        }
        const std::size_t start = i;
        while (i < data.size() && !space_at(i, n)) i += n;
        if (!add(data.substr(start, i - start))) return std::nullopt;
        ++done;
      }
    }
    Value r = seq_value(std::move(parts));
    r.chain = std::move(object->chain);
    return r;
  }
  return std::nullopt;  // fromhex on a value (bytes.fromhex resolves as a function)
}

Opt Evaluator::attribute(TSNode node) {
  const ModuleModel& model = file_.model();
  const auto name = model.resolve(node, source_, model.scope_at(ts_node_start_byte(node)));
  if (name && name->name == "zlib.MAX_WBITS") return int_value(15);
  return std::nullopt;
}

// --- names ----------------------------------------------------------------------------------

void kill_identifiers(TSNode target, std::uint32_t end, std::string_view source, ScopeIndex& index) {
  for_each_node(target, [&](TSNode n) {
    const Kind k = kind_of(n);
    if (k == Kind::attribute || k == Kind::subscript) return Walk::skip_children;  // not a binding
    if (k == Kind::identifier) index[text_of(n, source)].push_back({end, Binding::Type::kill, {}});
    return Walk::descend;
  });
}

void record_assignment(TSNode node, std::string_view source, ScopeIndex& index) {
  const std::uint32_t end = ts_node_end_byte(node);
  std::vector<TSNode> targets;
  TSNode value = node;
  while (kind_of(value) == Kind::assignment) {
    targets.push_back(child(value, Field::left));
    value = child(value, Field::right);
    if (is_null(value)) return;  // `x: T` binds nothing
  }
  const bool usable = kind_of(value) != Kind::augmented_assignment && !type_is(value, "yield");
  for (const TSNode target : targets) {
    const Kind k = kind_of(target);
    if (k == Kind::identifier && usable) {
      index[text_of(target, source)].push_back({end, Binding::Type::assign, value});
      continue;
    }
    if ((k == Kind::pattern_list || k == Kind::tuple_pattern || k == Kind::list_pattern) && usable) {
      const Kind vk = kind_of(value);
      const auto names = named_children(target);
      const auto values = named_children(value);
      bool simple = (vk == Kind::expression_list || vk == Kind::tuple || vk == Kind::list) && names.size() == values.size();
      for (std::size_t i = 0; simple && i < names.size(); ++i) {
        simple = kind_of(names[i]) == Kind::identifier && kind_of(values[i]) != Kind::list_splat;
      }
      if (simple) {
        for (std::size_t i = 0; i < names.size(); ++i) {
          index[text_of(names[i], source)].push_back({end, Binding::Type::assign, values[i]});
        }
        continue;
      }
    }
    kill_identifiers(target, end, source, index);
  }
}

// The binding statements of a scope's body, not descending into expressions or nested
// function and class bodies.
ScopeIndex index_statements(TSNode body, std::string_view source) {
  static constexpr std::array<std::string_view, 11> kContainers = {
      "if_statement",  "elif_clause",          "else_clause",    "while_statement", "try_statement", "except_clause",
      "except_group_clause", "finally_clause", "with_statement", "match_statement", "case_clause"};
  ScopeIndex index;
  std::vector<TSNode> stack{body};
  const auto push = [&](TSNode n) {
    if (!is_null(n)) stack.push_back(n);
  };
  const auto push_children = [&](TSNode n) {
    for (std::uint32_t i = ts_node_named_child_count(n); i-- > 0;) push(ts_node_named_child(n, i));
  };
  const auto kill_name = [&](TSNode name, std::uint32_t end) {
    if (!is_null(name)) index[text_of(name, source)].push_back({end, Binding::Type::kill, {}});
  };
  while (!stack.empty()) {
    const TSNode n = stack.back();
    stack.pop_back();
    const std::uint32_t end = ts_node_end_byte(n);
    switch (kind_of(n)) {
      case Kind::module:
      case Kind::block: push_children(n); break;
      case Kind::expression_statement:
        for (const TSNode statement : named_children(n)) {
          if (kind_of(statement) == Kind::assignment) {
            record_assignment(statement, source, index);
          } else if (kind_of(statement) == Kind::augmented_assignment) {
            const TSNode left = child(statement, Field::left);
            const bool add = text_of(child(statement, Field::operator_), source) == "+=";
            if (kind_of(left) == Kind::identifier && add) {
              index[text_of(left, source)].push_back({end, Binding::Type::augment, child(statement, Field::right)});
            } else {
              kill_identifiers(left, end, source, index);
            }
          }
        }
        break;
      case Kind::function_definition:
      case Kind::class_definition: kill_name(child(n, Field::name), end); break;
      case Kind::decorated_definition: kill_name(child(child(n, Field::definition), Field::name), end); break;
      case Kind::import_statement:
      case Kind::import_from_statement:
        for (std::uint32_t i = 0, count = ts_node_child_count(n); i < count; ++i) {
          const char* f = ts_node_field_name_for_child(n, i);
          if (f == nullptr || std::string_view(f) != "name") continue;
          const TSNode imported = ts_node_child(n, i);
          if (kind_of(imported) == Kind::aliased_import) {
            kill_name(child(imported, Field::alias), end);
          } else if (kind_of(imported) == Kind::dotted_name && ts_node_named_child_count(imported) > 0) {
            // `import a.b` binds a; `from m import a` binds a
            kill_name(ts_node_named_child(imported, 0), end);
          }
        }
        break;
      case Kind::delete_statement: kill_identifiers(n, end, source, index); break;
      case Kind::for_statement: {
        const TSNode left = child(n, Field::left);
        kill_identifiers(left, ts_node_end_byte(left), source, index);
        push(field(n, "alternative"));
        push(child(n, Field::body));
        break;
      }
      default: {
        const std::string_view type = ts_node_type(n);
        if (std::find(kContainers.begin(), kContainers.end(), type) == kContainers.end()) break;
        if (type == "with_statement") {
          for (const TSNode part : named_children(n)) {
            if (kind_of(part) == Kind::block) continue;
            for_each_node(part, [&](TSNode t) {
              if (kind_of(t) == Kind::as_pattern_target) kill_identifiers(t, ts_node_end_byte(t), source, index);
            });
          }
        }
        push_children(n);
      }
    }
  }
  for (auto& [name, bindings] : index) {
    std::stable_sort(bindings.begin(), bindings.end(), [](const Binding& a, const Binding& b) { return a.end < b.end; });
  }
  return index;
}

// The body a scope's names are assigned in: the module, a function's or a class's body.
TSNode scope_body(const Scope& scope, TSNode root) {
  TSNode n = ts_node_descendant_for_byte_range(root, scope.start_byte, scope.end_byte);
  for (int up = 0; up < 16 && !is_null(n); ++up, n = ts_node_parent(n)) {
    const Kind k = kind_of(n);
    if (scope.type == Scope::Type::function && k == Kind::function_definition && ts_node_end_byte(n) == scope.end_byte) {
      return child(n, Field::body);
    }
    if (scope.type == Scope::Type::class_ && k == Kind::class_definition) {
      const TSNode body = child(n, Field::body);
      if (ts_node_start_byte(body) == scope.start_byte && ts_node_end_byte(body) == scope.end_byte) return body;
    }
  }
  return TSNode{};
}

const ScopeIndex& Evaluator::index_of(std::uint32_t scope, TSNode root) {
  const auto found = indexes_.find(scope);
  if (found != indexes_.end()) return found->second;
  const TSNode body = scope == 0 ? root : scope_body(file_.model().scopes()[scope], root);
  return indexes_.emplace(scope, is_null(body) ? ScopeIndex{} : index_statements(body, source_)).first->second;
}

Opt Evaluator::resolve_binding(const std::vector<Binding>& bindings, std::size_t index, std::uint32_t depth) {
  // NAME += v after NAME = base: base + v + ...
  std::vector<TSNode> additions;
  while (bindings[index].type == Binding::Type::augment) {
    additions.push_back(bindings[index].value);
    if (index == 0) return std::nullopt;
    --index;
  }
  if (bindings[index].type != Binding::Type::assign) return std::nullopt;
  Opt value = sub(bindings[index].value, depth, nullptr);
  for (auto it = additions.rbegin(); value && it != additions.rend(); ++it) {
    Opt right = sub(*it, depth, nullptr);
    if (!right) return std::nullopt;
    value = apply_binary("+", std::move(*value), std::move(*right));
  }
  return value;
}

Opt Evaluator::name(TSNode node, std::uint32_t depth, const Env* env) {
  const std::string_view name = text_of(node, source_);
  for (const Env* e = env; e != nullptr; e = e->next) {
    if (e->name == name) return *e->value;
  }
  const auto found = binding_of(node);
  if (!found) return std::nullopt;
  return resolve_binding(*found->first, found->second, depth);
}

std::optional<std::pair<const std::vector<Binding>*, std::size_t>> Evaluator::binding_of(TSNode node) {
  const std::string_view name = text_of(node, source_);
  const ModuleModel& model = file_.model();
  const auto& scopes = model.scopes();
  const std::string key(name);
  const std::uint32_t use = ts_node_start_byte(node);
  std::uint32_t scope = model.scope_at(use);
  // Only assignments before the use count while the code runs as it is read (the module, a
  // class body, a comprehension); from inside a function, the binding it ends with.
  bool before = true;
  for (std::size_t guard = 0;; ++guard) {
    if (guard > scopes.size()) return std::nullopt;
    const Scope& s = scopes[scope];
    if (scope != 0 && s.globals.count(key)) {
      scope = 0;
      before = false;
      break;
    }
    if (!s.nonlocals.count(key) && s.bindings.count(key)) break;
    if (scope == 0) return std::nullopt;  // a builtin or unbound
    if (s.type == Scope::Type::function || s.type == Scope::Type::lambda) before = false;
    scope = model.enclosing(scope);
  }
  const Scope::Type type = scopes[scope].type;
  if (type == Scope::Type::lambda || type == Scope::Type::comprehension) return std::nullopt;  // a parameter
  const ScopeIndex& index = index_of(scope, ts_tree_root_node(node.tree));
  const auto found = index.find(name);
  if (found == index.end()) return std::nullopt;  // a parameter, loop variable, import...
  const auto& bindings = found->second;
  std::size_t count = bindings.size();
  if (before) {
    count = static_cast<std::size_t>(
        std::upper_bound(bindings.begin(), bindings.end(), use, [](std::uint32_t u, const Binding& b) { return u < b.end; }) -
        bindings.begin());
  }
  if (count == 0) return std::nullopt;
  return std::pair{&bindings, count - 1};
}

}  // namespace

struct StaticValueCache::Indexes {
  std::unordered_map<std::uint32_t, ScopeIndex> by_scope;
};
StaticValueCache::StaticValueCache() : indexes_(std::make_unique<Indexes>()) {}
StaticValueCache::~StaticValueCache() = default;

std::optional<StaticValue> static_value(TSNode expression, const ResolvedFile& file, const StaticLimits& limits,
                                        StaticValueCache* cache) {
  Evaluator evaluator(file, limits, cache != nullptr ? &cache->indexes().by_scope : nullptr);
  auto value = evaluator.eval(expression, 0, nullptr);
  if (!value || !value->is_text() || value->data.size() > limits.max_bytes) return std::nullopt;
  settle(*value);
  return StaticValue{std::move(value->data), value->is_bytes(), std::move(value->chain)};
}

TSNode assigned_value(TSNode identifier, const ResolvedFile& file, StaticValueCache* cache) {
  if (kind_of(identifier) != Kind::identifier) return TSNode{};
  Evaluator evaluator(file, {}, cache != nullptr ? &cache->indexes().by_scope : nullptr);
  const auto found = evaluator.binding_of(identifier);
  if (!found) return TSNode{};
  const Binding& binding = (*found->first)[found->second];
  return binding.type == Binding::Type::assign ? binding.value : TSNode{};
}

std::string excerpt(const StaticValue& value, std::size_t max_chars) {
  return printable_excerpt(value.bytes, max_chars);
}

}  // namespace warden::detail
