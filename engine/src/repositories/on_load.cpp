#include "on_load.hpp"

#include <fmt/format.h>

#include <re2/re2.h>

#include <algorithm>
#include <deque>
#include <set>

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
  while (!queue.empty()) {
    const CallGraph::Vertex v = queue.front();
    queue.pop_front();
    for (const CallGraph::EdgeInfo& edge : graph.edges_from(v)) {
      Parent p;
      p.from = v;
      p.kind = edge.kind;
      p.file = edge.file;
      p.call = edge.call;
      reach(edge.target, p);
    }
  }
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
