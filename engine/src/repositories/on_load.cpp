#include "on_load.hpp"

#include <fmt/format.h>

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <set>
#include <unordered_map>

#include "syntax.hpp"

namespace warden::detail {

// Construction and weight loading in transformers (`from_pretrained` -> `_from_config` /
// `__init__` -> `post_init` -> `init_weights` -> `_init_weights`, `tie_weights`), configs
// (`from_dict`, `__post_init__` of dataclass configs), tokenizers (`_from_pretrained`), and
// what Python itself runs (`__new__`, `__init_subclass__` of subclasses, `__set_name__`).
const char* const kOnLoadMethods[] = {
    "__new__",      "__init__",    "__post_init__", "__init_subclass__", "__set_name__",  "from_pretrained",
    "_from_pretrained", "_from_config", "from_dict",  "from_config",     "post_init",     "init_weights",
    "_init_weights", "tie_weights", "_tie_or_clone_weights", "_load_pretrained_model", nullptr};

namespace {

bool contains(const SourceSpan& span, std::uint32_t row, std::uint32_t column) {
  const auto before = [](TSPoint a, std::uint32_t r, std::uint32_t c) { return a.row < r || (a.row == r && a.column <= c); };
  return before(span.start, row, column) && (row < span.end.row || (row == span.end.row && column < span.end.column));
}

std::uint64_t span_size(const SourceSpan& span) { return span.end_byte - span.start_byte; }

}  // namespace

LoadAnalysis::LoadAnalysis(const ModelRepo& repo, const CallGraph& graph, const std::vector<FileFunctions>& functions,
                           const std::vector<std::uint32_t>& files, const ProjectIndex& project)
    : repo_(repo), graph_(graph), functions_(functions) {
  const std::size_t n = graph.vertex_count();
  reached_.assign(n, false);
  parent_.assign(n, Parent{});
  std::deque<CallGraph::Vertex> queue;
  const auto reach = [&](CallGraph::Vertex v, const Parent& p) {
    if (v == CallGraph::kNone || v >= n || reached_[v]) return;
    reached_[v] = true;
    parent_[v] = p;
    queue.push_back(v);
  };
  // The repository's modules, to resolve entries by name among them only.
  std::vector<std::string> modules;
  for (const std::uint32_t f : files) modules.push_back(functions[f].module.name);
  const auto in_repo = [&](const std::string& module) {
    return std::find(modules.begin(), modules.end(), module) != modules.end();
  };
  found_.assign(repo.entries.size(), false);
  for (std::uint32_t e = 0; e < repo.entries.size(); ++e) {
    const EntryPoint& entry = repo.entries[e];
    if (!in_repo(entry.module)) continue;
    Parent root;
    root.entry = e;
    const CallGraph::Vertex module = graph.module_vertex(entry.module);
    reach(module, root);
    for (const CallGraph::Vertex v : graph.find(entry.module + ".__getattr__")) reach(v, root);
    if (entry.symbol.empty()) {
      found_[e] = module != CallGraph::kNone;
      continue;
    }
    std::string qualname = entry.module + "." + entry.symbol;
    if (graph.find(qualname).empty()) {  // imported there from another file of the tree
      if (auto resolved = project.resolve(qualname)) qualname = std::move(resolved->name);
    }
    for (const CallGraph::Vertex v : graph.find(qualname)) {
      const auto kind = graph.vertex(v).kind;
      if (kind == CallGraph::VertexKind::function) {
        found_[e] = true;
        reach(v, root);
      } else if (kind == CallGraph::VertexKind::class_) {
        found_[e] = true;
        for (const char* const* m = kOnLoadMethods; *m; ++m) {
          for (const CallGraph::Vertex method : graph.find_method(qualname, *m)) reach(method, root);
        }
      }
    }
  }
  // Reachability, then again without the calls that constants on the load path rule out (a
  // call under `if use_kernels:` when every call that reaches the function passes, or
  // defaults to, a false value), until nothing more is ruled out.
  const std::vector<bool> entries = reached_;
  const std::vector<Parent> entry_parents = parent_;
  std::vector<CallGraph::Vertex> roots;
  for (CallGraph::Vertex v = 0; v < n; ++v) {
    if (entries[v]) roots.push_back(v);
  }
  std::vector<std::pair<CallGraph::Vertex, CallGraph::EdgeInfo>> followed;  // the edges taken
  std::vector<CallGraph::EdgeInfo> guarded;  // every guarded edge out of a reached function, taken or not
  const auto explore = [&](const GuardValues& values) {
    reached_ = entries;
    parent_ = entry_parents;
    followed.clear();
    guarded.clear();
    for (const CallGraph::Vertex v : roots) queue.push_back(v);
    while (!queue.empty()) {
      const CallGraph::Vertex v = queue.front();
      queue.pop_front();
      for (const CallGraph::EdgeInfo& edge : graph.edges_from(v)) {
        if (edge.file != CallGraph::kNone && edge.call != CallGraph::kNone && !functions[edge.file].calls[edge.call].guards.empty()) {
          guarded.push_back(edge);
        }
        if (ruled_out(edge, values)) continue;
        followed.emplace_back(v, edge);
        Parent p;
        p.from = v;
        p.kind = edge.kind;
        p.file = edge.file;
        p.call = edge.call;
        reach(edge.target, p);
      }
    }
  };
  GuardValues values;
  explore(values);
  for (int round = 0; round < 4; ++round) {
    GuardValues next = guard_values(guarded, followed, entries);
    if (next == values) break;
    values = std::move(next);
    explore(values);
  }
  guard_values_ = std::move(values);
}

namespace {

// Python's truth value of a constant as written: False, None, 0, 0.0, '' and "" are false.
bool truthy_constant(std::string_view c) {
  if (c == "False" || c == "None" || c == "0" || c == "0.0" || c == "-0") return false;
  std::string_view s = c;
  // A string: a prefix (b, r, u, f) then quotes around nothing is the empty string.
  if (s.empty() || std::isalpha(static_cast<unsigned char>(s.front())) == 0 || s.back() == '\'' || s.back() == '"') {
    while (!s.empty() && std::isalpha(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
    if (!s.empty() && std::all_of(s.begin(), s.end(), [&](char q) { return q == s.front(); }) &&
        (s.front() == '\'' || s.front() == '"') && (s.size() == 2 || s.size() == 6)) {
      return false;
    }
  }
  return true;
}

}  // namespace

// What one call passes to parameter `index` (`name`) of `callee` (first `skipped` parameters
// filled by the call itself: self): the constant's text, or "" when not known.
std::string LoadAnalysis::passed(const CallFact& call, const FunctionFact& callee, std::size_t index, std::size_t skipped) {
  const ParameterFact& param = callee.parameters[index];
  for (const auto& [keyword, value] : call.keywords) {
    if (keyword == param.name) return value;
  }
  if (param.kind == ParameterFact::Kind::positional && index >= skipped && index - skipped < call.positional_count) {
    return index - skipped < call.positional.size() ? call.positional[index - skipped] : std::string();
  }
  if (call.unpacked) return {};
  return param.default_constant;
}

LoadAnalysis::GuardValues LoadAnalysis::guard_values(
    const std::vector<CallGraph::EdgeInfo>& guarded,
    const std::vector<std::pair<CallGraph::Vertex, CallGraph::EdgeInfo>>& followed, const std::vector<bool>& entries) const {
  // The parameters each function's guards test (on its calls, taken or not), and the calls
  // that reach the function.
  GuardValues out;
  std::unordered_map<CallGraph::Vertex, std::vector<const CallGraph::EdgeInfo*>> into;
  for (const auto& [from_vertex, edge] : followed) into[edge.target].push_back(&edge);
  for (const CallGraph::EdgeInfo& edge : guarded) {
    const CallGraph::Vertex from = edge.source;
    const CallFact& call = functions_[edge.file].calls[edge.call];
    const FunctionFact* caller = nullptr;
    const CallGraph::VertexInfo& info = graph_.vertex(from);
    if (info.file != CallGraph::kNone && info.kind != CallGraph::VertexKind::class_ && info.kind != CallGraph::VertexKind::external) {
      caller = &functions_[info.file].functions[info.fact];
    }
    if (caller == nullptr || entries[from]) continue;  // an entry's parameters come from the loader: unknown
    for (const CallGuard& guard : call.guards) {
      const auto param = std::find_if(caller->parameters.begin(), caller->parameters.end(),
                                      [&](const ParameterFact& p) { return p.name == guard.parameter; });
      if (param == caller->parameters.end()) continue;
      const auto key = std::make_pair(from, guard.parameter);
      if (out.contains(key)) continue;
      // Every call into the caller must pass (or default) a constant for it to be known.
      PossibleValues possible;
      const auto incoming = into.find(from);
      if (incoming == into.end()) continue;
      bool known = true;
      for (const CallGraph::EdgeInfo* in : incoming->second) {
        const bool passes_arguments = in->kind == CallGraph::EdgeKind::call || in->kind == CallGraph::EdgeKind::method ||
                                      in->kind == CallGraph::EdgeKind::override_ || in->kind == CallGraph::EdgeKind::super ||
                                      in->kind == CallGraph::EdgeKind::init;
        if (!passes_arguments || in->file == CallGraph::kNone || in->call == CallGraph::kNone) {
          known = false;
          break;
        }
        const CallFact& into_call = functions_[in->file].calls[in->call];
        // self.m(x), super().m(x), C(x) -> __init__(self, x): the call fills the first parameter.
        const bool bound = caller->kind == FunctionFact::Kind::method && !caller->is_staticmethod() &&
                           (into_call.kind != CallFact::Kind::name || in->kind == CallGraph::EdgeKind::init ||
                            caller->is_classmethod());
        const std::size_t index = static_cast<std::size_t>(param - caller->parameters.begin());
        const std::string value = passed(into_call, *caller, index, bound ? 1 : 0);
        if (value.empty()) {
          known = false;
          break;
        }
        (truthy_constant(value) ? possible.truthy : possible.falsy) = true;
        (value == "None" ? possible.none : possible.not_none) = true;
      }
      if (known) out.emplace(key, possible);
    }
  }
  return out;
}

bool LoadAnalysis::ruled_out(CallGraph::Vertex v, const CallGuard& guard, const GuardValues& values) const {
  const auto it = values.find(std::make_pair(v, guard.parameter));
  if (it == values.end()) return false;
  const PossibleValues& can = it->second;
  switch (guard.test) {
    case CallGuard::Test::truthy: return !can.truthy;
    case CallGuard::Test::falsy: return !can.falsy;
    case CallGuard::Test::none: return !can.none;
    case CallGuard::Test::not_none: return !can.not_none;
  }
  return false;
}

bool LoadAnalysis::ruled_out(const CallGraph::EdgeInfo& edge, const GuardValues& values) const {
  if (values.empty() || edge.file == CallGraph::kNone || edge.call == CallGraph::kNone) return false;
  const CallFact& call = functions_[edge.file].calls[edge.call];
  return std::any_of(call.guards.begin(), call.guards.end(),
                     [&](const CallGuard& guard) { return ruled_out(edge.source, guard, values); });
}

bool LoadAnalysis::runs_on_load_at(CallGraph::Vertex v, std::uint32_t line, std::uint32_t column) const {
  if (!runs_on_load(v)) return false;
  const CallGraph::VertexInfo& info = graph_.vertex(v);
  if (guard_values_.empty() || info.file == CallGraph::kNone || info.kind == CallGraph::VertexKind::class_ ||
      info.kind == CallGraph::VertexKind::external) {
    return true;
  }
  const std::uint32_t row = line - 1, col = column > 0 ? column - 1 : 0;
  for (const FunctionFact::GuardBlock& block : functions_[info.file].functions[info.fact].guard_blocks) {
    if (contains(block.span, row, col) && ruled_out(v, block.guard, guard_values_)) return false;
  }
  return true;
}

CallGraph::Vertex LoadAnalysis::function_at(std::uint32_t file, std::uint32_t line, std::uint32_t column) const {
  if (file >= functions_.size() || line == 0) return CallGraph::kNone;
  const FileFunctions& facts = functions_[file];
  const std::uint32_t row = line - 1, col = column > 0 ? column - 1 : 0;
  // The innermost definition holding the position: a function, or a class body (run by the
  // code that defines the class).
  std::uint32_t best = 0;  // the module's own code
  std::uint64_t best_size = ~0ull;
  for (std::uint32_t i = 1; i < facts.functions.size(); ++i) {
    const SourceSpan& span = facts.functions[i].span;
    if (contains(span, row, col) && span_size(span) < best_size) {
      best = i;
      best_size = span_size(span);
    }
  }
  for (const ClassFact& cls : facts.classes) {
    if (contains(cls.span, row, col) && span_size(cls.span) < best_size) {
      best = cls.definer;
      best_size = span_size(cls.span);
    }
  }
  for (const CallGraph::Vertex v : graph_.find(facts.functions[best].qualname)) {
    const auto& info = graph_.vertex(v);
    if (info.file != CallGraph::kNone && info.fact == best && &functions_[info.file] == &facts) return v;
  }
  return best == 0 ? graph_.module_vertex(facts.module.name) : CallGraph::kNone;
}

std::vector<LoadAnalysis::Step> LoadAnalysis::chain(CallGraph::Vertex v) const {
  std::vector<Step> reversed;
  for (CallGraph::Vertex at = v; at != CallGraph::kNone && at < parent_.size() && reached_[at];) {
    const Parent& p = parent_[at];
    const std::string& name = graph_.vertex(at).qualname;
    Step step;
    if (p.from == CallGraph::kNone) {
      const EntryPoint& entry = repo_.entries[p.entry];
      const std::string target = entry.symbol.empty() ? entry.module : entry.module + "." + entry.symbol;
      step.declared_in = entry.declared_in;
      step.line = entry.position.line;
      step.column = entry.position.column;
      if (entry.declared_in.empty()) {  // a convention entry: the module's own file
        const CallGraph::Vertex module = graph_.module_vertex(entry.module);
        if (module != CallGraph::kNone) step.file = graph_.vertex(module).file;
      }
      const std::string runs = name == target ? std::string() : fmt::format(", which runs '{}'", name);
      if (entry.declared_in.empty()) {
        step.message = fmt::format("entry point: module '{}' (named as loaders name their modules){}", target, runs);
      } else if (entry.kind == EntryPoint::Kind::hubconf) {
        step.message = fmt::format("entry point: torch.hub.load runs '{}' ({}){}", target, entry.declared_in, runs);
      } else {
        step.message = fmt::format("entry point: {} '{}' loads '{}'{}", entry.declared_in, entry.key, target, runs);
      }
      reversed.push_back(std::move(step));
      break;
    }
    step.file = p.file;
    if (p.file != CallGraph::kNone && p.call != CallGraph::kNone && p.call < functions_[p.file].calls.size()) {
      const SourceSpan& span = functions_[p.file].calls[p.call].span;
      step.line = span.start.row + 1;
      step.column = span.start.column + 1;
    }
    switch (p.kind) {
      case CallGraph::EdgeKind::import: step.message = fmt::format("imports '{}'", name); break;
      case CallGraph::EdgeKind::decorator: step.message = fmt::format("applies decorator '{}'", name); break;
      case CallGraph::EdgeKind::instantiation:
      case CallGraph::EdgeKind::init: step.message = fmt::format("creates an instance: runs '{}'", name); break;
      default: step.message = fmt::format("calls '{}'", name); break;
    }
    reversed.push_back(std::move(step));
    at = p.from;
  }
  return {reversed.rbegin(), reversed.rend()};
}

std::vector<CodeReference> remote_references_in(std::string_view source) {
  static const RE2 url(R"((https?|ftp)://[^\s'"<>`]+)");
  static const RE2 pip(R"(\bpip3?\s+install\s+([^'"\n;&|]+))");
  std::vector<CodeReference> out;
  PythonParser parser;
  parser.set_timeout_micros(5'000'000);
  const Tree tree = parser.parse(source);
  if (!tree) return out;
  std::set<std::pair<std::string, std::string>> seen;
  for_each_node(ts_tree_root_node(tree.get()), [&](TSNode node) {
    if (kind_of(node) != Kind::string) return Walk::descend;
    const std::string_view text = text_of(node, source);
    const auto add = [&](std::string kind, std::string target, std::string_view at) {
      if (!seen.emplace(kind, target).second) return;
      const auto offset = static_cast<std::uint32_t>(at.data() - source.data());
      // Line and byte column of the match, 1-based.
      const std::string_view before = source.substr(0, offset);
      const auto line = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n') + 1);
      const std::size_t line_start = before.rfind('\n');
      const auto column = static_cast<std::uint32_t>(offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1);
      out.push_back({std::move(kind), std::move(target), line, column});
    };
    re2::StringPiece input(text.data(), text.size());
    re2::StringPiece match;
    while (RE2::FindAndConsume(&input, url, &match)) {
      // FindAndConsume gives the first group; find the whole URL again from its scheme.
      const std::string_view rest(match.data(), static_cast<std::size_t>(input.data() - match.data()));
      add("url", std::string(rest), rest);
    }
    re2::StringPiece pip_input(text.data(), text.size());
    re2::StringPiece packages;
    while (RE2::FindAndConsume(&pip_input, pip, &packages)) {
      std::string target(packages.data(), packages.size());
      while (!target.empty() && target.back() == ' ') target.pop_back();
      add("pip", std::move(target), std::string_view(packages.data(), packages.size()));
    }
    return Walk::skip_children;
  });
  return out;
}

namespace {

// The components of a relative path, `.` dropped and `..` applied; a `..` with nothing before
// it is kept (at the front).
std::vector<std::string_view> components_of(std::string_view path) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t end = path.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == ".." && !out.empty() && out.back() != "..") {
      out.pop_back();
      continue;
    }
    out.push_back(part);
  }
  return out;
}

// `inner` joined onto `outer`, with the leading `..` of `inner` applied; false when they climb
// above the root.
bool join_onto(std::vector<std::string_view>& outer, const std::vector<std::string_view>& inner) {
  for (const std::string_view part : inner) {
    if (part != "..") {
      outer.push_back(part);
    } else if (outer.empty()) {
      return false;
    } else {
      outer.pop_back();
    }
  }
  return true;
}

}  // namespace

std::vector<std::size_t> files_named_by(std::string_view path, bool complete, std::string_view caller_dir,
                                        const std::vector<std::string>& files) {
  if (path.empty()) return {};
  const bool rooted = path.front() == '/' || path.front() == '\\';
  if (complete && (rooted || path.front() == '~')) return {};
  std::vector<std::string_view> written = components_of(path);
  if (!complete && !rooted && !written.empty()) written.erase(written.begin());  // cut by what is computed
  std::vector<std::string_view> tail;  // what a file's path must end with: no `..` left
  for (const std::string_view part : written) {
    if (part != "..") tail.push_back(part);
  }
  if (tail.empty()) return {};
  std::vector<std::size_t> named;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::vector<std::string_view> file = components_of(files[i]);
    if (file.size() >= tail.size() && std::equal(tail.rbegin(), tail.rend(), file.rbegin())) named.push_back(i);
  }
  if (named.size() <= 1) return named;
  // Where the path leads from the caller's directory, then from the root.
  std::vector<std::string_view> beside = components_of(caller_dir), at_root;
  if (!join_onto(beside, written)) beside.clear();
  if (!join_onto(at_root, written)) at_root.clear();
  for (const auto* place : {&beside, &at_root}) {
    if (place->empty()) continue;
    for (const std::size_t i : named) {
      if (components_of(files[i]) == *place) return {i};
    }
  }
  return named;
}

std::vector<std::uint32_t> LoadAnalysis::files_on_load() const {
  std::vector<std::uint32_t> out;
  for (CallGraph::Vertex v = 0; v < reached_.size(); ++v) {
    if (!reached_[v]) continue;
    const auto& info = graph_.vertex(v);
    if (info.file != CallGraph::kNone && info.kind != CallGraph::VertexKind::class_) out.push_back(info.file);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace warden::detail
