#include "call_graph.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "syntax.hpp"

namespace warden::detail {

// --- phase 1: facts of one file -----------------------------------------------------------

namespace {

constexpr std::uint32_t kNoIndex = 0xFFFFFFFFu;

SourceSpan span_of(TSNode node) {
  return {ts_node_start_byte(node), ts_node_end_byte(node), ts_node_start_point(node), ts_node_end_point(node)};
}

std::uint64_t range_key(std::uint32_t start, std::uint32_t end) {
  return (static_cast<std::uint64_t>(start) << 32) | end;
}

bool has_decorator(const std::vector<QualifiedName>& decorators, std::string_view name) {
  return std::any_of(decorators.begin(), decorators.end(), [&](const QualifiedName& d) { return d.name == name; });
}

// The name a parameter binds: `x`, `x=1`, `x: T`, `*args`, `**kw: T`.
std::string_view parameter_name(TSNode node, std::string_view source) {
  for (;;) {
    if (kind_of(node) == Kind::identifier) return text_of(node, source);
    const TSNode name = child(node, Field::name);
    if (!ts_node_is_null(name)) {
      node = name;
      continue;
    }
    if (ts_node_named_child_count(node) == 0) return {};
    node = ts_node_named_child(node, 0);
  }
}

// The source text of a constant expression (True, False, None, a number, a string without
// interpolation, -3), else "".
std::string constant_text(TSNode node, std::string_view source) {
  if (ts_node_is_null(node)) return {};
  switch (kind_of(node)) {
    case Kind::true_: case Kind::false_: case Kind::none: case Kind::integer: case Kind::float_:
      return std::string(text_of(node, source));
    case Kind::string:
      for (TSNode part = ts_node_named_child(node, 0); !ts_node_is_null(part); part = ts_node_next_named_sibling(part)) {
        if (kind_of(part) == Kind::interpolation) return {};
      }
      return std::string(text_of(node, source));
    case Kind::unary_operator: {
      const TSNode operand = child(node, Field::argument);
      const Kind k = ts_node_is_null(operand) ? Kind::other : kind_of(operand);
      return k == Kind::integer || k == Kind::float_ ? std::string(text_of(node, source)) : std::string();
    }
    default: return {};
  }
}

std::vector<ParameterFact> parameters_of(TSNode parameters, std::string_view source) {
  std::vector<ParameterFact> out;
  if (ts_node_is_null(parameters)) return out;
  bool keyword_only = false;
  for (std::uint32_t i = 0, n = ts_node_named_child_count(parameters); i < n; ++i) {
    const TSNode param = ts_node_named_child(parameters, i);
    const std::string_view type = ts_node_type(param);
    if (type == "keyword_separator") {  // a bare `*`
      keyword_only = true;
      continue;
    }
    if (type == "positional_separator" || kind_of(param) == Kind::comment) continue;
    ParameterFact fact;
    const Kind kind = kind_of(param);
    fact.has_default = kind == Kind::default_parameter || kind == Kind::typed_default_parameter;
    if (fact.has_default) fact.default_constant = constant_text(child(param, Field::value), source);
    // `*args: T` is a typed_parameter around the splat.
    const TSNode inner = kind == Kind::typed_parameter && ts_node_named_child_count(param) > 0
                             ? ts_node_named_child(param, 0)
                             : param;
    if (kind_of(inner) == Kind::list_splat_pattern) {
      fact.kind = ParameterFact::Kind::var_positional;
      keyword_only = true;
    } else if (kind_of(inner) == Kind::dictionary_splat_pattern) {
      fact.kind = ParameterFact::Kind::var_keyword;
    } else if (keyword_only) {
      fact.kind = ParameterFact::Kind::keyword_only;
    }
    fact.name = std::string(parameter_name(param, source));
    if (!fact.name.empty()) out.push_back(std::move(fact));
  }
  return out;
}

// The functions that read a weights file given its path or an open file, by the name a call
// resolves to: what loading code passes a checkpoint, a pickle or an array file to.
constexpr std::string_view kWeightsLoaders[] = {
    "torch.load", "torch.serialization.load", "torch.jit.load", "torch.package.PackageImporter",
    "pickle.load", "pickle.loads", "pickle.Unpickler", "pickle._load", "pickle._loads", "pickle._Unpickler",
    "_pickle.load", "_pickle.loads", "_pickle.Unpickler", "cPickle.load", "cPickle.loads", "cPickle.Unpickler",
    "dill.load", "dill.loads", "dill.Unpickler", "cloudpickle.load", "cloudpickle.loads",
    "joblib.load", "sklearn.externals.joblib.load", "numpy.load", "pandas.read_pickle",
    "keras.models.load_model", "keras.saving.load_model", "tensorflow.keras.models.load_model",
    "tensorflow.keras.saving.load_model", "safetensors.torch.load_file", "safetensors.numpy.load_file",
    "safetensors.safe_open", "llama_cpp.Llama",
};

// Callees that join path components: their literal arguments are one path.
constexpr std::string_view kPathJoins[] = {
    "os.path.join", "posixpath.join", "ntpath.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath",
    "pathlib.PurePosixPath", "pathlib.WindowsPath", "pathlib.PureWindowsPath",
};

constexpr std::size_t kMaxLoaderNodes = 256;  // nodes looked at per loader call's arguments
constexpr std::size_t kMaxPathLength = 1024;

bool is_path_join(std::string_view name) {
  return std::find(std::begin(kPathJoins), std::end(kPathJoins), name) != std::end(kPathJoins);
}

// Worth keeping as a file's name: a directory or an extension, no control characters.
bool looks_like_path(std::string_view path) {
  if (path.empty() || path.size() > kMaxPathLength) return false;
  if (std::any_of(path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) return false;
  return path.find_first_of("./\\") != std::string_view::npos &&
         path.find_first_not_of("./\\ ") != std::string_view::npos;
}

class FactExtractor {
 public:
  FactExtractor(const ModuleModel& model, std::string_view source) : model_(model), source_(source) {
    const auto& scopes = model.scopes();
    for (std::uint32_t i = 1; i < scopes.size(); ++i) {
      const auto type = scopes[i].type;
      if (type == Scope::Type::function || type == Scope::Type::lambda || type == Scope::Type::class_) {
        scope_by_range_.emplace(range_key(scopes[i].start_byte, scopes[i].end_byte), i);
      }
    }
    function_of_scope_.assign(scopes.size(), kNoIndex);
  }

  FileFunctions run(TSNode root, const std::vector<TSNode>& definitions) {
    out_.module = model_.info();
    out_.imports = model_.imported_modules();
    // `from pkg import mod` notes pkg only: names bound by imports may be modules too.
    std::vector<std::string> bound;
    for (const Scope& scope : model_.scopes()) {
      for (const auto& [name, value] : scope.bindings) {
        if (value && value->origin == NameOrigin::imported) bound.push_back(value->name);
      }
    }
    std::sort(bound.begin(), bound.end());
    bound.erase(std::unique(bound.begin(), bound.end()), bound.end());
    const std::unordered_set<std::string> noted(out_.imports.begin(), out_.imports.end());
    for (auto& name : bound) {
      if (!noted.count(name)) out_.imports.push_back(std::move(name));
    }
    FunctionFact module;
    module.kind = FunctionFact::Kind::module;
    module.qualname = model_.info().name;
    module.span = span_of(root);
    module.scope = 0;
    out_.functions.push_back(std::move(module));
    function_of_scope_[0] = 0;
    for (const TSNode node : definitions) {
      if (kind_of(node) == Kind::if_statement) add_guard_ranges(node);
    }
    std::sort(guard_ranges_.begin(), guard_ranges_.end(),
              [](const GuardRange& a, const GuardRange& b) { return a.start < b.start; });
    add_definitions(definitions);
    assign_guard_blocks();
    for (std::uint32_t i = 0; i < model_.calls().size(); ++i) add_call(i);
    return std::move(out_);
  }

 private:
  std::string_view text(TSNode node) const { return text_of(node, source_); }

  std::uint32_t scope_for(std::uint32_t start, std::uint32_t end) const {
    const auto it = scope_by_range_.find(range_key(start, end));
    return it == scope_by_range_.end() ? kNoIndex : it->second;
  }

  // The function whose execution runs code of `scope`: class bodies and comprehensions run
  // as part of the code around them.
  std::uint32_t caller_of(std::uint32_t scope) const {
    const auto& scopes = model_.scopes();
    for (;;) {
      if (function_of_scope_[scope] != kNoIndex) return function_of_scope_[scope];
      if (scope == 0) return 0;
      scope = scopes[scope].parent;
    }
  }

  std::vector<QualifiedName> decorators_of(TSNode decorated, std::uint32_t scope) {
    std::vector<QualifiedName> out;
    if (ts_node_is_null(decorated)) return out;
    for (std::uint32_t i = 0, n = ts_node_named_child_count(decorated); i < n; ++i) {
      const TSNode decorator = ts_node_named_child(decorated, i);
      if (kind_of(decorator) != Kind::decorator || ts_node_named_child_count(decorator) == 0) continue;
      const TSNode expression = ts_node_named_child(decorator, 0);
      // @d(args): listed as d; the call is a call site of its own, and what it returns (the
      // decorator actually applied) is not known by name.
      if (kind_of(expression) == Kind::call) {
        if (auto name = model_.resolve(child(expression, Field::function), source_, scope)) out.push_back(*name);
        continue;
      }
      if (auto name = model_.resolve(expression, source_, scope)) {
        out.push_back(*name);
        CallFact call;
        call.kind = CallFact::Kind::decorator;
        call.caller = caller_of(scope);
        call.callee = std::move(*name);
        call.span = span_of(expression);
        definition_calls_.push_back(std::move(call));
      }
    }
    return out;
  }

  void add_function(TSNode node, TSNode decorated, bool is_lambda) {
    const TSNode parameters = child(node, Field::parameters);
    const std::uint32_t start = ts_node_start_byte(ts_node_is_null(parameters) ? node : parameters);
    const std::uint32_t scope = scope_for(start, ts_node_end_byte(node));
    if (scope == kNoIndex) return;
    const Scope& info = model_.scopes()[scope];
    const Scope& parent = model_.scopes()[info.parent];
    FunctionFact fact;
    fact.qualname = info.qualname;
    if (is_lambda) {
      fact.kind = FunctionFact::Kind::lambda;
    } else if (parent.type == Scope::Type::class_) {
      fact.kind = FunctionFact::Kind::method;
      fact.class_qualname = parent.qualname;
    }
    fact.parameters = parameters_of(parameters, source_);
    fact.decorators = decorators_of(decorated, info.parent);
    fact.span = span_of(node);
    fact.scope = scope;
    function_of_scope_[scope] = static_cast<std::uint32_t>(out_.functions.size());
    out_.functions.push_back(std::move(fact));
  }

  void add_class(TSNode node, TSNode decorated) {
    const TSNode body = child(node, Field::body);
    if (ts_node_is_null(body)) return;
    const std::uint32_t scope = scope_for(ts_node_start_byte(body), ts_node_end_byte(body));
    if (scope == kNoIndex) return;
    const Scope& info = model_.scopes()[scope];
    ClassFact fact;
    fact.qualname = info.qualname;
    fact.scope = scope;
    fact.definer = caller_of(info.parent);
    fact.span = span_of(node);
    const TSNode superclasses = child(node, Field::superclasses);
    for (std::uint32_t i = 0, n = ts_node_is_null(superclasses) ? 0 : ts_node_named_child_count(superclasses); i < n;
         ++i) {
      const TSNode base = ts_node_named_child(superclasses, i);
      const Kind kind = kind_of(base);
      if (kind == Kind::keyword_argument) {
        // `metaclass=M`: the class statement calls M(name, bases, namespace), which runs M's
        // __new__ and __init__ where the class is defined.
        if (text(child(base, Field::name)) == "metaclass") {
          if (auto meta = model_.resolve(child(base, Field::value), source_, info.parent)) {
            CallFact call;
            call.kind = CallFact::Kind::name;
            call.caller = fact.definer;
            call.callee = std::move(*meta);
            call.span = span_of(base);
            definition_calls_.push_back(std::move(call));
          }
        }
        continue;
      }
      if (kind == Kind::list_splat || kind == Kind::dictionary_splat) continue;
      if (auto name = model_.resolve(base, source_, info.parent)) fact.bases.push_back(std::move(*name));
    }
    decorators_of(decorated, info.parent);
    out_.classes.push_back(std::move(fact));
  }

  // Definitions in source order, outer before inner (so a method's class is known first).
  void add_definitions(const std::vector<TSNode>& definitions) {
    std::unordered_map<std::uint32_t, TSNode> decorated_by_start;  // definition start -> decorated_definition
    for (const TSNode node : definitions) {
      const Kind kind = kind_of(node);
      TSNode decorated{};
      if (kind == Kind::function_definition || kind == Kind::class_definition) {
        if (auto it = decorated_by_start.find(ts_node_start_byte(node)); it != decorated_by_start.end()) {
          decorated = it->second;
          decorated_by_start.erase(it);
        }
      }
      switch (kind) {
        case Kind::decorated_definition: {
          const TSNode definition = child(node, Field::definition);
          if (!ts_node_is_null(definition)) decorated_by_start[ts_node_start_byte(definition)] = node;
          break;
        }
        case Kind::function_definition: add_function(node, decorated, false); break;
        case Kind::lambda: add_function(node, decorated, true); break;
        case Kind::class_definition: add_class(node, decorated); break;
        default: break;
      }
    }
    // Decorators run where the definition runs, before the code after it: keep them in order.
    for (auto& call : definition_calls_) out_.calls.push_back(std::move(call));
    definition_calls_.clear();
  }

  // The method (function scope directly in a class) that code in `scope` belongs to, if `name`
  // there still means the method's own first parameter (self / cls); kNoIndex otherwise.
  std::uint32_t method_owning_first_parameter(std::uint32_t scope, std::string_view name) const {
    const auto& scopes = model_.scopes();
    const std::string key(name);
    for (std::uint32_t s = scope; s != 0; s = scopes[s].parent) {
      const std::uint32_t fn = function_of_scope_[s];
      const bool is_method = fn != kNoIndex && out_.functions[fn].kind == FunctionFact::Kind::method;
      if (is_method) {
        const FunctionFact& method = out_.functions[fn];
        if (method.is_staticmethod() || method.parameters.empty()) return kNoIndex;
        if (method.parameters.front().name != name) return kNoIndex;
        if (method.parameters.front().kind != ParameterFact::Kind::positional) return kNoIndex;
        return fn;
      }
      if (scopes[s].bindings.count(key) || scopes[s].type == Scope::Type::class_) return kNoIndex;
    }
    return kNoIndex;
  }

  // The innermost method enclosing `scope` (through nested functions, lambdas, comprehensions).
  std::uint32_t enclosing_method(std::uint32_t scope) const {
    const auto& scopes = model_.scopes();
    for (std::uint32_t s = scope; s != 0; s = scopes[s].parent) {
      const std::uint32_t fn = function_of_scope_[s];
      if (fn != kNoIndex && out_.functions[fn].kind == FunctionFact::Kind::method) return fn;
      if (scopes[s].type == Scope::Type::class_) return kNoIndex;
    }
    return kNoIndex;
  }

  // A block that runs only when a parameter test holds: `if p:`, `if not p:`, `if p is None:`,
  // `if p is not None:`, and the `else:` of one (not after an `elif`).
  struct GuardRange {
    std::uint32_t if_start = 0, start = 0, end = 0;
    TSPoint start_point{0, 0}, end_point{0, 0};
    CallGuard guard;
  };

  std::optional<CallGuard> guard_of(TSNode condition) const {
    if (ts_node_is_null(condition)) return std::nullopt;
    CallGuard g;
    switch (kind_of(condition)) {
      case Kind::identifier: g.parameter = std::string(text(condition)); g.test = CallGuard::Test::truthy; return g;
      case Kind::not_operator: {
        const TSNode operand = child(condition, Field::argument);
        if (ts_node_is_null(operand) || kind_of(operand) != Kind::identifier) return std::nullopt;
        g.parameter = std::string(text(operand));
        g.test = CallGuard::Test::falsy;
        return g;
      }
      case Kind::comparison_operator: {
        if (ts_node_named_child_count(condition) != 2) return std::nullopt;
        const TSNode left = ts_node_named_child(condition, 0), right = ts_node_named_child(condition, 1);
        if (kind_of(left) != Kind::identifier || kind_of(right) != Kind::none) return std::nullopt;
        // The operator is between the two: "is" or "is not".
        const std::string_view between =
            source_.substr(ts_node_end_byte(left), ts_node_start_byte(right) - ts_node_end_byte(left));
        const auto words = [](std::string_view s) {
          std::string out;
          for (const char c : s) {
            if (c == ' ' || c == '\t') {
              if (!out.empty() && out.back() != ' ') out.push_back(' ');
            } else {
              out.push_back(c);
            }
          }
          while (!out.empty() && out.back() == ' ') out.pop_back();
          return out.starts_with(' ') ? out.substr(1) : out;
        };
        const std::string op = words(between);
        if (op != "is" && op != "is not") return std::nullopt;
        g.parameter = std::string(text(left));
        g.test = op == "is" ? CallGuard::Test::none : CallGuard::Test::not_none;
        return g;
      }
      default: return std::nullopt;
    }
  }

  void add_guard_ranges(TSNode if_node) {
    const auto guard = guard_of(child(if_node, Field::condition));
    if (!guard) return;
    const TSNode consequence = child(if_node, Field::consequence);
    if (!ts_node_is_null(consequence)) {
      guard_ranges_.push_back({ts_node_start_byte(if_node), ts_node_start_byte(consequence), ts_node_end_byte(consequence),
                               ts_node_start_point(consequence), ts_node_end_point(consequence), *guard});
    }
    TSNode else_body{};
    for (std::uint32_t i = 0, n = ts_node_named_child_count(if_node); i < n; ++i) {
      const TSNode clause = ts_node_named_child(if_node, i);
      if (kind_of(clause) == Kind::elif_clause) return;  // the else runs when no test held: not one parameter's
      if (kind_of(clause) == Kind::else_clause) else_body = child(clause, Field::body);
    }
    if (ts_node_is_null(else_body)) return;
    CallGuard negated = *guard;
    switch (guard->test) {
      case CallGuard::Test::truthy: negated.test = CallGuard::Test::falsy; break;
      case CallGuard::Test::falsy: negated.test = CallGuard::Test::truthy; break;
      case CallGuard::Test::none: negated.test = CallGuard::Test::not_none; break;
      case CallGuard::Test::not_none: negated.test = CallGuard::Test::none; break;
    }
    guard_ranges_.push_back({ts_node_start_byte(if_node), ts_node_start_byte(else_body), ts_node_end_byte(else_body),
                             ts_node_start_point(else_body), ts_node_end_point(else_body), negated});
  }

  // The guards of a call at byte `at` in the code of function `caller`: the blocks around it,
  // in the caller's own code, testing one of its parameters.
  std::vector<CallGuard> guards_at(std::uint32_t at, std::uint32_t caller) const {
    std::vector<CallGuard> out;
    if (guard_ranges_.empty()) return out;
    const FunctionFact& fn = out_.functions[caller];
    if (fn.kind == FunctionFact::Kind::module || fn.parameters.empty()) return out;
    auto it = std::upper_bound(guard_ranges_.begin(), guard_ranges_.end(), at,
                               [](std::uint32_t pos, const GuardRange& r) { return pos < r.start; });
    while (it != guard_ranges_.begin()) {
      --it;
      if (it->if_start < fn.span.start_byte) break;  // before the caller: no more of its blocks
      if (at >= it->end) continue;
      const bool parameter = std::any_of(fn.parameters.begin(), fn.parameters.end(),
                                         [&](const ParameterFact& p) { return p.name == it->guard.parameter; });
      if (parameter) out.push_back(it->guard);
    }
    return out;
  }

  // Each guarded block to the innermost function whose own code holds its `if`, when the
  // test is on one of that function's parameters.
  void assign_guard_blocks() {
    for (const GuardRange& r : guard_ranges_) {
      std::uint32_t best = kNoIndex;
      for (std::uint32_t i = 1; i < out_.functions.size(); ++i) {
        const SourceSpan& span = out_.functions[i].span;
        if (span.start_byte > r.if_start || r.if_start >= span.end_byte) continue;
        if (best == kNoIndex || span.start_byte >= out_.functions[best].span.start_byte) best = i;
      }
      if (best == kNoIndex) continue;
      FunctionFact& fn = out_.functions[best];
      const bool parameter = std::any_of(fn.parameters.begin(), fn.parameters.end(),
                                         [&](const ParameterFact& p) { return p.name == r.guard.parameter; });
      if (!parameter) continue;
      FunctionFact::GuardBlock block;
      block.span.start_byte = r.start;
      block.span.end_byte = r.end;
      block.span.start = r.start_point;
      block.span.end = r.end_point;
      block.guard = r.guard;
      fn.guard_blocks.push_back(std::move(block));
    }
  }

  // The constants a call passes, for the guards of its callee.
  // Only constants are kept (most arguments are not): `positional` up to the last constant.
  void add_arguments(TSNode call, CallFact& fact) const {
    const TSNode args = child(call, Field::arguments);
    if (ts_node_is_null(args) || kind_of(args) != Kind::argument_list) return;
    std::uint32_t index = 0;
    for (TSNode arg = ts_node_named_child(args, 0); !ts_node_is_null(arg); arg = ts_node_next_named_sibling(arg)) {
      switch (kind_of(arg)) {
        case Kind::keyword_argument: {
          std::string value = constant_text(child(arg, Field::value), source_);
          if (!value.empty()) fact.keywords.emplace_back(std::string(text(child(arg, Field::name))), std::move(value));
          else fact.keywords.emplace_back(std::string(text(child(arg, Field::name))), std::string());
          break;
        }
        case Kind::list_splat: case Kind::dictionary_splat: fact.unpacked = true; break;
        case Kind::comment: break;
        default: {
          std::string value = constant_text(arg, source_);
          if (!value.empty()) {
            fact.positional.resize(index);
            fact.positional.push_back(std::move(value));
          }
          ++index;
        }
      }
    }
    fact.positional_count = index;
  }

  void add_call(std::uint32_t index) {
    const CallSite& site = model_.calls()[index];
    CallFact fact;
    fact.caller = caller_of(site.scope);
    fact.call_index = index;
    fact.span = span_of(site.node);
    fact.guards = guards_at(ts_node_start_byte(site.node), fact.caller);
    add_arguments(site.node, fact);
    if (site.callee) {
      if (is_weights_loader(site.callee->name)) add_loader_call(site);
      fact.kind = CallFact::Kind::name;
      fact.callee = *site.callee;
      out_.calls.push_back(std::move(fact));
      return;
    }
    const TSNode function = child(site.node, Field::function);
    if (kind_of(function) != Kind::attribute) return;
    const TSNode object = child(function, Field::object);
    fact.method = std::string(text(child(function, Field::attribute)));
    if (kind_of(object) == Kind::identifier) {  // self.m() / cls.m()
      const std::uint32_t method = method_owning_first_parameter(site.scope, text(object));
      if (method == kNoIndex) return;
      fact.kind = CallFact::Kind::self;
      fact.class_qualname = out_.functions[method].class_qualname;
      out_.calls.push_back(std::move(fact));
      return;
    }
    if (kind_of(object) != Kind::call) return;
    const TSNode super_function = child(object, Field::function);
    if (kind_of(super_function) != Kind::identifier) return;
    const auto super_name = model_.resolve(super_function, source_, site.scope);
    if (!super_name || super_name->name != "builtins.super") return;
    // super(C, self).m(): after C; super().m(): after the enclosing method's class.
    const TSNode args = child(object, Field::arguments);
    if (!ts_node_is_null(args) && ts_node_named_child_count(args) > 0) {
      const auto named = model_.resolve(ts_node_named_child(args, 0), source_, site.scope);
      if (named && named->resolved()) fact.class_qualname = named->name;
    }
    if (fact.class_qualname.empty()) {
      const std::uint32_t method = enclosing_method(site.scope);
      if (method == kNoIndex) return;
      fact.class_qualname = out_.functions[method].class_qualname;
    }
    fact.kind = CallFact::Kind::super;
    out_.calls.push_back(std::move(fact));
  }

  // The positional arguments of a call, in order; empty if it unpacks any (*a, **k).
  std::vector<TSNode> positional_arguments(TSNode call) const {
    std::vector<TSNode> out;
    const TSNode args = child(call, Field::arguments);
    if (ts_node_is_null(args) || kind_of(args) != Kind::argument_list) return out;
    for (std::uint32_t i = 0, n = ts_node_named_child_count(args); i < n; ++i) {
      const TSNode arg = ts_node_named_child(args, i);
      const Kind kind = kind_of(arg);
      if (kind == Kind::list_splat || kind == Kind::dictionary_splat) return {};
      if (kind != Kind::keyword_argument && kind != Kind::comment) out.push_back(arg);
    }
    return out;
  }

  // The literal tail of the path `node` evaluates to (see PathLiteral), walking from its end:
  // a string, os.path.join / pathlib.Path(...) / .joinpath(...) arguments, `/` and `+`
  // operands, "...{}.pt".format(...). nullopt when it ends in a computed part.
  std::optional<PathLiteral> path_of(TSNode node, std::uint32_t scope) const {
    PathLiteral out;
    out.span = span_of(node);
    bool have = false;
    bool separator = false;  // a '/' between the next piece (to the left) and what is read
    const auto prepend = [&](std::string_view piece) {
      if (!have) out.path = std::string(piece);
      else out.path = std::string(piece) + (separator ? "/" : "") + out.path;
      have = true;
    };
    // The computed part in front of the tail: a separator before it is kept as a leading '/'.
    const auto computed = [&] {
      out.complete = false;
      if (have && separator) out.path.insert(out.path.begin(), '/');
    };
    char left_computed = 0;  // '/' or '+' when an operator's left operand was passed over
    TSNode current = node;
    for (std::size_t step = 0;; ++step) {
      if (step == 64 || ts_node_is_null(current)) {
        computed();
        break;
      }
      const Kind kind = kind_of(current);
      if (kind == Kind::parenthesized_expression && ts_node_named_child_count(current) == 1) {
        current = ts_node_named_child(current, 0);
        continue;
      }
      if (kind == Kind::string || kind == Kind::concatenated_string) {
        auto tail = string_literal_tail(current, source_);
        if (!tail) {
          computed();
          break;
        }
        prepend(tail->text);
        out.complete = tail->complete;
        break;
      }
      if (kind == Kind::binary_operator) {
        const std::string_view op = text(child(current, Field::operator_));
        if (op != "/" && op != "+") {
          computed();
          break;
        }
        const TSNode right = child(current, Field::right);
        const auto value = ts_node_is_null(right) ? std::nullopt : string_literal(right, source_);
        if (!value) {  // only the right operand's tail is known: the left one is computed
          left_computed = op == "/" ? '/' : '+';
          current = right;
          continue;
        }
        prepend(*value);
        separator = op == "/";
        current = child(current, Field::left);
        continue;
      }
      if (kind != Kind::call) {
        computed();
        break;
      }
      const TSNode function = child(current, Field::function);
      if (ts_node_is_null(function)) {
        computed();
        break;
      }
      const bool joinpath = kind_of(function) == Kind::attribute && text(child(function, Field::attribute)) == "joinpath";
      if (kind_of(function) == Kind::attribute && text(child(function, Field::attribute)) == "format") {
        // "{}/w.pt".format(root): the text after the last replacement field.
        const auto pattern = string_literal(child(function, Field::object), source_);
        if (!pattern) {
          computed();
          break;
        }
        const std::size_t brace = pattern->rfind('}');
        prepend(brace == std::string::npos ? std::string_view(*pattern) : std::string_view(*pattern).substr(brace + 1));
        out.complete = brace == std::string::npos;
        break;
      }
      if (!joinpath) {
        const auto callee = model_.resolve(function, source_, scope);
        if (!callee || !is_path_join(callee->name)) {
          computed();
          break;
        }
      }
      const std::vector<TSNode> args = positional_arguments(current);
      TSNode rest{};  // the argument the path continues in, if one is not a literal
      bool absolute = false;
      for (auto it = args.rbegin(); it != args.rend() && !absolute; ++it) {
        const auto value = string_literal(*it, source_);
        if (!value) {
          rest = *it;
          break;
        }
        prepend(*value);
        separator = true;
        absolute = value->starts_with('/');  // os.path.join drops what comes before
      }
      if (absolute) break;
      if (!ts_node_is_null(rest)) {
        current = rest;
        continue;
      }
      if (joinpath) {
        current = child(function, Field::object);
        continue;
      }
      if (args.empty()) computed();  // Path() is the working directory: nothing written
      break;
    }
    if (out.complete && left_computed) {
      out.complete = false;
      if (left_computed == '/') out.path.insert(out.path.begin(), '/');
    }
    if (!have || !looks_like_path(out.path)) return std::nullopt;
    return out;
  }

  // The source text of keyword argument `name` of a call's argument list; "" when not given.
  std::string_view keyword_text(TSNode args, std::string_view name) const {
    for (std::uint32_t i = 0, n = ts_node_named_child_count(args); i < n; ++i) {
      const TSNode arg = ts_node_named_child(args, i);
      if (kind_of(arg) == Kind::keyword_argument && text(child(arg, Field::name)) == name) return text(child(arg, Field::value));
    }
    return {};
  }

  // A weights loader's call: the paths written in its arguments, nested in any expression.
  // Loads that cannot run a pickle's code are left out: torch.load(weights_only=True), and
  // numpy.load without allow_pickle=True (its default refuses object arrays).
  void add_loader_call(const CallSite& site) {
    LoaderCallFact fact;
    fact.loader = site.callee->name;
    fact.span = span_of(site.node);
    const TSNode args = child(site.node, Field::arguments);
    if (ts_node_is_null(args)) return;
    const bool torch = fact.loader == "torch.load" || fact.loader == "torch.serialization.load";
    if (torch && keyword_text(args, "weights_only") == "True") return;
    if (fact.loader == "numpy.load" && keyword_text(args, "allow_pickle") != "True") return;
    std::vector<TSNode> pending;
    for (std::uint32_t i = ts_node_named_child_count(args); i-- > 0;) pending.push_back(ts_node_named_child(args, i));
    for (std::size_t seen = 0; !pending.empty() && seen < kMaxLoaderNodes; ++seen) {
      const TSNode node = pending.back();
      pending.pop_back();
      const Kind kind = kind_of(node);
      if (kind == Kind::string || kind == Kind::concatenated_string || kind == Kind::binary_operator ||
          kind == Kind::call) {
        if (auto path = path_of(node, site.scope)) {
          fact.paths.push_back(std::move(*path));
          continue;
        }
        if (kind == Kind::string || kind == Kind::concatenated_string) continue;
      }
      if (kind == Kind::lambda) continue;  // runs later, if ever
      for (std::uint32_t i = ts_node_named_child_count(node); i-- > 0;) pending.push_back(ts_node_named_child(node, i));
    }
    if (!fact.paths.empty()) out_.loader_calls.push_back(std::move(fact));
  }

  const ModuleModel& model_;
  std::string_view source_;
  std::unordered_map<std::uint64_t, std::uint32_t> scope_by_range_;
  std::vector<GuardRange> guard_ranges_;  // by start
  std::vector<std::uint32_t> function_of_scope_;  // scope -> index into out_.functions
  std::vector<CallFact> definition_calls_;  // decorators and metaclasses: run with the definition
  FileFunctions out_;
};

}  // namespace

bool is_weights_loader(std::string_view qualname) noexcept {
  return std::find(std::begin(kWeightsLoaders), std::end(kWeightsLoaders), qualname) != std::end(kWeightsLoaders);
}

bool FunctionFact::is_staticmethod() const { return has_decorator(decorators, "builtins.staticmethod"); }
bool FunctionFact::is_classmethod() const { return has_decorator(decorators, "builtins.classmethod"); }

bool is_fact_node(TSNode node) noexcept {
  switch (kind_of(node)) {
    case Kind::decorated_definition:
    case Kind::function_definition:
    case Kind::lambda:
    case Kind::class_definition:
    case Kind::if_statement: return true;
    default: return false;
  }
}

FileFunctions extract_functions(const ModuleModel& model, TSNode root, std::string_view source) {
  std::vector<TSNode> definitions;
  for_each_node(root, [&](TSNode node) {
    if (is_fact_node(node)) definitions.push_back(node);
  });
  return extract_functions(model, root, source, definitions);
}

FileFunctions extract_functions(const ModuleModel& model, TSNode root, std::string_view source,
                                const std::vector<TSNode>& definitions) {
  return FactExtractor(model, source).run(root, definitions);
}

// --- phase 2: the graph -------------------------------------------------------------------

namespace {

struct EdgeData {
  CallGraph::EdgeKind kind = CallGraph::EdgeKind::call;
  std::uint32_t file = CallGraph::kNone;
  std::uint32_t call = CallGraph::kNone;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeData>;

}  // namespace

struct CallGraph::Impl {
  struct ClassNode {
    std::vector<Vertex> vertices;
    std::vector<std::string> bases;  // canonical names
    std::unordered_map<std::string, std::vector<Vertex>> methods;
    std::vector<std::string> subclasses;  // direct, in the tree
  };
  struct MroEntry {
    const std::string* name;
    const ClassNode* node;  // null for a class outside the tree
  };
  std::unordered_map<std::string, ClassNode> classes;
  mutable std::unordered_map<std::string, std::vector<MroEntry>> mro_cache;  // phase 2 is single-threaded

  const ClassNode* class_node(const std::string& name) const {
    const auto it = classes.find(name);
    return it == classes.end() || it->second.vertices.empty() ? nullptr : &it->second;
  }

  // Depth-first, left to right over bases, each class once: close to Python's MRO for the
  // usual single-inheritance and mixin cases. Cached per class.
  const std::vector<MroEntry>& mro(const std::string& name) const {
    if (auto it = mro_cache.find(name); it != mro_cache.end()) return it->second;
    std::vector<MroEntry> out;
    std::unordered_set<std::string_view> seen;
    std::vector<const std::string*> stack;
    const auto root = classes.find(name);
    if (root != classes.end()) stack.push_back(&root->first);
    while (!stack.empty()) {
      const std::string* current = stack.back();
      stack.pop_back();
      if (!seen.insert(*current).second) continue;
      const ClassNode* node = class_node(*current);
      out.push_back({current, node});
      if (!node) continue;
      for (auto it = node->bases.rbegin(); it != node->bases.rend(); ++it) stack.push_back(&*it);
    }
    return mro_cache.emplace(name, std::move(out)).first->second;
  }

  Graph graph;
  std::vector<VertexInfo> vertices;
  std::unordered_map<std::string, std::vector<Vertex>> by_name;  // functions, classes, externals
  std::unordered_map<std::string, Vertex> modules;
  std::vector<std::uint32_t> component;        // vertex -> SCC
  std::vector<std::vector<Vertex>> members;    // SCC -> vertices, ascending
  std::vector<char> self_call;                 // SCC -> some member calls itself
  std::vector<std::uint32_t> order;            // SCCs, callees first

  Vertex add_vertex(VertexInfo info) {
    const Vertex v = static_cast<Vertex>(boost::add_vertex(graph));
    if (info.kind != VertexKind::module) by_name[info.qualname].push_back(v);
    vertices.push_back(std::move(info));
    return v;
  }

  void compute_components();
};

namespace {

// Joins the files' facts into the graph.
class GraphBuilder {
 public:
  using Vertex = CallGraph::Vertex;
  using EdgeKind = CallGraph::EdgeKind;
  using VertexKind = CallGraph::VertexKind;

  GraphBuilder(const std::vector<FileFunctions>& files, const ProjectIndex& project, CallGraph::Impl& g)
      : files_(files), project_(project), g_(g) {}

  void run() {
    add_definitions();
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const FileFunctions& file = files_[f];
      for (std::uint32_t c = 0; c < file.calls.size(); ++c) add_call(f, c);
      add_imports(f);
    }
  }

 private:

  // The name as the tree defines it: imports and re-exports through other files followed.
  std::string canonical(const QualifiedName& name) const {
    if (name.origin == NameOrigin::builtin) return name.name;
    if (auto resolved = project_.resolve(name.name)) return std::move(resolved->name);
    return name.name;
  }

  void add_definitions() {
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const FileFunctions& file = files_[f];
      function_vertex_.emplace_back();
      for (std::uint32_t i = 0; i < file.functions.size(); ++i) {
        const FunctionFact& fn = file.functions[i];
        CallGraph::VertexInfo info{fn.qualname, VertexKind::function, f, i};
        switch (fn.kind) {
          case FunctionFact::Kind::module: info.kind = VertexKind::module; break;
          case FunctionFact::Kind::function: info.kind = VertexKind::function; break;
          case FunctionFact::Kind::method: info.kind = VertexKind::method; break;
          case FunctionFact::Kind::lambda: info.kind = VertexKind::lambda; break;
        }
        const Vertex v = g_.add_vertex(std::move(info));
        function_vertex_.back().push_back(v);
        switch (fn.kind) {
          case FunctionFact::Kind::module: g_.modules.emplace(fn.qualname, v); break;
          case FunctionFact::Kind::method:
            g_.classes[fn.class_qualname].methods[fn.qualname.substr(fn.class_qualname.size() + 1)].push_back(v);
            functions_[fn.qualname].push_back(v);  // C.m(...) by name
            break;
          case FunctionFact::Kind::function: functions_[fn.qualname].push_back(v); break;
          case FunctionFact::Kind::lambda: break;  // not callable by a name
        }
      }
      for (std::uint32_t i = 0; i < file.classes.size(); ++i) {
        const ClassFact& cls = file.classes[i];
        const Vertex v = g_.add_vertex({cls.qualname, VertexKind::class_, f, i});
        CallGraph::Impl::ClassNode& node = g_.classes[cls.qualname];
        node.vertices.push_back(v);
        for (const auto& base : cls.bases) node.bases.push_back(canonical(base));
      }
    }
    for (auto& [name, node] : g_.classes) {
      for (const auto& base : node.bases) {
        if (auto it = g_.classes.find(base); it != g_.classes.end() && it->first != name) {
          it->second.subclasses.push_back(name);
        }
      }
    }
    for (auto& [name, node] : g_.classes) std::sort(node.subclasses.begin(), node.subclasses.end());
  }

  Vertex external(const std::string& name) {
    if (auto it = externals_.find(name); it != externals_.end()) return it->second;
    const Vertex v = g_.add_vertex({name, VertexKind::external, CallGraph::kNone, CallGraph::kNone});
    externals_.emplace(name, v);
    return v;
  }

  void edge(Vertex from, Vertex to, EdgeKind kind, std::uint32_t file, std::uint32_t call) {
    boost::add_edge(from, to, EdgeData{kind, file, call}, g_.graph);
  }

  // Edges to method `method` of class `cls` (or of the classes after it in its MRO). Methods
  // defined in the tree win; else the first base outside the tree is assumed to define it.
  // False when neither exists.
  bool method_edges(Vertex from, const std::string& cls, const std::string& method, bool skip_first, EdgeKind kind,
                    std::uint32_t file, std::uint32_t call) {
    const std::vector<CallGraph::Impl::MroEntry>& order = g_.mro(cls);
    const std::string* outside = nullptr;
    for (std::size_t i = skip_first ? 1 : 0; i < order.size(); ++i) {
      const CallGraph::Impl::MroEntry& entry = order[i];
      if (!entry.node) {
        if (!outside && *entry.name != "builtins.object") outside = entry.name;
        continue;
      }
      if (auto it = entry.node->methods.find(method); it != entry.node->methods.end()) {
        for (const Vertex to : it->second) edge(from, to, kind, file, call);
        return true;
      }
    }
    if (!outside) return false;
    edge(from, external(*outside + "." + method), kind, file, call);
    return true;
  }

  // self.m() may run an override of m in any subclass of `cls` in the tree.
  void override_edges(Vertex from, const std::string& cls, const std::string& method, std::uint32_t file,
                      std::uint32_t call) {
    std::unordered_set<std::string_view> seen{cls};
    std::deque<const std::string*> queue;
    if (const CallGraph::Impl::ClassNode* node = g_.class_node(cls)) {
      for (const auto& sub : node->subclasses) queue.push_back(&sub);
    }
    while (!queue.empty()) {
      const std::string* name = queue.front();
      queue.pop_front();
      if (!seen.insert(*name).second) continue;
      const CallGraph::Impl::ClassNode* node = g_.class_node(*name);
      if (!node) continue;
      if (auto it = node->methods.find(method); it != node->methods.end()) {
        for (const Vertex to : it->second) edge(from, to, EdgeKind::override_, file, call);
      }
      for (const auto& sub : node->subclasses) queue.push_back(&sub);
    }
  }

  void name_edges(Vertex from, const std::string& name, EdgeKind kind, std::uint32_t file, std::uint32_t call) {
    if (auto it = functions_.find(name); it != functions_.end()) {
      for (const Vertex to : it->second) edge(from, to, kind, file, call);
      return;
    }
    if (const CallGraph::Impl::ClassNode* node = g_.class_node(name)) {
      for (const Vertex to : node->vertices) edge(from, to, kind == EdgeKind::call ? EdgeKind::instantiation : kind, file, call);
      method_edges(from, name, "__init__", false, EdgeKind::init, file, call);
      // A __new__ of the tree runs too (metaclasses define one; outside bases are not assumed to).
      for (const auto& entry : g_.mro(name)) {
        if (!entry.node) continue;
        if (const auto it = entry.node->methods.find("__new__"); it != entry.node->methods.end()) {
          for (const Vertex to : it->second) edge(from, to, EdgeKind::init, file, call);
          break;
        }
      }
      return;
    }
    // C.m where C is a class of the tree and m is inherited.
    if (const auto dot = name.rfind('.'); dot != std::string::npos) {
      const std::string owner = name.substr(0, dot);
      if (g_.class_node(owner) && method_edges(from, owner, name.substr(dot + 1), false, EdgeKind::method, file, call)) {
        return;
      }
    }
    edge(from, external(name), kind, file, call);
  }

  void add_call(std::uint32_t f, std::uint32_t c) {
    const CallFact& fact = files_[f].calls[c];
    const Vertex from = function_vertex_[f][fact.caller];
    switch (fact.kind) {
      case CallFact::Kind::name: name_edges(from, canonical(fact.callee), EdgeKind::call, f, c); break;
      case CallFact::Kind::decorator: name_edges(from, canonical(fact.callee), EdgeKind::decorator, f, c); break;
      case CallFact::Kind::self:
        method_edges(from, fact.class_qualname, fact.method, false, EdgeKind::method, f, c);
        override_edges(from, fact.class_qualname, fact.method, f, c);
        break;
      case CallFact::Kind::super: {
        const std::string cls = canonical({fact.class_qualname, NameOrigin::imported});
        method_edges(from, cls, fact.method, true, EdgeKind::super, f, c);
        break;
      }
      case CallFact::Kind::instance: {
        // Only when the callee is a class of the tree (a function's result is not known).
        const std::string cls = canonical(fact.callee);
        if (!g_.class_node(cls)) break;
        method_edges(from, cls, fact.method, false, EdgeKind::method, f, c);
        override_edges(from, cls, fact.method, f, c);
        break;
      }
    }
  }

  // Importing pkg.sub.mod runs pkg, pkg.sub and pkg.sub.mod (those of them in the tree).
  void add_imports(std::uint32_t f) {
    const FileFunctions& file = files_[f];
    const Vertex from = function_vertex_[f][0];
    std::unordered_set<Vertex> done;
    for (const std::string& module : file.imports) {
      for (std::size_t end = 0; end != std::string::npos;) {
        end = module.find('.', end + 1);
        const auto it = g_.modules.find(module.substr(0, end));
        if (it != g_.modules.end() && it->second != from && done.insert(it->second).second) {
          edge(from, it->second, EdgeKind::import, f, CallGraph::kNone);
        }
      }
    }
  }

  const std::vector<FileFunctions>& files_;
  const ProjectIndex& project_;
  CallGraph::Impl& g_;
  std::vector<std::vector<Vertex>> function_vertex_;                // file -> function fact -> vertex
  std::unordered_map<std::string, std::vector<Vertex>> functions_;  // callable by name (not lambdas)
  std::unordered_map<std::string, Vertex> externals_;
};

}  // namespace

void CallGraph::Impl::compute_components() {
  const std::size_t n = boost::num_vertices(graph);
  component.assign(n, 0);
  const std::size_t count =
      n == 0 ? 0
             : boost::strong_components(graph, boost::make_iterator_property_map(component.begin(),
                                                                                 boost::get(boost::vertex_index, graph)));
  members.assign(count, {});
  self_call.assign(count, 0);
  for (Vertex v = 0; v < n; ++v) members[component[v]].push_back(v);
  // The condensation, ordered with Kahn's algorithm from its sinks: callees first.
  std::vector<std::size_t> pending(count, 0);  // calls into other SCCs not yet ordered
  std::vector<std::vector<std::uint32_t>> callers_of(count);
  for (auto [it, end] = boost::edges(graph); it != end; ++it) {
    const std::uint32_t from = component[boost::source(*it, graph)], to = component[boost::target(*it, graph)];
    if (from == to) {
      if (boost::source(*it, graph) == boost::target(*it, graph)) self_call[from] = 1;
      continue;
    }
    ++pending[from];
    callers_of[to].push_back(from);
  }
  order.clear();
  order.reserve(count);
  for (std::uint32_t c = 0; c < count; ++c) {
    if (pending[c] == 0) order.push_back(c);
  }
  for (std::size_t next = 0; next < order.size(); ++next) {
    for (const std::uint32_t caller : callers_of[order[next]]) {
      if (--pending[caller] == 0) order.push_back(caller);
    }
  }
}

CallGraph::CallGraph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CallGraph::CallGraph(CallGraph&&) noexcept = default;
CallGraph& CallGraph::operator=(CallGraph&&) noexcept = default;
CallGraph::~CallGraph() = default;

CallGraph CallGraph::build(const std::vector<FileFunctions>& files, const ProjectIndex& project) {
  auto impl = std::make_unique<Impl>();
  GraphBuilder(files, project, *impl).run();
  impl->compute_components();
  return CallGraph(std::move(impl));
}

std::vector<CallGraph::Vertex> CallGraph::find_method(const std::string& cls, const std::string& method) const {
  for (const Impl::MroEntry& entry : impl_->mro(cls)) {
    if (!entry.node) continue;
    if (const auto it = entry.node->methods.find(method); it != entry.node->methods.end()) return it->second;
  }
  return {};
}

std::size_t CallGraph::vertex_count() const noexcept { return impl_->vertices.size(); }
std::size_t CallGraph::edge_count() const noexcept { return boost::num_edges(impl_->graph); }
const CallGraph::VertexInfo& CallGraph::vertex(Vertex v) const { return impl_->vertices.at(v); }

std::vector<CallGraph::Vertex> CallGraph::find(std::string_view qualname) const {
  const auto it = impl_->by_name.find(std::string(qualname));
  return it == impl_->by_name.end() ? std::vector<Vertex>{} : it->second;
}

CallGraph::Vertex CallGraph::module_vertex(std::string_view module) const {
  const auto it = impl_->modules.find(std::string(module));
  return it == impl_->modules.end() ? kNone : it->second;
}

std::vector<CallGraph::Vertex> CallGraph::callees(Vertex v) const {
  std::vector<Vertex> out;
  for (auto [it, end] = boost::out_edges(v, impl_->graph); it != end; ++it) {
    out.push_back(static_cast<Vertex>(boost::target(*it, impl_->graph)));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<CallGraph::Vertex> CallGraph::callers(Vertex v) const {
  std::vector<Vertex> out;
  for (auto [it, end] = boost::in_edges(v, impl_->graph); it != end; ++it) {
    out.push_back(static_cast<Vertex>(boost::source(*it, impl_->graph)));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<CallGraph::EdgeInfo> CallGraph::edges_from(Vertex v) const {
  std::vector<EdgeInfo> out;
  for (auto [it, end] = boost::out_edges(v, impl_->graph); it != end; ++it) {
    const EdgeData& data = impl_->graph[*it];
    out.push_back({v, static_cast<Vertex>(boost::target(*it, impl_->graph)), data.kind, data.file, data.call});
  }
  return out;
}

std::vector<CallGraph::Vertex> CallGraph::reachable_from(std::span<const Vertex> entries) const {
  std::vector<char> seen(vertex_count(), 0);
  std::vector<Vertex> stack;
  for (const Vertex v : entries) {
    if (v < seen.size() && !seen[v]) {
      seen[v] = 1;
      stack.push_back(v);
    }
  }
  while (!stack.empty()) {
    const Vertex v = stack.back();
    stack.pop_back();
    for (auto [it, end] = boost::out_edges(v, impl_->graph); it != end; ++it) {
      const auto to = boost::target(*it, impl_->graph);
      if (!seen[to]) {
        seen[to] = 1;
        stack.push_back(static_cast<Vertex>(to));
      }
    }
  }
  std::vector<Vertex> out;
  for (Vertex v = 0; v < seen.size(); ++v) {
    if (seen[v]) out.push_back(v);
  }
  return out;
}

std::size_t CallGraph::scc_count() const noexcept { return impl_->members.size(); }
std::uint32_t CallGraph::scc_of(Vertex v) const { return impl_->component.at(v); }
const std::vector<CallGraph::Vertex>& CallGraph::scc_members(std::uint32_t scc) const { return impl_->members.at(scc); }
bool CallGraph::is_recursive(std::uint32_t scc) const {
  return impl_->members.at(scc).size() > 1 || impl_->self_call.at(scc) != 0;
}
const std::vector<std::uint32_t>& CallGraph::bottom_up_order() const noexcept { return impl_->order; }

const char* to_string(CallGraph::EdgeKind kind) noexcept {
  switch (kind) {
    case CallGraph::EdgeKind::call: return "call";
    case CallGraph::EdgeKind::method: return "method";
    case CallGraph::EdgeKind::override_: return "override";
    case CallGraph::EdgeKind::super: return "super";
    case CallGraph::EdgeKind::instantiation: return "instantiation";
    case CallGraph::EdgeKind::init: return "init";
    case CallGraph::EdgeKind::decorator: return "decorator";
    case CallGraph::EdgeKind::import: return "import";
  }
  return "?";
}

const char* to_string(CallGraph::VertexKind kind) noexcept {
  switch (kind) {
    case CallGraph::VertexKind::module: return "module";
    case CallGraph::VertexKind::function: return "function";
    case CallGraph::VertexKind::method: return "method";
    case CallGraph::VertexKind::lambda: return "lambda";
    case CallGraph::VertexKind::class_: return "class";
    case CallGraph::VertexKind::external: return "external";
  }
  return "?";
}

}  // namespace warden::detail
