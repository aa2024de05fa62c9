#include "hidden_callees.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "resolved_file.hpp"
#include "source.hpp"
#include "static_value.hpp"
#include "syntax.hpp"

namespace warden::detail {
namespace {

constexpr std::uint32_t kMaxDepth = 16;
constexpr std::size_t kMaxName = 200;

// What an expression stands for: a qualified name, or a module's namespace (`globals()`).
struct Named {
  std::string name;
  bool hidden = false;   // a string had to be read to get here
  bool globals = false;  // the file's own module namespace: globals(), locals(), vars()
};

bool is_name_text(std::string_view s, bool dotted) {
  if (s.empty() || s.size() > kMaxName || s.front() == '.' || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || (dotted && u == '.');
  });
}

TSNode argument(TSNode call, std::uint32_t position) {
  const TSNode args = child(call, Field::arguments);
  if (ts_node_is_null(args) || kind_of(args) != Kind::argument_list) return TSNode{};
  std::uint32_t seen = 0;
  for (std::uint32_t i = 0, n = ts_node_named_child_count(args); i < n; ++i) {
    const TSNode arg = ts_node_named_child(args, i);
    const Kind k = kind_of(arg);
    if (k == Kind::comment) continue;
    if (k == Kind::keyword_argument || k == Kind::list_splat || k == Kind::dictionary_splat) return TSNode{};
    if (seen++ == position) return arg;
  }
  return TSNode{};
}

std::uint32_t argument_count(TSNode call) {
  std::uint32_t n = 0;
  while (!ts_node_is_null(argument(call, n))) ++n;
  return n;
}

class Resolver {
 public:
  Resolver(const ResolvedFile& file, StaticValueCache* cache)
      : file_(file), model_(file.model()), source_(file.source().text()), cache_(cache) {}

  // The callee a call reaches through strings; nullopt when it names none, or names it plainly.
  std::optional<Named> callee(TSNode call) {
    const TSNode function = child(call, Field::function);
    // operator.methodcaller(NAME, ...)(OBJ) calls OBJ.NAME(...).
    if (kind_of(function) == Kind::call && callee_name(function) == "operator.methodcaller") {
      auto object = denote(argument(call, 0), 0);
      if (!object) return std::nullopt;
      return member(*object, argument(function, 0));
    }
    auto named = denote(function, 0);
    if (!named || !named->hidden || named->globals) return std::nullopt;
    return named;
  }

 private:
  // A call's callee as the model (or an earlier hidden callee) names it; "" when none.
  std::string callee_name(TSNode call) const {
    const auto callee = file_.callee_of(call);
    return callee && callee->resolved() ? callee->name : std::string();
  }

  std::optional<std::string> string_of(TSNode node, bool dotted) {
    if (ts_node_is_null(node)) return std::nullopt;
    const auto value = static_value(node, file_, {}, cache_);
    if (!value || value->is_bytes || !is_name_text(value->bytes, dotted)) return std::nullopt;
    return value->bytes;
  }

  // CONTAINER's member KEY, named by a string.
  std::optional<Named> member(const Named& container, TSNode key_node) {
    const bool modules = container.name == "sys.modules";
    const auto key = string_of(key_node, modules);
    if (!key) return std::nullopt;
    if (modules) return Named{*key, true};
    if (container.globals) {
      if (*key == "__builtins__") return Named{"builtins", true};
      const auto bound = model_.lookup(0, *key);
      if (bound && bound->resolved()) return Named{bound->name, true};  // builtins too
      return std::nullopt;
    }
    return Named{container.name + "." + *key, true};
  }

  std::optional<Named> denote(TSNode node, std::uint32_t depth) {
    if (ts_node_is_null(node) || depth > kMaxDepth) return std::nullopt;
    switch (kind_of(node)) {
      case Kind::parenthesized_expression:
        if (ts_node_named_child_count(node) != 1) return std::nullopt;
        return denote(ts_node_named_child(node, 0), depth + 1);
      case Kind::identifier: {
        const std::string_view text = text_of(node, source_);
        const std::uint32_t scope = model_.scope_at(ts_node_start_byte(node));
        const auto bound = model_.lookup(scope, text);
        if (bound) {
          const bool builtins = text == "__builtins__" && (bound->origin == NameOrigin::builtin || !bound->resolved());
          if (builtins) return Named{"builtins"};
          if (bound->resolved()) return Named{bound->name};
          return std::nullopt;
        }
        return denote(assigned_value(node, file_, cache_), depth + 1);  // a local value
      }
      case Kind::attribute: {
        auto object = denote(child(node, Field::object), depth + 1);
        if (!object || object->globals) return std::nullopt;
        const std::string_view attribute = text_of(child(node, Field::attribute), source_);
        if (attribute == "__dict__") return object;  // a module's namespace is the module
        object->name += '.';
        object->name += attribute;
        return object;
      }
      case Kind::subscript: {
        if (ts_node_named_child_count(node) != 2) return std::nullopt;
        auto container = denote(ts_node_named_child(node, 0), depth + 1);
        if (!container) return std::nullopt;
        return member(*container, ts_node_named_child(node, 1));
      }
      case Kind::call: return call_value(node, depth);
      default: return std::nullopt;
    }
  }

  // What a call returns, when it is a lookup by name.
  std::optional<Named> call_value(TSNode call, std::uint32_t depth) {
    const TSNode function = child(call, Field::function);
    if (kind_of(function) == Kind::call && callee_name(function) == "operator.attrgetter") {
      auto object = denote(argument(call, 0), depth + 1);
      if (!object) return std::nullopt;
      return member(*object, argument(function, 0));
    }
    const std::string callee = callee_name(call);
    if (callee == "builtins.getattr") {
      auto object = denote(argument(call, 0), depth + 1);
      if (!object) return std::nullopt;
      return member(*object, argument(call, 1));
    }
    if (callee == "builtins.__import__" || callee == "importlib.import_module") {
      auto module = string_of(argument(call, 0), true);
      if (!module) return std::nullopt;
      // __import__("a.b") is module a, unless a fromlist is given.
      if (callee == "builtins.__import__" && argument_count(call) < 4) module->resize(module->find('.') == std::string::npos ? module->size() : module->find('.'));
      return Named{*module, true};
    }
    if (callee == "builtins.globals" || callee == "builtins.locals" || (callee == "builtins.vars" && argument_count(call) == 0)) {
      Named globals;
      globals.globals = true;
      return globals;
    }
    if (callee == "builtins.vars") return denote(argument(call, 0), depth + 1);
    if (callee == "sys.modules.get" || callee == "sys.modules.__getitem__") {
      auto module = string_of(argument(call, 0), true);
      if (!module) return std::nullopt;
      return Named{*module, true};
    }
    // A call whose own callee was hidden and that hands back what it looks up
    // (`getattr(__import__(m), "getattr")`...) is not followed.
    return std::nullopt;
  }

  const ResolvedFile& file_;
  const ModuleModel& model_;
  std::string_view source_;
  StaticValueCache* cache_;
};

constexpr std::array<std::string_view, 11> kHidingWords = {
    "getattr", "__import__", "import_module", "globals", "locals", "vars", "__builtins__", "__dict__", "methodcaller",
    "attrgetter", "modules"};

bool mentions_hiding_word(std::string_view text) {
  return std::any_of(kHidingWords.begin(), kHidingWords.end(),
                     [&](std::string_view w) { return text.find(w) != std::string_view::npos; });
}

// Names assigned a value whose text looks a name up (`run = getattr(os, name)`): the only
// local values worth following to their assignment. Found from the file's lookup calls, so a
// call on `self` or on an ordinary local costs nothing.
std::unordered_set<std::string_view> names_assigned_lookups(const ResolvedFile& file) {
  std::unordered_set<std::string_view> names;
  const std::string_view source = file.source().text();
  for (const CallSite& site : file.model().calls()) {
    if (!site.callee || !mentions_hiding_word(site.callee->name)) continue;
    TSNode up = site.node;
    for (int i = 0; i < 8 && !ts_node_is_null(up); ++i) {
      up = ts_node_parent(up);  // (not parent_of: its map costs a walk of the whole tree)
      if (ts_node_is_null(up)) break;
      if (kind_of(up) == Kind::assignment) {
        const TSNode left = child(up, Field::left);
        if (kind_of(left) == Kind::identifier) names.insert(text_of(left, source));
        break;
      }
      const Kind k = kind_of(up);
      if (k == Kind::block || k == Kind::module || k == Kind::function_definition) break;
    }
  }
  return names;
}

// Whether the called expression may name its callee through strings: its text looks a name up,
// or its root is a name assigned such a lookup.
bool worth_resolving(TSNode function, std::string_view source, const std::unordered_set<std::string_view>& assigned) {
  if (mentions_hiding_word(text_of(function, source))) return true;
  TSNode root = function;
  while (kind_of(root) == Kind::attribute || kind_of(root) == Kind::parenthesized_expression) {
    root = kind_of(root) == Kind::attribute ? child(root, Field::object) : ts_node_named_child(root, 0);
  }
  return kind_of(root) == Kind::identifier && assigned.count(text_of(root, source)) != 0;
}

}  // namespace

std::vector<HiddenCallee> hidden_callees(const ResolvedFile& file, StaticValueCache* cache) {
  std::vector<HiddenCallee> out;
  const std::string_view source = file.source().text();
  if (!mentions_hiding_word(source)) return out;
  const auto assigned = names_assigned_lookups(file);
  Resolver resolver(file, cache);
  const auto& calls = file.model().calls();
  for (std::uint32_t i = 0; i < calls.size(); ++i) {
    if (calls[i].callee || !worth_resolving(child(calls[i].node, Field::function), source, assigned)) continue;
    if (auto named = resolver.callee(calls[i].node)) {
      out.push_back({i, QualifiedName{std::move(named->name), NameOrigin::hidden}});
    }
  }
  return out;
}

void name_hidden_callees(ModuleModel& model, const std::vector<HiddenCallee>& callees) {
  for (const HiddenCallee& hidden : callees) model.set_callee(hidden.call_index, hidden.callee);
}

}  // namespace warden::detail
