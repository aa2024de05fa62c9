#include "pickle_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>

#include "hex_digit.hpp"
#include "utf8.hpp"

namespace warden::detail {
namespace {

// What the symbolic stack holds: a mark, a string (str or bytes: STACK_GLOBAL needs str, but
// Python 3 decodes the protocol 0-1 STRING opcodes to str), a callable, or any other value.
struct Value {
  enum class Kind : std::uint8_t { mark, text, callable, other };
  Kind kind = Kind::other;
  std::string text;                       // text
  std::optional<std::size_t> callable;    // callable: index into PickleScan::callables
};

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

class Reader {
 public:
  Reader(std::string_view bytes, const PickleLimits& limits, PickleScan& out)
      : bytes_(bytes), limits_(limits), out_(out) {}

  // Reads one pickle from `pos_` to its STOP; false (with out_.error set) on bad data.
  bool one_pickle();
  std::size_t position() const noexcept { return pos_; }

 private:
  bool fail(std::uint64_t at, std::string message) {
    out_.error = PickleError{at, std::move(message)};
    return false;
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
  void add_call(const Value& callee, std::uint64_t at, std::string_view opcode) {
    if (callee.kind != Value::Kind::callable || !callee.callable) return;
    PickleCallable c = out_.callables[*callee.callable];
    c.use = PickleCallable::Use::call;
    c.offset = at;
    c.opcode = opcode;
    c.pickle = out_.pickles;
    out_.callables.push_back(std::move(c));
  }
  // The object a call made: calling it again (REDUCE on it, BUILD) is a call of what made it.
  Value result_of(const Value& callee) const {
    Value v;
    if (callee.kind == Value::Kind::callable) {
      v.kind = Value::Kind::callable;
      v.callable = callee.callable;
    }
    return v;
  }

  bool string_op(std::uint64_t at, std::size_t length_bytes, std::string_view what);
  bool quoted_string(std::uint64_t at);
  bool unicode_line(std::uint64_t at);

  std::string_view bytes_;
  const PickleLimits& limits_;
  PickleScan& out_;
  std::size_t pos_ = 0;
  std::vector<Value> stack_;
  std::unordered_map<std::uint64_t, Value> memo_;
};

// A string whose length comes first, in `length_bytes` little-endian bytes.
bool Reader::string_op(std::uint64_t at, std::size_t length_bytes, std::string_view what) {
  if (!need(length_bytes)) return fail(at, fmt::format("{}: truncated length", what));
  const std::uint64_t n = little_endian(length_bytes);
  if (n > bytes_.size() - pos_) return fail(at, fmt::format("{}: length {} runs past the end of the data", what, n));
  Value v;
  v.kind = Value::Kind::text;
  v.text = capped(bytes_.substr(pos_, static_cast<std::size_t>(n)));
  pos_ += static_cast<std::size_t>(n);
  push(std::move(v));
  return true;
}

// STRING: a quoted repr on one line ('os' or "os"), with backslash escapes.
bool Reader::quoted_string(std::uint64_t at) {
  const auto l = line();
  if (!l) return fail(at, "STRING: no end of line");
  std::string_view s = *l;
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front()) {
    return fail(at, "STRING: the argument is not a quoted string");
  }
  s = s.substr(1, s.size() - 2);
  Value v;
  v.kind = Value::Kind::text;
  for (std::size_t i = 0; i < s.size() && v.text.size() < limits_.max_string; ++i) {
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
  push(std::move(v));
  return true;
}

// UNICODE: raw-unicode-escape on one line: \uXXXX and \UXXXXXXXX, other bytes as they are.
bool Reader::unicode_line(std::uint64_t at) {
  const auto l = line();
  if (!l) return fail(at, "UNICODE: no end of line");
  const std::string_view s = *l;
  Value v;
  v.kind = Value::Kind::text;
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
  // Argument-less opcodes that pop `n` items and push one other value.
  const auto replace = [&](std::uint64_t at, std::string_view op, std::size_t n) {
    if (stack_.size() < n) return underflow(at, op);
    stack_.resize(stack_.size() - n);
    push_other();
    return true;
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
  const auto fixed = [&](std::uint64_t at, std::size_t n, std::string_view op) {
    if (!need(n)) return fail(at, fmt::format("{}: truncated argument", op));
    pos_ += n;
    push_other();
    return true;
  };
  const auto number_line = [&](std::uint64_t at, std::string_view op) {
    if (!line()) return fail(at, fmt::format("{}: no end of line", op));
    push_other();
    return true;
  };
  const auto decimal_line = [&](std::uint64_t at, std::string_view op) -> std::optional<std::uint64_t> {
    const auto l = line();
    std::uint64_t v = 0;
    bool digits = false;
    if (l) {
      for (const char c : *l) {
        if (c == '\r') break;
        if (c < '0' || c > '9' || v > (UINT64_MAX - 9) / 10) {
          digits = false;
          break;
        }
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
        digits = true;
      }
    }
    if (!digits) {
      fail(at, fmt::format("{}: the argument is not a decimal number", op));
      return std::nullopt;
    }
    return v;
  };

  while (pos_ < bytes_.size()) {
    const std::uint64_t at = pos_;
    const auto op = static_cast<unsigned char>(bytes_[pos_++]);
    switch (op) {
      case '(': push(Value{Value::Kind::mark, {}, {}}); break;                       // MARK
      case '.':                                                                      // STOP
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
      case 'F': if (!number_line(at, "FLOAT")) return false; break;
      case 'I': if (!number_line(at, "INT")) return false; break;
      case 'L': if (!number_line(at, "LONG")) return false; break;
      case 'J': if (!fixed(at, 4, "BININT")) return false; break;
      case 'K': if (!fixed(at, 1, "BININT1")) return false; break;
      case 'M': if (!fixed(at, 2, "BININT2")) return false; break;
      case 'G': if (!fixed(at, 8, "BINFLOAT")) return false; break;
      case 'N': case 0x88: case 0x89: push_other(); break;                           // NONE NEWTRUE NEWFALSE
      case 'P':                                                                      // PERSID
        if (!line()) return fail(at, "PERSID: no end of line");
        push_other();
        break;
      case 'Q': if (!replace(at, "BINPERSID", 1)) return false; break;
      case 'R': {                                                                    // REDUCE
        if (stack_.size() < 2) return underflow(at, "REDUCE");
        stack_.pop_back();  // the arguments
        const Value callee = *pop();
        add_call(callee, at, "REDUCE");
        push(result_of(callee));
        break;
      }
      case 'S': if (!quoted_string(at)) return false; break;
      case 'T': if (!string_op(at, 4, "BINSTRING")) return false; break;
      case 'U': if (!string_op(at, 1, "SHORT_BINSTRING")) return false; break;
      case 'V': if (!unicode_line(at)) return false; break;
      case 'X': if (!string_op(at, 4, "BINUNICODE")) return false; break;
      case 0x8c: if (!string_op(at, 1, "SHORT_BINUNICODE")) return false; break;
      case 0x8d: if (!string_op(at, 8, "BINUNICODE8")) return false; break;
      case 'B': if (!string_op(at, 4, "BINBYTES")) return false; break;
      case 'C': if (!string_op(at, 1, "SHORT_BINBYTES")) return false; break;
      case 0x8e: if (!string_op(at, 8, "BINBYTES8")) return false; break;
      case 0x96: if (!string_op(at, 8, "BYTEARRAY8")) return false; break;
      case 'a': case 's': {                                                          // APPEND SETITEM
        // The item (key and value) go into the container below them, which stays.
        const std::size_t n = op == 'a' ? 1 : 2;
        if (stack_.size() < n + 1) return underflow(at, op == 'a' ? "APPEND" : "SETITEM");
        stack_.resize(stack_.size() - n);
        break;
      }
      case 'e': case 'u': case 0x90: {                                               // APPENDS SETITEMS ADDITEMS
        const std::string_view name = op == 'e' ? "APPENDS" : op == 'u' ? "SETITEMS" : "ADDITEMS";
        if (!pop_mark()) return no_mark(at, name);
        if (stack_.empty()) return underflow(at, name);
        break;
      }
      case 'b': {                                                                    // BUILD
        if (stack_.size() < 2) return underflow(at, "BUILD");
        stack_.pop_back();  // the state
        // obj.__setstate__(state), or its __dict__ updated: a call on what made obj.
        add_call(stack_.back(), at, "BUILD");
        break;
      }
      case 'c': {                                                                    // GLOBAL
        const auto module = line();
        const auto name = module ? line() : std::nullopt;
        if (!name) return fail(at, "GLOBAL: module and name need two lines");
        const std::size_t index = add_callable(capped(*module), capped(*name), at, "GLOBAL");
        push(Value{Value::Kind::callable, {}, index});
        break;
      }
      case 0x93: {                                                                   // STACK_GLOBAL
        if (stack_.size() < 2) return underflow(at, "STACK_GLOBAL");
        const Value name = *pop();
        const Value module = *pop();
        if (module.kind != Value::Kind::text || name.kind != Value::Kind::text) {
          return fail(at, "STACK_GLOBAL: module and name are not strings (malformed pickle)");
        }
        const std::size_t index = add_callable(module.text, name.text, at, "STACK_GLOBAL");
        push(Value{Value::Kind::callable, {}, index});
        break;
      }
      case 'i': {                                                                    // INST
        const auto module = line();
        const auto name = module ? line() : std::nullopt;
        if (!name) return fail(at, "INST: module and name need two lines");
        if (!pop_mark()) return no_mark(at, "INST");
        const std::size_t index = add_callable(capped(*module), capped(*name), at, "INST");
        const Value callee{Value::Kind::callable, {}, index};
        add_call(callee, at, "INST");
        push(result_of(callee));
        break;
      }
      case 'o': {                                                                    // OBJ
        auto items = pop_mark();
        if (!items) return no_mark(at, "OBJ");
        if (items->empty()) return underflow(at, "OBJ");
        add_call(items->front(), at, "OBJ");
        push(result_of(items->front()));
        break;
      }
      case 0x81: case 0x92: {                                                        // NEWOBJ NEWOBJ_EX
        const std::size_t args = op == 0x81 ? 1 : 2;
        if (stack_.size() < args + 1) return underflow(at, op == 0x81 ? "NEWOBJ" : "NEWOBJ_EX");
        stack_.resize(stack_.size() - args);
        const Value cls = *pop();
        add_call(cls, at, op == 0x81 ? "NEWOBJ" : "NEWOBJ_EX");
        push(result_of(cls));
        break;
      }
      case 0x82: case 0x83: case 0x84: {                                             // EXT1 EXT2 EXT4
        const std::size_t n = op == 0x82 ? 1 : op == 0x83 ? 2 : 4;
        const std::string_view opname = op == 0x82 ? "EXT1" : op == 0x83 ? "EXT2" : "EXT4";
        if (!need(n)) return fail(at, fmt::format("{}: truncated argument", opname));
        const auto code = static_cast<std::uint32_t>(little_endian(n));
        const std::size_t index = add_callable({}, fmt::format("<copyreg extension {}>", code), at, opname);
        out_.callables[index].extension = code;
        push(Value{Value::Kind::callable, {}, index});
        break;
      }
      case 'd': case 'l': case 't': case 0x91: {                                     // DICT LIST TUPLE FROZENSET
        if (!pop_mark()) return no_mark(at, "DICT/LIST/TUPLE/FROZENSET");
        push_other();
        break;
      }
      case '}': case ']': case ')': case 0x8f: case 0x97: push_other(); break;       // empty containers, NEXT_BUFFER
      case 0x98: if (stack_.empty()) return underflow(at, "READONLY_BUFFER"); break;
      case 0x85: if (!replace(at, "TUPLE1", 1)) return false; break;
      case 0x86: if (!replace(at, "TUPLE2", 2)) return false; break;
      case 0x87: if (!replace(at, "TUPLE3", 3)) return false; break;
      case 0x8a: case 0x8b: {                                                        // LONG1 LONG4
        const std::size_t n = op == 0x8a ? 1 : 4;
        if (!need(n)) return fail(at, "LONG1/LONG4: truncated length");
        const std::uint64_t length = little_endian(n);
        if (length > bytes_.size() - pos_) return fail(at, "LONG1/LONG4: length runs past the end of the data");
        pos_ += static_cast<std::size_t>(length);
        push_other();
        break;
      }
      case 'g': {                                                                    // GET
        const auto key = decimal_line(at, "GET");
        if (!key || !get(at, *key)) return false;
        break;
      }
      case 'h': if (!need(1)) return fail(at, "BINGET: truncated argument"); if (!get(at, little_endian(1))) return false; break;
      case 'j': if (!need(4)) return fail(at, "LONG_BINGET: truncated argument"); if (!get(at, little_endian(4))) return false; break;
      case 'p': {                                                                    // PUT
        const auto key = decimal_line(at, "PUT");
        if (!key || !put(at, *key)) return false;
        break;
      }
      case 'q': if (!need(1)) return fail(at, "BINPUT: truncated argument"); if (!put(at, little_endian(1))) return false; break;
      case 'r': if (!need(4)) return fail(at, "LONG_BINPUT: truncated argument"); if (!put(at, little_endian(4))) return false; break;
      case 0x94: if (!put(at, memo_.size())) return false; break;                   // MEMOIZE
      case 0x80: {                                                                   // PROTO
        if (!need(1)) return fail(at, "PROTO: truncated argument");
        const auto version = static_cast<int>(little_endian(1));
        if (version > 5) return fail(at, fmt::format("PROTO: unsupported protocol {}", version));
        out_.protocol = std::max(out_.protocol, version);
        break;
      }
      case 0x95:                                                                     // FRAME: a length hint only
        if (!need(8)) return fail(at, "FRAME: truncated argument");
        pos_ += 8;
        break;
      default: return fail(at, fmt::format("unknown opcode 0x{:02x} (not a pickle, or a malformed one)", op));
    }
  }
  return fail(pos_, "the data ends before the pickle's STOP (truncated)");
}

}  // namespace

PickleScan scan_pickle(std::string_view bytes, const PickleLimits& limits) {
  PickleScan out;
  Reader reader(bytes, limits, out);
  while (reader.one_pickle()) {
    const std::size_t next = reader.position();
    // Another pickle follows when the data goes on with PROTO (PyTorch's legacy files stack
    // several, then raw storage bytes): anything else is left for the caller.
    if (out.pickles >= limits.max_pickles || next >= bytes.size() || static_cast<unsigned char>(bytes[next]) != 0x80) break;
  }
  return out;
}

}  // namespace warden::detail
