#include "pickle_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <utility>

#include "hex_digit.hpp"
#include "python_repr.hpp"
#include "utf8.hpp"

namespace warden::detail {
namespace {

// Container caps: a container keeps the reprs of its first kMaxItems items, and stops adding
// once they pass kMaxContainerChars; nesting deeper than kMaxNesting is no constant at all.
constexpr std::size_t kMaxItems = 64;
constexpr std::size_t kMaxContainerChars = 2048;
constexpr std::uint8_t kMaxNesting = 16;

// A numpy.dtype a pickle made (REDUCE of numpy.dtype, then BUILD with its state): what joblib
// needs to know how many raw bytes an array it writes after the pickle's BUILD takes.
struct Dtype {
  std::optional<std::uint64_t> itemsize;
  bool object = false;  // holds Python objects: joblib writes a pickle, not raw bytes
};

// What a joblib NumpyArrayWrapper's state dict says of the array that follows it.
struct ArrayFields {
  std::shared_ptr<Dtype> dtype;
  std::optional<std::uint64_t> elements;  // the shape's product (nullopt: unknown or too large)
  bool shape = false, alignment = false;  // the keys were set
};

// The items of a tuple, list or dict as reprs. Shared between the stack and the memo, as the
// object is in Python, so an APPEND after a PUT shows in what a GET gets back. Items are kept
// as text, never as values, so no container can hold itself.
struct Items {
  std::vector<std::string> reprs;   // each item's repr; a dict's as "key: value"
  std::vector<std::string> keys;    // dict: each key's text when it is a str, else ""
  std::vector<std::string> values;  // dict: each value's repr
  std::size_t chars = 0;
  bool constant = true;             // every item is a constant
  bool cut = false;                 // items past the caps were left out
  ArrayFields array;                // dict: the keys joblib's array wrapper reads
};

// What the symbolic stack holds: a mark, a str or bytes (Python 3 decodes the protocol 0-2
// STRING opcodes to str), another constant (its repr), a container of constants, a callable,
// or any other value (an object a call made, a persistent id, ...).
struct Value {
  enum class Kind : std::uint8_t { mark, str, bytes, scalar, tuple, list, dict, callable, other };
  Kind kind = Kind::other;
  bool bytearray = false;
  std::uint8_t nesting = 0;              // containers: how deep they nest
  std::string text;                      // str, bytes: the content (cut at max_string); scalar: its repr
  std::optional<std::size_t> callable;   // callable: index into PickleScan::callables
  std::shared_ptr<Items> items;          // tuple, list, dict
  std::shared_ptr<Dtype> dtype;          // a numpy.dtype the pickle made (shared like the object)

  bool is_text() const noexcept { return kind == Kind::str || kind == Kind::bytes; }
  bool is_container() const noexcept { return kind == Kind::tuple || kind == Kind::list || kind == Kind::dict; }
  bool constant() const noexcept {
    return kind == Kind::str || kind == Kind::bytes || kind == Kind::scalar || (is_container() && items->constant);
  }
};

Value scalar(std::string repr) {
  Value v;
  v.kind = Value::Kind::scalar;
  v.text = std::move(repr);
  return v;
}

Value callable_value(std::size_t index) {
  Value v;
  v.kind = Value::Kind::callable;
  v.callable = index;
  return v;
}

Value container(Value::Kind kind) {
  Value v;
  v.kind = kind;
  v.items = std::make_shared<Items>();
  return v;
}

// The repr of a constant, cut to kMaxArgumentChars; nullopt for what is not a constant.
std::optional<std::string> repr_of(const Value& v) {
  switch (v.kind) {
    case Value::Kind::str:
      return shortened(repr_str(std::string_view(v.text).substr(0, kMaxArgumentChars + 1)), kMaxArgumentChars);
    case Value::Kind::bytes:
      return shortened(repr_bytes(std::string_view(v.text).substr(0, kMaxArgumentChars + 1), v.bytearray),
                       kMaxArgumentChars);
    case Value::Kind::scalar: return v.text;
    case Value::Kind::tuple: case Value::Kind::list: case Value::Kind::dict: {
      if (!v.items->constant) return std::nullopt;
      const char* open = v.kind == Value::Kind::tuple ? "(" : v.kind == Value::Kind::list ? "[" : "{";
      const char* close = v.kind == Value::Kind::tuple ? ")" : v.kind == Value::Kind::list ? "]" : "}";
      std::string out = open;
      for (std::size_t i = 0; i < v.items->reprs.size(); ++i) out += (i ? ", " : "") + v.items->reprs[i];
      if (v.items->cut) out += v.items->reprs.empty() ? "..." : ", ...";
      if (v.kind == Value::Kind::tuple && v.items->reprs.size() == 1 && !v.items->cut) out += ",";
      return shortened(out + close, kMaxArgumentChars);
    }
    default: return std::nullopt;
  }
}

// An int's repr as a number; nullopt for anything else or a negative.
std::optional<std::uint64_t> unsigned_of(std::string_view repr) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(repr.data(), repr.data() + repr.size(), v);
  if (ec != std::errc{} || end != repr.data() + repr.size()) return std::nullopt;
  return v;
}

// The product of a shape tuple of ints; nullopt when it is no such tuple or overflows.
std::optional<std::uint64_t> elements_of(const Value& shape) {
  if (shape.kind != Value::Kind::tuple || !shape.items->constant || shape.items->cut) return std::nullopt;
  std::uint64_t product = 1;
  for (const std::string& repr : shape.items->reprs) {
    const auto n = unsigned_of(repr);
    if (!n || (*n != 0 && product > UINT64_MAX / *n)) return std::nullopt;
    product *= *n;
  }
  return product;
}

// Adds `item` (and, for a dict, its `key`) to a container's items, within the caps.
void add_item(Value& to, const Value& item, const Value* key = nullptr) {
  Items& items = *to.items;
  if (key != nullptr && key->kind == Value::Kind::str) {  // what a joblib array's size needs, constant or not
    if (key->text == "dtype") items.array.dtype = item.dtype;
    if (key->text == "shape") {
      items.array.shape = true;
      items.array.elements = elements_of(item);
    }
    if (key->text == "numpy_array_alignment_bytes") items.array.alignment = item.kind != Value::Kind::scalar || item.text != "None";
  }
  const bool constant = item.constant() && (key == nullptr || key->constant());
  if (!constant) {
    items.constant = false;
    return;
  }
  to.nesting = std::max<std::uint8_t>(to.nesting, static_cast<std::uint8_t>(item.nesting + 1));
  if (to.nesting > kMaxNesting) items.constant = false;
  if (!items.constant) return;
  if (items.cut || items.reprs.size() >= kMaxItems || items.chars >= kMaxContainerChars) {
    items.cut = true;
    return;
  }
  std::string repr = *repr_of(item);
  if (key != nullptr) {
    items.keys.push_back(key->kind == Value::Kind::str ? key->text : std::string());
    items.values.push_back(repr);
    repr = *repr_of(*key) + ": " + repr;
  }
  items.chars += repr.size();
  items.reprs.push_back(std::move(repr));
}

// Python 2 module names that Python 3's unpickler maps (_compat_pickle.IMPORT_MAPPING, the
// entries that lead to code execution or to the builtins).
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kPython2Modules = {{
    {"__builtin__", "builtins"},
    {"copy_reg", "copyreg"},
    {"commands", "subprocess"},
    {"cPickle", "pickle"},
    {"exceptions", "builtins"},
    {"UserDict", "collections"},
}};

std::string_view trimmed(std::string_view s) noexcept {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// int(text) of a protocol 0 INT or LONG line as its repr: optional sign, decimal digits with
// single underscores between them (LONG also takes 0x/0o/0b, as int(text, 0) does, kept as
// written); nullopt when Python would raise.
std::optional<std::string> int_repr(std::string_view text, bool prefixed_allowed) {
  std::string_view s = trimmed(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  const bool prefixed = prefixed_allowed && s.size() > 2 && s[0] == '0' && std::strchr("xXoObB", s[1]) != nullptr;
  const std::string_view body = prefixed ? s.substr(2) : s;
  std::string digits;
  bool last_underscore = true;  // no leading underscore
  for (const char c : body) {
    if (c == '_') {
      if (last_underscore) return std::nullopt;
      last_underscore = true;
      continue;
    }
    const bool digit = prefixed ? hex_digit(c) >= 0 : c >= '0' && c <= '9';
    if (!digit) return std::nullopt;
    digits.push_back(c);
    last_underscore = false;
  }
  if (digits.empty() || last_underscore) return std::nullopt;
  if (prefixed) return std::string(negative ? "-" : "") + std::string(s.substr(0, 2)) + digits;
  const std::size_t first = std::min(digits.find_first_not_of('0'), digits.size() - 1);
  digits.erase(0, first);
  return (negative && digits != "0" ? "-" : "") + digits;
}

// float(text) of a protocol 0 FLOAT line, or nullopt when Python would raise.
std::optional<double> float_value(std::string_view text) {
  std::string_view s = trimmed(text);
  std::string kept;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      const bool between = i > 0 && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
                           std::isdigit(static_cast<unsigned char>(s[i + 1]));
      if (!between) return std::nullopt;
      continue;
    }
    kept.push_back(s[i]);
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(kept.data(), kept.data() + kept.size(), v);
  if (ec != std::errc{} || end != kept.data() + kept.size() || kept.empty()) return std::nullopt;
  return v;
}

bool starts_like_protocol_0_or_1(unsigned char op) noexcept {
  // The opcodes a protocol 0/1 pickle of Python can start with (a global, a mark, an empty
  // container, a constant, a persistent id).
  return op != 0 && std::strchr("c(])}NIJKLMFGSTUVXP", op) != nullptr;
}

class Reader {
 public:
  Reader(std::string_view bytes, const PickleLimits& limits, PickleScan& out, std::uint32_t depth)
      : bytes_(bytes), limits_(limits), out_(out), depth_(depth) {}

  // Reads the pickles from the start, one after another (a loader may call pickle.load again
  // and again on one file). PyTorch's legacy files stack several, then raw storage bytes; what
  // follows the last pickle is left for the caller. A next pickle starting with PROTO is read
  // whatever it holds; a protocol 0/1 one has nothing to announce it, so it is kept only when
  // it names a callable and reads to its STOP, or calls one before bad data (the load runs
  // that call): random bytes do neither.
  void read_all() {
    if (!one_pickle()) return;
    while (out_.pickles < limits_.max_pickles && pos_ < bytes_.size()) {
      const auto next = static_cast<unsigned char>(bytes_[pos_]);
      if (next == 0x80) {
        if (!one_pickle()) return;
        continue;
      }
      if (!starts_like_protocol_0_or_1(next)) return;
      const std::size_t callables = out_.callables.size(), nested = out_.nested.size(), pos = pos_;
      const std::uint32_t pickles = out_.pickles;
      const int protocol = out_.protocol;
      const std::uint64_t end = out_.end;
      const bool complete = one_pickle();
      const auto named = [&](bool call) {
        return std::any_of(out_.callables.begin() + static_cast<std::ptrdiff_t>(callables), out_.callables.end(),
                           [&](const PickleCallable& c) {
                             return (!call || c.use == PickleCallable::Use::call) && python_dotted_name(c.module) &&
                                    python_dotted_name(c.name);
                           });
      };
      if (complete && named(false)) continue;
      if (!complete && named(true)) return;
      out_.callables.resize(callables);  // not a pickle: data after the last one
      out_.nested.resize(nested);
      out_.pickles = pickles;
      out_.protocol = protocol;
      out_.end = end;
      out_.error.reset();
      pos_ = pos;
      return;
    }
  }

 private:
  // Reads one pickle from `pos_` to its STOP; false (with out_.error set) on bad data.
  bool one_pickle();

  bool fail(std::uint64_t at, std::string message, bool truncated = false, std::uint64_t needed = 0) {
    out_.error = PickleError{at, std::move(message), truncated, truncated ? std::max<std::uint64_t>(needed, bytes_.size() + 1) : 0};
    return false;
  }
  bool cut_short(std::uint64_t at, std::string message) { return fail(at, std::move(message), true); }
  // A length that runs past the end: the data would need `pos_ + length` bytes.
  bool past_end(std::uint64_t at, std::string message, std::uint64_t length) {
    const std::uint64_t needed = length > UINT64_MAX - pos_ ? UINT64_MAX : pos_ + length;
    return fail(at, std::move(message), true, needed);
  }
  bool need(std::size_t n) const noexcept { return bytes_.size() - pos_ >= n; }
  std::uint64_t little_endian(std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{static_cast<unsigned char>(bytes_[pos_ + i])} << (8 * i);
    pos_ += n;
    return v;
  }
  // A '\n'-terminated argument (protocol 0 opcodes); nullopt when the data ends first.
  std::optional<std::string_view> line() {
    const std::size_t nl = bytes_.find('\n', pos_);
    if (nl == std::string_view::npos) return std::nullopt;
    const std::string_view l = bytes_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    return l;
  }
  std::string capped(std::string_view s) const { return std::string(s.substr(0, limits_.max_string)); }

  void push(Value v) { stack_.push_back(std::move(v)); }
  void push_other() { stack_.push_back(Value{}); }
  std::optional<Value> pop() {
    if (stack_.empty()) return std::nullopt;
    Value v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  // Pops down to the topmost mark; the items above it, bottom first. nullopt without a mark.
  std::optional<std::vector<Value>> pop_mark() {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      if (stack_[i].kind == Value::Kind::mark) {
        std::vector<Value> items(std::make_move_iterator(stack_.begin() + static_cast<std::ptrdiff_t>(i) + 1),
                                 std::make_move_iterator(stack_.end()));
        stack_.resize(i);
        return items;
      }
    }
    return std::nullopt;
  }

  std::size_t add_callable(std::string module, std::string name, std::uint64_t at, std::string_view opcode) {
    if (out_.protocol < 3) {
      for (const auto& [from, to] : kPython2Modules) {
        if (module == from) module = std::string(to);
      }
    }
    PickleCallable c;
    c.module = std::move(module);
    c.name = std::move(name);
    c.offset = at;
    c.opcode = opcode;
    c.pickle = out_.pickles;
    out_.callables.push_back(std::move(c));
    return out_.callables.size() - 1;
  }
  // A call of `callee` (the value below the arguments); calls of values that are not a
  // callable the pickle named (a list, a number) cannot run code and are not listed.
  void add_call(const Value& callee, std::uint64_t at, std::string_view opcode, std::vector<std::string> arguments) {
    if (callee.kind != Value::Kind::callable || !callee.callable) return;
    PickleCallable c = out_.callables[*callee.callable];
    c.use = PickleCallable::Use::call;
    c.offset = at;
    c.opcode = opcode;
    c.pickle = out_.pickles;
    c.arguments = std::move(arguments);
    out_.callables.push_back(std::move(c));
  }
  // The object a call made: calling it again (REDUCE on it, BUILD) is a call of what made it.
  static Value result_of(const Value& callee) {
    Value v;
    if (callee.kind == Value::Kind::callable) {
      v.kind = Value::Kind::callable;
      v.callable = callee.callable;
    }
    return v;
  }
  // The arguments of a call given as a tuple (or list) of constants; none otherwise.
  static std::vector<std::string> arguments_of(const Value& args) {
    if ((args.kind != Value::Kind::tuple && args.kind != Value::Kind::list) || !args.items->constant) return {};
    const auto& reprs = args.items->reprs;
    return {reprs.begin(), reprs.begin() + static_cast<std::ptrdiff_t>(std::min(reprs.size(), kMaxArguments))};
  }
  // The arguments of a call given as values on the stack (OBJ, INST), from `first`.
  static std::vector<std::string> arguments_of(const std::vector<Value>& items, std::size_t first) {
    std::vector<std::string> out;
    for (std::size_t i = first; i < items.size(); ++i) {
      auto repr = repr_of(items[i]);
      if (!repr) return {};
      if (out.size() < kMaxArguments) out.push_back(std::move(*repr));
    }
    return out;
  }

  // Whether `v` is the callable `module`.`name` or an object it made; a `module` of one
  // component also matches a package's submodule of that name (joblib.numpy_pickle,
  // sklearn.externals.joblib.numpy_pickle).
  bool made_by(const Value& v, std::string_view module, std::string_view name) const {
    if (v.kind != Value::Kind::callable || !v.callable) return false;
    const PickleCallable& c = out_.callables[*v.callable];
    if (c.name != name) return false;
    return c.module == module || (c.module.size() > module.size() && c.module.ends_with(module) &&
                                  c.module[c.module.size() - module.size() - 1] == '.');
  }
  bool joblib_array(std::uint64_t at, const Value& state);
  bool inline_pickle(std::uint64_t at);

  bool string_op(std::uint64_t at, std::size_t length_bytes, std::string_view what, Value::Kind kind,
                 bool may_hold_pickle, bool bytearray = false);
  bool quoted_string(std::uint64_t at);
  bool unicode_line(std::uint64_t at);
  void maybe_nested(std::uint64_t offset, std::string_view content);

  std::string_view bytes_;
  const PickleLimits& limits_;
  PickleScan& out_;
  std::uint32_t depth_;
  std::size_t pos_ = 0;
  std::uint32_t inline_depth_ = 0;  // pickles read inside this one's data (joblib's object arrays)
  std::vector<Value> stack_;
  std::unordered_map<std::uint64_t, Value> memo_;
};

// The dtype numpy.dtype(args) makes: its size from the type string ('f4', '<i8', 'V12'; 'U3'
// counts 4 bytes a character), object when it is 'O'. BUILD's state may say more.
std::shared_ptr<Dtype> dtype_of(const Value& args) {
  auto dtype = std::make_shared<Dtype>();
  if (args.kind != Value::Kind::tuple || !args.items->constant || args.items->reprs.empty()) return dtype;
  std::string_view type = args.items->reprs[0];
  if (type.size() < 3 || type.front() != '\'' || type.back() != '\'') return dtype;
  type = type.substr(1, type.size() - 2);
  while (!type.empty() && std::strchr("<>|=", type.front()) != nullptr) type.remove_prefix(1);
  if (type.empty()) return dtype;
  dtype->object = type.front() == 'O';
  const std::size_t digits = type.find_first_of("0123456789");
  if (digits == std::string_view::npos) return dtype;
  const auto size = unsigned_of(type.substr(digits));
  if (size && *size <= (1u << 30)) dtype->itemsize = type.front() == 'U' ? *size * 4 : *size;
  return dtype;
}

// numpy's dtype state: (version, byte order, subarray, names, fields, elsize, alignment,
// flags[, metadata]); elsize -1 keeps the type string's size, flag 1 marks Python objects.
void set_dtype_state(Dtype& dtype, const Value& state) {
  if (state.kind != Value::Kind::tuple || !state.items->constant || state.items->reprs.size() < 8) return;
  if (const auto elsize = unsigned_of(state.items->reprs[5])) dtype.itemsize = *elsize;
  if (const auto flags = unsigned_of(state.items->reprs[7])) dtype.object = dtype.object || (*flags & 1u) != 0;
}

// joblib.load reads an array right after its NumpyArrayWrapper's BUILD, outside the pickle's
// opcodes: raw bytes (behind a padding length byte and that much padding when the state asks
// for alignment), or, for an array of Python objects, a pickle of its own. The pickle goes on
// after them.
bool Reader::joblib_array(std::uint64_t at, const Value& state) {
  if (state.kind != Value::Kind::dict) return fail(at, "joblib NumpyArrayWrapper: its state is no dict (malformed)");
  const ArrayFields& array = state.items->array;
  if (array.dtype && array.dtype->object) return inline_pickle(at);
  if (!array.dtype || !array.dtype->itemsize || !array.elements) {
    return fail(at, "joblib NumpyArrayWrapper: the array's dtype or shape is not constant, so where the pickle goes on is unknown");
  }
  if (array.alignment) {
    if (!need(1)) return cut_short(at, "joblib array: the data ends before its padding");
    const std::size_t padding = static_cast<unsigned char>(bytes_[pos_++]);
    if (!need(padding)) return past_end(at, "joblib array: its padding runs past the end of the data", padding);
    pos_ += padding;
  }
  const std::uint64_t itemsize = *array.dtype->itemsize;
  if (itemsize != 0 && *array.elements > UINT64_MAX / itemsize) return fail(at, "joblib array: its size overflows (malformed)");
  const std::uint64_t n = *array.elements * itemsize;
  if (n > bytes_.size() - pos_) {
    return past_end(at, fmt::format("joblib array: its {} bytes run past the end of the data", n), n);
  }
  pos_ += static_cast<std::size_t>(n);
  return true;
}

// A pickle read in the middle of this one's data (its own stack and memo), then back.
bool Reader::inline_pickle(std::uint64_t at) {
  if (inline_depth_ >= limits_.max_depth) {
    return fail(at, fmt::format("a pickle inside a pickle's data {} deep is not read (max_depth)", inline_depth_ + 1));
  }
  std::vector<Value> stack = std::move(stack_);
  std::unordered_map<std::uint64_t, Value> memo = std::move(memo_);
  ++inline_depth_;
  const bool read = one_pickle();
  --inline_depth_;
  stack_ = std::move(stack);
  memo_ = std::move(memo);
  return read;
}

// A byte string that is itself a pickle (what a nested pickle.loads would read): read it too,
// as deep as the limit allows. A PROTO start is kept whatever the reader finds; a protocol 0/1
// start only when it reads to its STOP cleanly, so ordinary bytes ending in '.' stay bytes.
void Reader::maybe_nested(std::uint64_t offset, std::string_view content) {
  if (!looks_like_pickle(content)) return;
  NestedPickle nested;
  nested.offset = offset;
  if (depth_ + 1 > limits_.max_depth) {
    nested.scan.error = PickleError{0, fmt::format("a pickle nested {} deep is not read (max_depth)", depth_ + 1)};
  } else {
    Reader inner(content, limits_, nested.scan, depth_ + 1);
    inner.read_all();
    if (static_cast<unsigned char>(content[0]) != 0x80 && nested.scan.error) return;
  }
  out_.nested.push_back(std::move(nested));
}

// A string whose length comes first, in `length_bytes` little-endian bytes.
bool Reader::string_op(std::uint64_t at, std::size_t length_bytes, std::string_view what, Value::Kind kind,
                       bool may_hold_pickle, bool bytearray) {
  if (!need(length_bytes)) return cut_short(at, fmt::format("{}: truncated length", what));
  const std::uint64_t n = little_endian(length_bytes);
  if (n > bytes_.size() - pos_) {
    return past_end(at, fmt::format("{}: length {} runs past the end of the data", what, n), n);
  }
  const std::string_view content = bytes_.substr(pos_, static_cast<std::size_t>(n));
  Value v;
  v.kind = kind;
  v.bytearray = bytearray;
  v.text = capped(content);
  if (may_hold_pickle) maybe_nested(pos_, content);
  pos_ += static_cast<std::size_t>(n);
  push(std::move(v));
  return true;
}

// STRING: a quoted repr on one line ('os' or "os"), with backslash escapes.
bool Reader::quoted_string(std::uint64_t at) {
  const auto l = line();
  if (!l) return cut_short(at, "STRING: no end of line");
  std::string_view s = *l;
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front()) {
    return fail(at, "STRING: the argument is not a quoted string");
  }
  s = s.substr(1, s.size() - 2);
  Value v;
  v.kind = Value::Kind::str;
  bool whole = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (v.text.size() >= limits_.max_string) {
      whole = false;
      break;
    }
    if (s[i] != '\\' || i + 1 == s.size()) {
      v.text.push_back(s[i]);
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 'n': v.text.push_back('\n'); break;
      case 't': v.text.push_back('\t'); break;
      case 'r': v.text.push_back('\r'); break;
      case '0': v.text.push_back('\0'); break;
      case 'x':
        if (i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
          v.text.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
          i += 2;
          break;
        }
        v.text.push_back(e);
        break;
      default: v.text.push_back(e);  // \\ \' \" and what Warden does not decode
    }
  }
  if (whole) maybe_nested(at, v.text);
  push(std::move(v));
  return true;
}

// UNICODE: raw-unicode-escape on one line: \uXXXX and \UXXXXXXXX, other bytes as they are.
bool Reader::unicode_line(std::uint64_t at) {
  const auto l = line();
  if (!l) return cut_short(at, "UNICODE: no end of line");
  const std::string_view s = *l;
  Value v;
  v.kind = Value::Kind::str;
  for (std::size_t i = 0; i < s.size() && v.text.size() < limits_.max_string; ++i) {
    const std::size_t digits = i + 1 < s.size() && s[i] == '\\' ? (s[i + 1] == 'u' ? 4 : s[i + 1] == 'U' ? 8 : 0) : 0;
    if (digits == 0 || i + 2 + digits > s.size()) {
      v.text.push_back(s[i]);
      continue;
    }
    std::uint32_t cp = 0;
    bool hex = true;
    for (std::size_t k = i + 2; k < i + 2 + digits; ++k) {
      const int d = hex_digit(s[k]);
      if (d < 0) hex = false;
      cp = cp * 16 + static_cast<std::uint32_t>(d < 0 ? 0 : d);
    }
    if (!hex || cp > 0x10FFFF) {
      v.text.push_back(s[i]);
      continue;
    }
    append_code_point(v.text, cp);
    i += 1 + digits;
  }
  push(std::move(v));
  return true;
}

bool Reader::one_pickle() {
  stack_.clear();
  memo_.clear();
  const auto underflow = [&](std::uint64_t at, std::string_view op) {
    return fail(at, fmt::format("{}: the stack has too few items (malformed pickle)", op));
  };
  const auto no_mark = [&](std::uint64_t at, std::string_view op) {
    return fail(at, fmt::format("{}: no MARK on the stack (malformed pickle)", op));
  };
  const auto get = [&](std::uint64_t at, std::uint64_t key) {
    const auto it = memo_.find(key);
    if (it == memo_.end()) return fail(at, fmt::format("memo key {} was never stored (malformed pickle)", key));
    push(it->second);
    return true;
  };
  const auto put = [&](std::uint64_t at, std::uint64_t key) {
    if (stack_.empty()) return underflow(at, "PUT");
    memo_.insert_or_assign(key, stack_.back());
    return true;
  };
  const auto fixed = [&](std::uint64_t at, std::size_t n, std::string_view op) -> std::optional<std::uint64_t> {
    if (!need(n)) {
      cut_short(at, fmt::format("{}: truncated argument", op));
      return std::nullopt;
    }
    return little_endian(n);
  };
  const auto decimal_line = [&](std::uint64_t at, std::string_view op) -> std::optional<std::uint64_t> {
    const auto l = line();
    if (!l) {
      cut_short(at, fmt::format("{}: no end of line", op));
      return std::nullopt;
    }
    std::uint64_t v = 0;
    bool digits = false;
    for (const char c : *l) {
      if (c == '\r') break;
      if (c < '0' || c > '9' || v > (UINT64_MAX - 9) / 10) {
        digits = false;
        break;
      }
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
      digits = true;
    }
    if (!digits) {
      fail(at, fmt::format("{}: the argument is not a decimal number", op));
      return std::nullopt;
    }
    return v;
  };
  // A container of the items above the topmost mark (LIST, TUPLE, DICT).
  const auto from_mark = [&](std::uint64_t at, Value::Kind kind, std::string_view op) {
    auto items = pop_mark();
    if (!items) return no_mark(at, op);
    Value v = container(kind);
    if (kind == Value::Kind::dict) {
      for (std::size_t i = 0; i + 1 < items->size(); i += 2) add_item(v, (*items)[i + 1], &(*items)[i]);
    } else {
      for (const Value& item : *items) add_item(v, item);
    }
    push(std::move(v));
    return true;
  };

  while (pos_ < bytes_.size()) {
    const std::uint64_t at = pos_;
    const auto op = static_cast<unsigned char>(bytes_[pos_++]);
    switch (op) {
      case '(': {                                                                    // MARK
        Value mark;
        mark.kind = Value::Kind::mark;
        push(std::move(mark));
        break;
      }
      case '.':                                                                      // STOP
        // The load's result: an item above the topmost mark, or Python's stack underflows.
        if (stack_.empty() || stack_.back().kind == Value::Kind::mark) return underflow(at, "STOP");
        ++out_.pickles;
        out_.end = pos_;
        return true;
      case '0':                                                                      // POP
        if (!pop()) return underflow(at, "POP");
        break;
      case '1':                                                                      // POP_MARK
        if (!pop_mark()) return no_mark(at, "POP_MARK");
        break;
      case '2':                                                                      // DUP
        if (stack_.empty()) return underflow(at, "DUP");
        push(stack_.back());
        break;
      case 'F': {                                                                    // FLOAT
        const auto l = line();
        if (!l) return cut_short(at, "FLOAT: no end of line");
        const auto v = float_value(*l);
        if (!v) return fail(at, "FLOAT: the argument is not a number");
        push(scalar(repr_float(*v)));
        break;
      }
      case 'I': case 'L': {                                                          // INT LONG
        const auto l = line();
        if (!l) return cut_short(at, op == 'I' ? "INT: no end of line" : "LONG: no end of line");
        std::string_view text = trimmed(*l);
        if (op == 'I' && (text == "00" || text == "01")) {  // protocol 0's False and True
          push(scalar(text == "01" ? "True" : "False"));
          break;
        }
        if (op == 'L' && !text.empty() && text.back() == 'L') text.remove_suffix(1);
        auto repr = int_repr(text, op == 'L');
        if (!repr) return fail(at, op == 'I' ? "INT: the argument is not an integer" : "LONG: the argument is not an integer");
        push(scalar(std::move(*repr)));
        break;
      }
      case 'J': {                                                                    // BININT
        const auto v = fixed(at, 4, "BININT");
        if (!v) return false;
        push(scalar(std::to_string(static_cast<std::int32_t>(static_cast<std::uint32_t>(*v)))));
        break;
      }
      case 'K': case 'M': {                                                          // BININT1 BININT2
        const auto v = fixed(at, op == 'K' ? 1 : 2, op == 'K' ? "BININT1" : "BININT2");
        if (!v) return false;
        push(scalar(std::to_string(*v)));
        break;
      }
      case 'G': {                                                                    // BINFLOAT (big-endian)
        const auto v = fixed(at, 8, "BINFLOAT");
        if (!v) return false;
        std::uint64_t big_endian = 0;
        for (int i = 0; i < 8; ++i) big_endian = (big_endian << 8) | ((*v >> (8 * i)) & 0xFFu);
        push(scalar(repr_float(std::bit_cast<double>(big_endian))));
        break;
      }
      case 'N': push(scalar("None")); break;                                         // NONE
      case 0x88: push(scalar("True")); break;                                        // NEWTRUE
      case 0x89: push(scalar("False")); break;                                       // NEWFALSE
      case 'P':                                                                      // PERSID
        if (!line()) return cut_short(at, "PERSID: no end of line");
        push_other();
        break;
      case 'Q':                                                                      // BINPERSID
        if (stack_.empty()) return underflow(at, "BINPERSID");
        stack_.back() = Value{};
        break;
      case 'R': {                                                                    // REDUCE
        if (stack_.size() < 2) return underflow(at, "REDUCE");
        const Value args = *pop();
        const Value callee = *pop();
        add_call(callee, at, "REDUCE", arguments_of(args));
        push(result_of(callee));
        if (made_by(callee, "numpy", "dtype")) stack_.back().dtype = dtype_of(args);
        break;
      }
      case 'S': if (!quoted_string(at)) return false; break;
      case 'T': if (!string_op(at, 4, "BINSTRING", Value::Kind::str, true)) return false; break;
      case 'U': if (!string_op(at, 1, "SHORT_BINSTRING", Value::Kind::str, true)) return false; break;
      case 'V': if (!unicode_line(at)) return false; break;
      case 'X': if (!string_op(at, 4, "BINUNICODE", Value::Kind::str, false)) return false; break;
      case 0x8c: if (!string_op(at, 1, "SHORT_BINUNICODE", Value::Kind::str, false)) return false; break;
      case 0x8d: if (!string_op(at, 8, "BINUNICODE8", Value::Kind::str, false)) return false; break;
      case 'B': if (!string_op(at, 4, "BINBYTES", Value::Kind::bytes, true)) return false; break;
      case 'C': if (!string_op(at, 1, "SHORT_BINBYTES", Value::Kind::bytes, true)) return false; break;
      case 0x8e: if (!string_op(at, 8, "BINBYTES8", Value::Kind::bytes, true)) return false; break;
      case 0x96: if (!string_op(at, 8, "BYTEARRAY8", Value::Kind::bytes, true, true)) return false; break;
      case 'a': {                                                                    // APPEND
        // The item goes into the container below it, which stays.
        if (stack_.size() < 2) return underflow(at, "APPEND");
        const Value item = *pop();
        if (stack_.back().kind == Value::Kind::list) add_item(stack_.back(), item);
        break;
      }
      case 's': {                                                                    // SETITEM
        if (stack_.size() < 3) return underflow(at, "SETITEM");
        const Value value = *pop();
        const Value key = *pop();
        if (stack_.back().kind == Value::Kind::dict) add_item(stack_.back(), value, &key);
        break;
      }
      case 'e': case 'u': case 0x90: {                                               // APPENDS SETITEMS ADDITEMS
        const std::string_view name = op == 'e' ? "APPENDS" : op == 'u' ? "SETITEMS" : "ADDITEMS";
        auto items = pop_mark();
        if (!items) return no_mark(at, name);
        if (stack_.empty()) return underflow(at, name);
        Value& target = stack_.back();
        if (op == 'e' && target.kind == Value::Kind::list) {
          for (const Value& item : *items) add_item(target, item);
        } else if (op == 'u' && target.kind == Value::Kind::dict) {
          for (std::size_t i = 0; i + 1 < items->size(); i += 2) add_item(target, (*items)[i + 1], &(*items)[i]);
        }
        break;
      }
      case 'b': {                                                                    // BUILD
        if (stack_.size() < 2) return underflow(at, "BUILD");
        const Value state = *pop();
        // obj.__setstate__(state), or its __dict__ updated: a call on what made obj.
        auto repr = repr_of(state);
        add_call(stack_.back(), at, "BUILD", repr ? std::vector<std::string>{std::move(*repr)} : std::vector<std::string>{});
        if (stack_.back().dtype) set_dtype_state(*stack_.back().dtype, state);
        if (made_by(stack_.back(), "numpy_pickle", "NumpyArrayWrapper") && !joblib_array(at, state)) return false;
        break;
      }
      case 'c': {                                                                    // GLOBAL
        const auto module = line();
        const auto name = module ? line() : std::nullopt;
        if (!name) return cut_short(at, "GLOBAL: module and name need two lines");
        const std::size_t index = add_callable(capped(*module), capped(*name), at, "GLOBAL");
        push(callable_value(index));
        break;
      }
      case 0x93: {                                                                   // STACK_GLOBAL
        if (stack_.size() < 2) return underflow(at, "STACK_GLOBAL");
        const Value name = *pop();
        const Value module = *pop();
        // Python wants str; bytes are taken too, so a malformed pickle still shows its names.
        if (!module.is_text() || !name.is_text()) {
          return fail(at, "STACK_GLOBAL: module and name are not strings (malformed pickle)");
        }
        const std::size_t index = add_callable(module.text, name.text, at, "STACK_GLOBAL");
        push(callable_value(index));
        break;
      }
      case 'i': {                                                                    // INST
        const auto module = line();
        const auto name = module ? line() : std::nullopt;
        if (!name) return cut_short(at, "INST: module and name need two lines");
        auto items = pop_mark();
        if (!items) return no_mark(at, "INST");
        const std::size_t index = add_callable(capped(*module), capped(*name), at, "INST");
        const Value callee = callable_value(index);
        add_call(callee, at, "INST", arguments_of(*items, 0));
        push(result_of(callee));
        break;
      }
      case 'o': {                                                                    // OBJ
        auto items = pop_mark();
        if (!items) return no_mark(at, "OBJ");
        if (items->empty()) return underflow(at, "OBJ");
        add_call(items->front(), at, "OBJ", arguments_of(*items, 1));
        push(result_of(items->front()));
        break;
      }
      case 0x81: {                                                                   // NEWOBJ
        if (stack_.size() < 2) return underflow(at, "NEWOBJ");
        const Value args = *pop();
        const Value cls = *pop();
        add_call(cls, at, "NEWOBJ", arguments_of(args));
        push(result_of(cls));
        break;
      }
      case 0x92: {                                                                   // NEWOBJ_EX
        if (stack_.size() < 3) return underflow(at, "NEWOBJ_EX");
        const Value kwargs = *pop();
        const Value args = *pop();
        const Value cls = *pop();
        std::vector<std::string> arguments;
        const bool known_kwargs = kwargs.kind == Value::Kind::dict && kwargs.items->constant;
        if (known_kwargs && (args.kind == Value::Kind::tuple || args.kind == Value::Kind::list) && args.items->constant) {
          arguments = arguments_of(args);
          for (std::size_t i = 0; i < kwargs.items->keys.size() && arguments.size() < kMaxArguments; ++i) {
            arguments.push_back(shortened(kwargs.items->keys[i] + "=" + kwargs.items->values[i], kMaxArgumentChars));
          }
        }
        add_call(cls, at, "NEWOBJ_EX", std::move(arguments));
        push(result_of(cls));
        break;
      }
      case 0x82: case 0x83: case 0x84: {                                             // EXT1 EXT2 EXT4
        const std::size_t n = op == 0x82 ? 1 : op == 0x83 ? 2 : 4;
        const std::string_view opname = op == 0x82 ? "EXT1" : op == 0x83 ? "EXT2" : "EXT4";
        const auto code = fixed(at, n, opname);
        if (!code) return false;
        const std::size_t index = add_callable({}, fmt::format("<copyreg extension {}>", *code), at, opname);
        out_.callables[index].extension = static_cast<std::uint32_t>(*code);
        push(callable_value(index));
        break;
      }
      case 'l': if (!from_mark(at, Value::Kind::list, "LIST")) return false; break;
      case 't': if (!from_mark(at, Value::Kind::tuple, "TUPLE")) return false; break;
      case 'd': if (!from_mark(at, Value::Kind::dict, "DICT")) return false; break;
      case 0x91:                                                                     // FROZENSET
        if (!pop_mark()) return no_mark(at, "FROZENSET");
        push_other();
        break;
      case ']': push(container(Value::Kind::list)); break;                           // EMPTY_LIST
      case ')': push(container(Value::Kind::tuple)); break;                          // EMPTY_TUPLE
      case '}': push(container(Value::Kind::dict)); break;                           // EMPTY_DICT
      case 0x8f: case 0x97: push_other(); break;                                     // EMPTY_SET NEXT_BUFFER
      case 0x98: if (stack_.empty()) return underflow(at, "READONLY_BUFFER"); break;
      case 0x85: case 0x86: case 0x87: {                                             // TUPLE1 TUPLE2 TUPLE3
        const std::size_t n = op - 0x84u;
        if (stack_.size() < n) return underflow(at, n == 1 ? "TUPLE1" : n == 2 ? "TUPLE2" : "TUPLE3");
        Value v = container(Value::Kind::tuple);
        for (std::size_t i = stack_.size() - n; i < stack_.size(); ++i) add_item(v, stack_[i]);
        stack_.resize(stack_.size() - n);
        push(std::move(v));
        break;
      }
      case 0x8a: case 0x8b: {                                                        // LONG1 LONG4
        const std::size_t n = op == 0x8a ? 1 : 4;
        if (!need(n)) return cut_short(at, "LONG1/LONG4: truncated length");
        const std::uint64_t length = little_endian(n);
        if (length > bytes_.size() - pos_) return past_end(at, "LONG1/LONG4: length runs past the end of the data", length);
        if (length > 8) {  // a number this big is no argument worth showing
          pos_ += static_cast<std::size_t>(length);
          push_other();
          break;
        }
        std::uint64_t v = little_endian(static_cast<std::size_t>(length));
        if (length > 0 && length < 8 && (v >> (8 * length - 1)) != 0) v |= ~std::uint64_t{0} << (8 * length);  // sign
        push(scalar(std::to_string(static_cast<std::int64_t>(v))));
        break;
      }
      case 'g': {                                                                    // GET
        const auto key = decimal_line(at, "GET");
        if (!key || !get(at, *key)) return false;
        break;
      }
      case 'h': { const auto k = fixed(at, 1, "BINGET"); if (!k || !get(at, *k)) return false; break; }
      case 'j': { const auto k = fixed(at, 4, "LONG_BINGET"); if (!k || !get(at, *k)) return false; break; }
      case 'p': {                                                                    // PUT
        const auto key = decimal_line(at, "PUT");
        if (!key || !put(at, *key)) return false;
        break;
      }
      case 'q': { const auto k = fixed(at, 1, "BINPUT"); if (!k || !put(at, *k)) return false; break; }
      case 'r': { const auto k = fixed(at, 4, "LONG_BINPUT"); if (!k || !put(at, *k)) return false; break; }
      case 0x94: if (!put(at, memo_.size())) return false; break;                   // MEMOIZE
      case 0x80: {                                                                   // PROTO
        const auto version = fixed(at, 1, "PROTO");
        if (!version) return false;
        if (*version > 5) return fail(at, fmt::format("PROTO: unsupported protocol {}", *version));
        out_.protocol = std::max(out_.protocol, static_cast<int>(*version));
        break;
      }
      case 0x95:                                                                     // FRAME: a length hint only
        if (!fixed(at, 8, "FRAME")) return false;
        break;
      default: return fail(at, fmt::format("unknown opcode 0x{:02x} (not a pickle, or a malformed one)", op));
    }
  }
  return cut_short(pos_, "the data ends before the pickle's STOP (truncated)");
}

}  // namespace

bool python_dotted_name(std::string_view s) noexcept {
  if (s.empty()) return false;
  bool start = true;
  for (const char c : s) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (c == '.') {
      if (start) return false;
      start = true;
    } else if (letter || (digit && !start)) {
      start = false;
    } else {
      return false;
    }
  }
  return !start;
}

bool looks_like_pickle(std::string_view bytes) noexcept {
  if (bytes.size() < 2 || bytes.back() != '.') return false;
  const auto first = static_cast<unsigned char>(bytes[0]);
  const auto second = static_cast<unsigned char>(bytes[1]);
  return first == 0x80 ? second >= 2 && second <= 5 : starts_like_protocol_0_or_1(first);
}

PickleScan scan_pickle(std::string_view bytes, const PickleLimits& limits) {
  PickleScan out;
  Reader reader(bytes, limits, out, 0);
  reader.read_all();
  return out;
}

}  // namespace warden::detail
