#include "module_model.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <unordered_set>

#include "syntax.hpp"

namespace warden::detail {

namespace {

constexpr std::string_view kBuiltins[] = {
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
    "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
    "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
    "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception",
    "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError", "FloatingPointError",
    "FutureWarning", "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError",
    "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
    "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "None", "NotADirectoryError",
    "NotImplemented", "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning",
    "PermissionError", "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning",
    "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError",
    "SyntaxWarning", "SystemError", "SystemExit", "TabError", "TimeoutError", "True", "TypeError",
    "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError",
    "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError", "Warning",
    "ZeroDivisionError", "__build_class__", "__debug__", "__import__", "__loader__", "__name__",
    "__package__", "__spec__", "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool",
    "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex",
    "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit",
    "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex",
    "id", "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals",
    "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
    "property", "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted",
    "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip", "__file__", "__doc__",
    "__builtins__", "__dict__", "__class__", "__cached__", "__path__", "__annotations__", "__qualname__",
};

std::string_view first_component(std::string_view dotted) {
  return dotted.substr(0, dotted.find('.'));
}

}  // namespace

bool is_python_builtin(std::string_view name) noexcept {
  static const std::unordered_set<std::string_view> builtins(std::begin(kBuiltins), std::end(kBuiltins));
  return builtins.count(name) != 0;
}

std::optional<std::string> resolve_relative_module(const ModuleInfo& info, std::uint32_t level, std::string_view rest) {
  std::string base = info.name;
  if (!info.is_package) {  // a module's package is its parent
    const auto dot = base.rfind('.');
    if (dot == std::string::npos) {
      if (level > 0 && base.empty()) return std::nullopt;
      base.clear();
    } else {
      base.resize(dot);
    }
  }
  for (std::uint32_t up = 1; up < level; ++up) {
    if (base.empty()) return std::nullopt;
    const auto dot = base.rfind('.');
    if (dot == std::string::npos) base.clear();
    else base.resize(dot);
  }
  if (base.empty()) {
    // `from . import x` in a top-level module of the scanned tree: x is a sibling module.
    if (rest.empty() && level == 1) return std::string();
    if (level > 1) return std::nullopt;
    return std::string(rest);
  }
  if (!rest.empty()) {
    base += '.';
    base += rest;
  }
  return base;
}

class ModuleWalker {
 public:
  ModuleWalker(std::string_view source, ModuleModel& model) : source_(source), model_(model), scopes_(model.scopes_) {
    Scope module;
    module.type = Scope::Type::module;
    module.parent = 0;
    module.qualname = model.info_.name;
    scopes_.push_back(std::move(module));
  }

  void run(TSNode root) {
    pending_.push_back({root, 0});
    drain();
    // Function bodies run later than the code around them; walk them once it is done.
    while (!deferred_.empty()) {
      pending_.push_back(deferred_.front());
      deferred_.pop_front();
      drain();
    }
    for (const auto& [name, binding] : scopes_[0].bindings) {
      if (binding) model_.exports_.emplace(name, *binding);
    }
  }

 private:
  struct Work {
    TSNode node;
    std::uint32_t scope;
  };

  std::string_view text(TSNode node) const { return text_of(node, source_); }

  void push(TSNode node, std::uint32_t scope) {
    if (!ts_node_is_null(node)) pending_.push_back({node, scope});
  }

  // Pushes named children in reverse, so they pop in source order.
  void push_children(TSNode node, std::uint32_t scope) {
    for (std::uint32_t i = ts_node_named_child_count(node); i-- > 0;) push(ts_node_named_child(node, i), scope);
  }

  void drain() {
    while (!pending_.empty()) {
      const Work work = pending_.back();
      pending_.pop_back();
      visit(work.node, work.scope);
    }
  }

  std::uint32_t new_scope(Scope::Type type, std::uint32_t parent, std::string_view name) {
    Scope scope;
    scope.type = type;
    scope.parent = parent;
    scope.qualname = scopes_[parent].qualname;
    if (!scope.qualname.empty()) scope.qualname += '.';
    const Scope::Type outer = scopes_[parent].type;
    if (outer == Scope::Type::function || outer == Scope::Type::lambda) scope.qualname += "<locals>.";
    scope.qualname += name;
    scopes_.push_back(std::move(scope));
    return static_cast<std::uint32_t>(scopes_.size() - 1);
  }

  void set_range(std::uint32_t scope, TSNode node) {
    if (ts_node_is_null(node)) return;
    scopes_[scope].start_byte = ts_node_start_byte(node);
    scopes_[scope].end_byte = ts_node_end_byte(node);
  }

  // --- bindings -------------------------------------------------------------------------

  // The scope a name assigned in `scope` is stored in (global/nonlocal redirect).
  std::uint32_t binding_scope(std::uint32_t scope, const std::string& name) const {
    if (scopes_[scope].globals.count(name)) return 0;
    if (scopes_[scope].nonlocals.count(name)) {
      for (std::uint32_t s = model_.enclosing(scope); s != 0; s = model_.enclosing(s)) {
        if (scopes_[s].bindings.count(name)) return s;
      }
    }
    return scope;
  }

  void bind(std::uint32_t scope, std::string name, std::optional<QualifiedName> value) {
    const std::uint32_t target = binding_scope(scope, name);
    scopes_[target].bindings[std::move(name)] = std::move(value);
  }

  // Binds every plain name in an assignment target as a local value.
  void bind_locals(TSNode target, std::uint32_t scope) {
    std::vector<TSNode> stack{target};
    while (!stack.empty()) {
      const TSNode node = stack.back();
      stack.pop_back();
      switch (kind_of(node)) {
        case Kind::identifier: bind(scope, std::string(text(node)), std::nullopt); break;
        case Kind::pattern_list:
        case Kind::tuple_pattern:
        case Kind::list_pattern:
        case Kind::tuple:
        case Kind::list:
        case Kind::list_splat_pattern:
        case Kind::parenthesized_expression:
        case Kind::expression_list:
        case Kind::as_pattern_target:
          for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
            stack.push_back(ts_node_named_child(node, i));
          }
          break;
        default: break;  // attributes and subscripts bind no name
      }
    }
  }

  void assign(TSNode target, TSNode value, std::uint32_t scope) {
    const Kind target_kind = kind_of(target);
    if (target_kind == Kind::identifier) {
      bind(scope, std::string(text(target)), resolve(value, scope));
      return;
    }
    const Kind value_kind = kind_of(value);
    const bool target_is_sequence = target_kind == Kind::pattern_list || target_kind == Kind::tuple_pattern ||
                                    target_kind == Kind::list_pattern;
    const bool value_is_sequence = value_kind == Kind::expression_list || value_kind == Kind::tuple ||
                                   value_kind == Kind::list;
    if (target_is_sequence && value_is_sequence &&
        ts_node_named_child_count(target) == ts_node_named_child_count(value)) {
      for (std::uint32_t i = 0, n = ts_node_named_child_count(target); i < n; ++i) {
        assign(ts_node_named_child(target, i), ts_node_named_child(value, i), scope);
      }
      return;
    }
    bind_locals(target, scope);
  }

  std::optional<QualifiedName> resolve(TSNode node, std::uint32_t scope) const {
    return model_.resolve(node, source_, scope);
  }

  // --- statements -----------------------------------------------------------------------

  void note_import(std::string module) {
    if (module.empty()) return;
    auto& seen = model_.imported_modules_;
    if (std::find(seen.begin(), seen.end(), module) == seen.end()) seen.push_back(std::move(module));
  }

  void visit_import(TSNode node, std::uint32_t scope) {
    for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
      const TSNode item = ts_node_named_child(node, i);
      if (kind_of(item) == Kind::dotted_name) {  // import a.b.c binds a
        const std::string module(text(item));
        const std::string top(first_component(module));
        bind(scope, top, QualifiedName{top, NameOrigin::imported});
        note_import(module);
      } else if (kind_of(item) == Kind::aliased_import) {  // import a.b.c as x binds x to a.b.c
        const std::string module(text(child(item, Field::name)));
        bind(scope, std::string(text(child(item, Field::alias))), QualifiedName{module, NameOrigin::imported});
        note_import(module);
      }
    }
  }

  // The absolute module of `from M import ...`, or nullopt when a relative import climbs too far.
  std::optional<std::string> from_module(TSNode module_node) const {
    if (kind_of(module_node) != Kind::relative_import) return std::string(text(module_node));
    std::uint32_t level = 0;
    std::string_view rest;
    for (std::uint32_t i = 0, n = ts_node_named_child_count(module_node); i < n; ++i) {
      const TSNode part = ts_node_named_child(module_node, i);
      if (kind_of(part) == Kind::import_prefix) level = ts_node_end_byte(part) - ts_node_start_byte(part);
      else if (kind_of(part) == Kind::dotted_name) rest = text(part);
    }
    return resolve_relative_module(model_.info_, level, rest);
  }

  void visit_import_from(TSNode node, std::uint32_t scope) {
    const TSNode module_node = child(node, Field::module_name);
    const auto module = from_module(module_node);
    for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
      const TSNode item = ts_node_named_child(node, i);
      if (ts_node_eq(item, module_node)) continue;
      const Kind kind = kind_of(item);
      if (kind == Kind::wildcard_import) {
        if (module) {
          model_.star_imports_.push_back(*module);
          note_import(*module);
        }
        continue;
      }
      TSNode name_node = item, alias_node = item;
      if (kind == Kind::aliased_import) {
        name_node = child(item, Field::name);
        alias_node = child(item, Field::alias);
      } else if (kind != Kind::dotted_name) {
        continue;  // comments, errors
      }
      const std::string_view name = text(name_node);
      const std::string local(text(alias_node));
      if (!module) {
        bind(scope, local, QualifiedName{std::string(name), NameOrigin::unresolved});
        continue;
      }
      std::string qualified = module->empty() ? std::string(name) : *module + "." + std::string(name);
      // `from pkg import mod` may import a submodule: record it as imported too.
      note_import(*module);
      bind(scope, local, QualifiedName{std::move(qualified), NameOrigin::imported});
    }
  }

  void bind_parameters(TSNode parameters, std::uint32_t outer, std::uint32_t inner) {
    if (ts_node_is_null(parameters)) return;
    for (std::uint32_t i = 0, n = ts_node_named_child_count(parameters); i < n; ++i) {
      const TSNode param = ts_node_named_child(parameters, i);
      switch (kind_of(param)) {
        case Kind::identifier: bind(inner, std::string(text(param)), std::nullopt); break;
        case Kind::default_parameter:
        case Kind::typed_default_parameter:
          push(child(param, Field::value), outer);  // defaults are evaluated at definition time
          bind_first_identifier(param, inner);
          break;
        default: bind_first_identifier(param, inner); break;  // typed, *args, **kwargs
      }
    }
  }

  // Binds a parameter's name: `x`, `x=1`, `x: T`, `*args`, `**kw: T` (the type is not a name).
  void bind_first_identifier(TSNode node, std::uint32_t scope) {
    for (;;) {
      if (kind_of(node) == Kind::identifier) {
        bind(scope, std::string(text(node)), std::nullopt);
        return;
      }
      const TSNode name = child(node, Field::name);
      if (!ts_node_is_null(name)) {
        node = name;
        continue;
      }
      if (ts_node_named_child_count(node) == 0) return;
      node = ts_node_named_child(node, 0);
    }
  }

  void visit_function(TSNode node, std::uint32_t scope, bool is_lambda) {
    const std::string_view name = is_lambda ? std::string_view("<lambda>") : text(child(node, Field::name));
    const std::uint32_t inner = new_scope(is_lambda ? Scope::Type::lambda : Scope::Type::function, scope, name);
    // Parameters and body hold the function's names (the `def NAME` before them does not).
    const TSNode parameters = child(node, Field::parameters);
    set_range(inner, ts_node_is_null(parameters) ? node : parameters);
    scopes_[inner].end_byte = ts_node_end_byte(node);
    if (!is_lambda) {
      bind(scope, std::string(name), QualifiedName{scopes_[inner].qualname, NameOrigin::definition});
    }
    bind_parameters(child(node, Field::parameters), scope, inner);
    deferred_.push_back({child(node, Field::body), inner});
  }

  void visit_class(TSNode node, std::uint32_t scope) {
    const std::string_view name = text(child(node, Field::name));
    const std::uint32_t inner = new_scope(Scope::Type::class_, scope, name);
    set_range(inner, child(node, Field::body));
    bind(scope, std::string(name), QualifiedName{scopes_[inner].qualname, NameOrigin::definition});
    push(child(node, Field::body), inner);
    push(child(node, Field::superclasses), scope);
  }

  void visit_comprehension(TSNode node, std::uint32_t scope) {
    const std::uint32_t inner = new_scope(Scope::Type::comprehension, scope, "<comprehension>");
    set_range(inner, node);
    for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
      const TSNode part = ts_node_named_child(node, i);
      if (kind_of(part) == Kind::for_in_clause) bind_locals(child(part, Field::left), inner);
    }
    push_children(node, inner);
  }

  void visit_names(TSNode node, std::unordered_set<std::string>& into) {
    for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
      const TSNode name = ts_node_named_child(node, i);
      if (kind_of(name) == Kind::identifier) into.emplace(text(name));
    }
  }

  void visit(TSNode node, std::uint32_t scope) {
    switch (kind_of(node)) {
      case Kind::import_statement: visit_import(node, scope); return;
      case Kind::import_from_statement: visit_import_from(node, scope); return;
      case Kind::future_import_statement: return;
      case Kind::function_definition: visit_function(node, scope, false); return;
      case Kind::lambda: visit_function(node, scope, true); return;
      case Kind::class_definition: visit_class(node, scope); return;
      case Kind::list_comprehension:
      case Kind::set_comprehension:
      case Kind::dictionary_comprehension:
      case Kind::generator_expression: visit_comprehension(node, scope); return;
      case Kind::global_statement: visit_names(node, scopes_[scope].globals); return;
      case Kind::nonlocal_statement: visit_names(node, scopes_[scope].nonlocals); return;
      case Kind::assignment: {
        // a = b = value nests as assignment(a, assignment(b, value)): every target gets value.
        TSNode value = child(node, Field::right);
        while (!ts_node_is_null(value) && kind_of(value) == Kind::assignment) value = child(value, Field::right);
        const TSNode left = child(node, Field::left);
        if (!ts_node_is_null(value)) assign(left, value, scope);
        push_children(node, scope);
        return;
      }
      case Kind::augmented_assignment:
        bind_locals(child(node, Field::left), scope);
        push_children(node, scope);
        return;
      case Kind::named_expression:
        assign(child(node, Field::name), child(node, Field::value), scope);
        push(child(node, Field::value), scope);
        return;
      case Kind::for_statement:
      case Kind::for_in_clause:
        bind_locals(child(node, Field::left), scope);
        push_children(node, scope);
        return;
      case Kind::except_clause:
      case Kind::as_pattern: {  // except E as e; with ... as x
        const TSNode alias = child(node, Field::alias);
        if (!ts_node_is_null(alias)) bind_locals(alias, scope);
        push_children(node, scope);
        return;
      }
      case Kind::call: {
        const TSNode function = child(node, Field::function);
        model_.calls_.push_back({node, resolve(function, scope), scope});
        push_children(node, scope);
        return;
      }
      case Kind::identifier:
      case Kind::string_content:
      case Kind::comment:
      case Kind::integer:
      case Kind::float_:
        return;
      default: push_children(node, scope); return;
    }
  }

  std::string_view source_;
  ModuleModel& model_;
  std::vector<Scope>& scopes_;
  std::vector<Work> pending_;
  std::deque<Work> deferred_;
};

std::uint32_t ModuleModel::scope_at(std::uint32_t byte) const noexcept {
  // Scopes are created outer before inner, so the last one containing `byte` is the innermost.
  std::uint32_t found = 0;
  for (std::uint32_t i = 1; i < scopes_.size(); ++i) {
    if (scopes_[i].start_byte <= byte && byte < scopes_[i].end_byte) found = i;
  }
  return found;
}

std::uint32_t ModuleModel::enclosing(std::uint32_t scope) const noexcept {
  std::uint32_t s = scopes_[scope].parent;
  while (s != 0 && scopes_[s].type == Scope::Type::class_) s = scopes_[s].parent;
  return s;
}

std::optional<QualifiedName> ModuleModel::lookup(std::uint32_t scope, std::string_view name_view) const {
  const std::string name(name_view);
  std::uint32_t s = scopes_[scope].globals.count(name) ? 0 : scope;
  for (;;) {
    const auto& bindings = scopes_[s].bindings;
    if (auto it = bindings.find(name); it != bindings.end()) return it->second;
    if (s == 0) break;
    s = enclosing(s);
  }
  if (is_python_builtin(name)) return QualifiedName{"builtins." + name, NameOrigin::builtin};
  if (!star_imports_.empty()) return QualifiedName{star_imports_.back() + "." + name, NameOrigin::star_import};
  return QualifiedName{name, NameOrigin::unresolved};
}

std::optional<QualifiedName> ModuleModel::resolve(TSNode node, std::string_view source, std::uint32_t scope) const {
  std::vector<std::string_view> attributes;  // innermost last
  for (;;) {
    const Kind kind = kind_of(node);
    if (kind == Kind::attribute) {
      attributes.push_back(text_of(child(node, Field::attribute), source));
      node = child(node, Field::object);
      continue;
    }
    if (kind == Kind::parenthesized_expression && ts_node_named_child_count(node) == 1) {
      node = ts_node_named_child(node, 0);
      continue;
    }
    break;
  }
  std::optional<QualifiedName> base;
  switch (kind_of(node)) {
    case Kind::identifier: base = lookup(scope, text_of(node, source)); break;
    case Kind::call: base = imported_module(node, source, scope); break;
    default: return std::nullopt;
  }
  if (!base) return std::nullopt;
  for (auto it = attributes.rbegin(); it != attributes.rend(); ++it) {
    base->name += '.';
    base->name += *it;
  }
  return base;
}

// `__import__("a.b")` is module a (a.b with a non-empty fromlist); import_module("a.b") is a.b.
std::optional<QualifiedName> ModuleModel::imported_module(TSNode call, std::string_view source, std::uint32_t scope) const {
  const TSNode function = child(call, Field::function);
  if (kind_of(function) != Kind::identifier && kind_of(function) != Kind::attribute) return std::nullopt;
  const auto callee = resolve(function, source, scope);
  if (!callee) return std::nullopt;
  const bool dunder_import = callee->name == "builtins.__import__";
  if (!dunder_import && callee->name != "importlib.import_module") return std::nullopt;
  const TSNode args = child(call, Field::arguments);
  if (kind_of(args) != Kind::argument_list || ts_node_named_child_count(args) == 0) return std::nullopt;
  const auto name = string_literal(ts_node_named_child(args, 0), source);
  if (!name || name->empty() || name->front() == '.') return std::nullopt;
  if (!dunder_import) return QualifiedName{*name, NameOrigin::imported};
  bool has_fromlist = false;
  for (std::uint32_t i = 1, n = ts_node_named_child_count(args); i < n; ++i) {
    const TSNode arg = ts_node_named_child(args, i);
    const bool is_keyword = kind_of(arg) == Kind::keyword_argument;
    const bool positional_fromlist = i == 3 && !is_keyword;
    const bool keyword_fromlist = is_keyword && text_of(child(arg, Field::name), source) == "fromlist";
    if (positional_fromlist || keyword_fromlist) {
      has_fromlist = truthiness(keyword_fromlist ? child(arg, Field::value) : arg, source).value_or(true);
    }
  }
  return QualifiedName{has_fromlist ? *name : std::string(first_component(*name)), NameOrigin::imported};
}

ModuleModel ModuleModel::build(TSNode root, std::string_view source, const ModuleInfo& info) {
  ModuleModel model;
  model.info_ = info;
  ModuleWalker walker(source, model);
  walker.run(root);
  return model;
}

}  // namespace warden::detail
