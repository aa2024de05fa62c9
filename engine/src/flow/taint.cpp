#include "taint.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "compiled_rules.hpp"

namespace warden::detail {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// The whole tree's dataflow graph: every file's vertices with globals merged by key.
using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, std::uint32_t>;

// A function of the tree a call may run, and how its arguments bind to its parameters.
struct Target {
  std::uint32_t file = 0, function = 0;  // into FileFunctions::functions
  std::uint32_t offset = 0;              // positional argument i binds parameter i + offset
};

struct Call {
  std::uint32_t file = 0, index = 0;  // into that file's FileDataflow::calls
  std::vector<Target> targets;        // empty: a library call
  const FlowModel* model = nullptr;   // for library calls
  std::string_view name;              // for models and trace messages (FileDataflow::names)
};

// How the search reached a state: what the trace says about that step.
enum class How : std::uint8_t { source, edge, step, param, summary, result, through };

struct Via {
  std::uint64_t prev = ~0ull;
  How how = How::source;
  std::uint32_t info = kNone;  // edge: global edge; step: (file, step) packed in steps_; param/summary/result: call
  std::uint32_t extra = kNone; // param/summary: parameter index
};

// A search state: a vertex and whether the value may still return to any caller (`up`:
// it was made inside this function or its callees) or only through call-site summaries
// (`down`: it came in through a parameter).
std::uint64_t state(std::uint32_t v, bool down) { return (std::uint64_t{v} << 1) | (down ? 1u : 0u); }
std::uint32_t vertex_of(std::uint64_t s) { return static_cast<std::uint32_t>(s >> 1); }
bool is_down(std::uint64_t s) { return (s & 1u) != 0; }

class Program {
 public:
  Program(const RuleSet& rules, const std::vector<FileDataflow>& dataflow, const std::vector<FileFunctions>& functions,
          const CallGraph& graph, const ProjectIndex& project, const SourceLoader& load)
      : rules_(rules), files_(dataflow), functions_(functions), graph_(&graph), project_(project), load_(load) {
    number_vertices();
    build_graph();
    link_calls();
  }

  std::vector<std::vector<Finding>> solve() {
    std::vector<std::vector<Finding>> out(files_.size());
    const CompiledRules& compiled = rules_.compiled();
    for (const std::uint32_t rule : compiled.taint_rules()) {
      if (rules_.enabled_at(rule)) solve_rule(rule, out);
    }
    return out;
  }

 private:
  // ---- the graph ------------------------------------------------------------------------

  void number_vertices() {
    std::unordered_map<std::string_view, std::uint32_t> globals;
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const FileDataflow& df = files_[f];
      auto& map = local_to_global_.emplace_back(df.vertices.size(), kNone);
      for (std::uint32_t v = 0; v < df.vertices.size(); ++v) {
        const DfVertex& vertex = df.vertices[v];
        if (vertex.kind == DfVertex::Kind::global) {
          const auto [it, inserted] = globals.try_emplace(df.names[vertex.name], static_cast<std::uint32_t>(origin_.size()));
          if (!inserted) {
            map[v] = it->second;
            continue;
          }
        }
        map[v] = static_cast<std::uint32_t>(origin_.size());
        origin_.push_back({f, v});
      }
    }
  }

  void build_graph() {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    std::vector<std::uint32_t> props;
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const auto& df = files_[f];
      for (std::uint32_t e = 0; e < df.edges.size(); ++e) {
        const DfEdge& edge = df.edges[e];
        const std::uint32_t from = local_to_global_[f][edge.from], to = local_to_global_[f][edge.to];
        if (from == to) continue;
        edges.emplace_back(from, to);
        props.push_back(static_cast<std::uint32_t>(edge_origin_.size()));
        edge_origin_.push_back({f, e});
      }
    }
    graph_data_.emplace(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), props.begin(),
                        origin_.size());
  }

  const DfVertex& info(std::uint32_t v) const {
    const auto [f, local] = origin_[v];
    return files_[f].vertices[local];
  }
  std::string_view name_of(std::uint32_t v) const {
    const DfVertex& vertex = info(v);
    const std::uint32_t name = vertex.label != kNoVertex ? vertex.label : vertex.name;
    return name == kNoVertex ? std::string_view() : std::string_view(files_[origin_[v].first].names[name]);
  }

  // Binds every call to the functions of the tree it may run (from the call graph) or to
  // its library model.
  void link_calls() {
    const CompiledRules& compiled = rules_.compiled();
    std::vector<std::vector<std::uint32_t>> by_model_call(files_.size());  // file -> ModuleModel call -> call
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const auto& calls = files_[f].calls;
      for (std::uint32_t c = 0; c < calls.size(); ++c) {
        const DfCall& call = calls[c];
        if (call.model_call >= by_model_call[f].size()) by_model_call[f].resize(call.model_call + 1, kNone);
        by_model_call[f][call.model_call] = static_cast<std::uint32_t>(calls_.size());
        Call g;
        g.file = f;
        g.index = c;
        if (call.callee != kNoVertex) g.name = files_[f].names[call.callee];
        calls_.push_back(std::move(g));
      }
    }
    const CallGraph& cg = *graph_;
    for (CallGraph::Vertex v = 0; v < cg.vertex_count(); ++v) {
      const auto kind = cg.vertex(v).kind;
      if (kind == CallGraph::VertexKind::external || kind == CallGraph::VertexKind::class_) continue;
      if (cg.vertex(v).file != CallGraph::kNone) function_vertex_[{cg.vertex(v).file, cg.vertex(v).fact}] = v;
      for (const CallGraph::EdgeInfo& e : cg.edges_from(v)) {
        const auto& target = cg.vertex(e.target);
        if (e.call == CallGraph::kNone || target.file == CallGraph::kNone) continue;
        if (target.kind == CallGraph::VertexKind::external || target.kind == CallGraph::VertexKind::class_ ||
            target.kind == CallGraph::VertexKind::module) {
          continue;
        }
        const CallFact& fact = functions_[e.file].calls[e.call];
        if (fact.call_index == CallFact::kNoCallIndex) continue;
        const auto& index = by_model_call[e.file];
        if (fact.call_index >= index.size() || index[fact.call_index] == kNone) continue;
        Call& call = calls_[index[fact.call_index]];
        call.targets.push_back(bind(fact, e.kind, target.file, target.fact));
      }
    }
    by_model_call = {};
    arg_call_.assign(origin_.size(), kNone);
    arg_index_.assign(origin_.size(), kNone);
    for (std::uint32_t c = 0; c < calls_.size(); ++c) {
      Call& call = calls_[c];
      const DfCall& df = files_[call.file].calls[call.index];
      const auto& map = local_to_global_[call.file];
      for (std::uint32_t a = 0; a < df.args.size(); ++a) {
        if (df.args[a].vertex == kNoVertex) continue;  // nothing reaches it (pruned in phase 1)
        const std::uint32_t v = map[df.args[a].vertex];
        arg_call_[v] = c;
        arg_index_[v] = a;
      }
      for (const Target& t : call.targets) callers_[{t.file, t.function}].push_back(c);
      if (!call.targets.empty()) continue;
      // A library call: its model, by the name it has across the tree (an alias imported from
      // another file of the tree is the library function it names).
      std::string_view name = call.name;
      if (!name.empty() && name.front() != '.' && project_.module_prefix(name) != 0) {
        if (auto resolved = project_.resolve(name)) name = resolved_names_.emplace_back(std::move(resolved->name));
      }
      call.model = compiled.model_for(name);
      call.name = name;
    }
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const auto& units = files_[f].units;
      for (std::uint32_t fn = 0; fn < units.size(); ++fn) {
        if (units[fn].ret != kNoVertex) function_of_return_.emplace(local_to_global_[f][units[fn].ret], std::make_pair(f, fn));
      }
    }
  }

  Target bind(const CallFact& fact, CallGraph::EdgeKind kind, std::uint32_t file, std::uint32_t function) const {
    Target t;
    t.file = file;
    t.function = function;
    const FunctionFact& fn = functions_[file].functions[function];
    const bool method = fn.kind == FunctionFact::Kind::method && !fn.is_staticmethod();
    if (!method) return t;
    if (kind == CallGraph::EdgeKind::init) {
      t.offset = 1;  // C(x): self is the new object
    } else if (fact.kind == CallFact::Kind::self || fact.kind == CallFact::Kind::super ||
               fact.kind == CallFact::Kind::instance) {
      // The receiver is self, but it is not passed as a tainted value: what an object holds
      // flows through its fields (per class), and a whole object marked tainted would taint
      // every use of self in every method it reaches.
      t.offset = 1;
    } else if (fn.is_classmethod()) {
      t.offset = 1;  // C.m(x): cls is C
    }
    return t;
  }

  // The parameters of `t` argument `a` of call `c` binds.
  void bound_parameters(const Call& call, const Target& t, std::uint32_t a, std::vector<std::uint32_t>& out) const {
    out.clear();
    const DfArg& arg = files_[call.file].calls[call.index].args[a];
    const auto& params = functions_[t.file].functions[t.function].parameters;
    const auto find_kind = [&](ParameterFact::Kind kind) {
      for (std::uint32_t i = 0; i < params.size(); ++i) {
        if (params[i].kind == kind) return i;
      }
      return kNone;
    };
    switch (arg.kind) {
      case DfArg::Kind::receiver: break;  // see bind()
      case DfArg::Kind::positional: {
        const std::uint32_t i = arg.position + t.offset;
        if (i < params.size() && params[i].kind == ParameterFact::Kind::positional) out.push_back(i);
        else if (const std::uint32_t star = find_kind(ParameterFact::Kind::var_positional); star != kNone) out.push_back(star);
        break;
      }
      case DfArg::Kind::keyword: {
        const std::string& name = files_[call.file].names[arg.keyword];
        for (std::uint32_t i = 0; i < params.size(); ++i) {
          const auto kind = params[i].kind;
          if (params[i].name == name && (kind == ParameterFact::Kind::positional || kind == ParameterFact::Kind::keyword_only)) {
            out.push_back(i);
            return;
          }
        }
        if (const std::uint32_t kw = find_kind(ParameterFact::Kind::var_keyword); kw != kNone) out.push_back(kw);
        break;
      }
      case DfArg::Kind::star:
      case DfArg::Kind::double_star:
        for (std::uint32_t i = t.offset; i < params.size(); ++i) {
          const auto kind = params[i].kind;
          const bool star = arg.kind == DfArg::Kind::star;
          if (kind == ParameterFact::Kind::positional || (star ? kind == ParameterFact::Kind::var_positional
                                                               : kind != ParameterFact::Kind::var_positional)) {
            out.push_back(i);
          }
        }
        break;
    }
  }

  std::uint32_t param_vertex(const Target& t, std::uint32_t p) const {
    const auto& unit = files_[t.file].units[t.function];
    if (p >= unit.params.size() || unit.params[p] == kNoVertex) return kNone;
    return local_to_global_[t.file][unit.params[p]];
  }

  // Whether a model flow from argument `arg` of `call` goes to `to` (result, receiver, arg i).
  static bool flow_from(const FlowModel::Flow& flow, const DfArg& arg, std::string_view keyword) {
    switch (flow.from) {
      case FlowModel::End::receiver: return arg.kind == DfArg::Kind::receiver;
      case FlowModel::End::argument: return arg.kind == DfArg::Kind::positional && arg.position == flow.from_index;
      case FlowModel::End::any_argument: return arg.kind != DfArg::Kind::receiver;
      case FlowModel::End::keyword: return arg.kind == DfArg::Kind::keyword && keyword == flow.from_keyword;
      case FlowModel::End::result: return false;
    }
    return false;
  }

  // Where a library call passes the value of its argument `a`: its result, or (by its model)
  // the receiver's or an argument's variable.
  void library_flow(const Call& call, std::uint32_t a, std::vector<std::uint32_t>& out) const {
    out.clear();
    const DfCall& df = files_[call.file].calls[call.index];
    const auto& map = local_to_global_[call.file];
    const DfArg& arg = df.args[a];
    if (!call.model) {
      out.push_back(map[df.result]);
      return;
    }
    const std::string_view keyword =
        arg.keyword == kNoVertex ? std::string_view() : std::string_view(files_[call.file].names[arg.keyword]);
    for (const FlowModel::Flow& flow : call.model->flows) {
      if (!flow_from(flow, arg, keyword)) continue;
      switch (flow.to) {
        case FlowModel::End::result: out.push_back(map[df.result]); break;
        case FlowModel::End::receiver:
          for (const DfArg& other : df.args) {
            if (other.kind == DfArg::Kind::receiver && other.target != kNoVertex) out.push_back(map[other.target]);
          }
          break;
        case FlowModel::End::argument:
          for (const DfArg& other : df.args) {
            if (other.kind == DfArg::Kind::positional && other.position == flow.to_index && other.target != kNoVertex) {
              out.push_back(map[other.target]);
            }
          }
          break;
        default: break;
      }
    }
  }

  // ---- one rule -------------------------------------------------------------------------

  struct RuleState {
    std::uint32_t rule = 0;
    std::unordered_set<std::uint32_t> sanitized;
    std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> steps;  // from -> (to, step)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> step_places;  // step -> (file, DfStep index)
    std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> sinks;  // vertex -> (file, sink)
    // Summaries: (file, function) -> per parameter, whether it reaches the return value.
    std::unordered_map<std::uint64_t, std::vector<bool>> summaries;
    std::unordered_set<std::uint32_t> done_sccs;
  };

  static std::uint64_t key(std::uint32_t file, std::uint32_t function) { return (std::uint64_t{file} << 32) | function; }

  void solve_rule(std::uint32_t rule, std::vector<std::vector<Finding>>& out) {
    RuleState rs;
    rs.rule = rule;
    std::vector<std::uint32_t> sources;
    for (std::uint32_t f = 0; f < files_.size(); ++f) {
      const FileDataflow& df = files_[f];
      const auto& map = local_to_global_[f];
      for (const DfMatch& m : df.matches) {
        if (m.rule != rule) continue;
        switch (m.role) {
          case TaintRole::source: sources.push_back(map[m.vertex]); break;
          case TaintRole::sink: rs.sinks[map[m.vertex]].emplace_back(f, m.sink); break;
          case TaintRole::sanitizer: rs.sanitized.insert(map[m.vertex]); break;
        }
      }
      for (std::uint32_t s = 0; s < df.steps.size(); ++s) {
        if (df.steps[s].rule != rule) continue;
        rs.steps[map[df.steps[s].from]].emplace_back(map[df.steps[s].to], static_cast<std::uint32_t>(rs.step_places.size()));
        rs.step_places.emplace_back(f, s);
      }
    }
    if (sources.empty() || rs.sinks.empty()) return;
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());

    std::unordered_map<std::uint64_t, Via> seen;
    std::deque<std::uint64_t> queue;
    std::vector<std::pair<std::uint32_t, std::uint64_t>> reached;  // (sink vertex, state)
    std::unordered_set<std::uint32_t> reported;
    const auto push = [&](std::uint32_t v, bool down, std::uint64_t from, How how, std::uint32_t info,
                          std::uint32_t extra = kNone) {
      if (v == kNone) return;
      if (info_is_global(v)) down = false;  // the heap is shared: any code may read it
      const std::uint64_t s = state(v, down);
      if (seen.try_emplace(s, Via{from, how, info, extra}).second) queue.push_back(s);
    };
    for (const std::uint32_t s : sources) push(s, false, ~0ull, How::source, kNone);
    std::vector<std::uint32_t> scratch;
    while (!queue.empty()) {
      const std::uint64_t s = queue.front();
      queue.pop_front();
      const std::uint32_t v = vertex_of(s);
      const bool down = is_down(s);
      const bool is_source = seen.at(s).how == How::source;
      if (!is_source && rs.sanitized.count(v)) continue;  // a sanitizer's value is clean
      if (rs.sinks.count(v) && reported.insert(v).second) reached.emplace_back(v, s);
      for (auto [it, end] = boost::out_edges(static_cast<Graph::vertex_descriptor>(v), *graph_data_); it != end; ++it) {
        push(static_cast<std::uint32_t>(boost::target(*it, *graph_data_)), down, s, How::edge, (*graph_data_)[*it]);
      }
      if (const auto st = rs.steps.find(v); st != rs.steps.end()) {
        for (const auto& [to, step] : st->second) push(to, down, s, How::step, step);
      }
      const DfVertex& vi = info(v);
      if (vi.kind == DfVertex::Kind::call_arg && arg_call_[v] != kNone) {
        const std::uint32_t c = arg_call_[v];
        const Call& call = calls_[c];
        const std::uint32_t a = arg_index_[v];
        const std::uint32_t result = local_to_global_[call.file][files_[call.file].calls[call.index].result];
        if (call.targets.empty()) {
          library_flow(call, a, scratch);
          for (const std::uint32_t to : scratch) push(to, down, s, How::through, c);
        }
        for (const Target& t : call.targets) {
          bound_parameters(call, t, a, scratch);
          const std::vector<std::uint32_t> params = scratch;
          for (const std::uint32_t p : params) {
            push(param_vertex(t, p), true, s, How::param, c, p);
            if (summary(rs, t.file, t.function, p)) push(result, down, s, How::summary, c, p);
          }
        }
      }
      if (vi.kind == DfVertex::Kind::ret && !down) {
        // Made inside this function: it returns to every caller.
        const auto function = function_of_return_.find(v);
        const auto callers = function == function_of_return_.end() ? callers_.end() : callers_.find(function->second);
        if (callers != callers_.end()) {
          for (const std::uint32_t c : callers->second) {
            const Call& call = calls_[c];
            push(local_to_global_[call.file][files_[call.file].calls[call.index].result], false, s,
                 How::result, c);
          }
        }
      }
    }
    for (const auto& [v, s] : reached) {
      for (const auto& [f, sink] : rs.sinks.at(v)) out[f].push_back(report(rs, f, sink, s, seen));
    }
  }

  bool info_is_global(std::uint32_t v) const { return info(v).kind == DfVertex::Kind::global; }

  // ---- summaries ------------------------------------------------------------------------

  // Whether parameter `p` of the function reaches its return value, for this rule.
  bool summary(RuleState& rs, std::uint32_t file, std::uint32_t function, std::uint32_t p) {
    const auto it = rs.summaries.find(key(file, function));
    if (it == rs.summaries.end() || !rs.done_sccs.count(scc_of(file, function))) {
      compute_summaries(rs, file, function);
    }
    const auto& bits = rs.summaries[key(file, function)];
    return p < bits.size() && bits[p];
  }

  std::uint32_t scc_of(std::uint32_t file, std::uint32_t function) const {
    const auto it = function_vertex_.find({file, function});
    return it == function_vertex_.end() ? kNone : graph_->scc_of(it->second);
  }

  // The summaries of the function's component and, first, of every component it calls.
  void compute_summaries(RuleState& rs, std::uint32_t file, std::uint32_t function) {
    const std::uint32_t root = scc_of(file, function);
    if (root == kNone) {
      rs.summaries[key(file, function)];
      return;
    }
    // Post-order over the components not done yet: callees before callers.
    std::vector<std::uint32_t> order;
    std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> stack;
    std::unordered_set<std::uint32_t> visited{root};
    const auto callee_sccs = [&](std::uint32_t scc) {
      std::vector<std::uint32_t> out;
      for (const CallGraph::Vertex m : graph_->scc_members(scc)) {
        for (const CallGraph::Vertex c : graph_->callees(m)) {
          const std::uint32_t other = graph_->scc_of(c);
          if (other != scc && !rs.done_sccs.count(other) && visited.insert(other).second) out.push_back(other);
        }
      }
      return out;
    };
    stack.emplace_back(root, callee_sccs(root));
    while (!stack.empty()) {
      auto& [scc, pending] = stack.back();
      if (pending.empty()) {
        order.push_back(scc);
        stack.pop_back();
        continue;
      }
      const std::uint32_t next = pending.back();
      pending.pop_back();
      stack.emplace_back(next, callee_sccs(next));
    }
    for (const std::uint32_t scc : order) solve_component(rs, scc);
  }

  void solve_component(RuleState& rs, std::uint32_t scc) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> members;  // (file, function)
    for (const CallGraph::Vertex m : graph_->scc_members(scc)) {
      const auto& vi = graph_->vertex(m);
      if (vi.file == CallGraph::kNone || vi.kind == CallGraph::VertexKind::class_ ||
          vi.kind == CallGraph::VertexKind::external) {
        continue;
      }
      members.emplace_back(vi.file, vi.fact);
      rs.summaries[key(vi.file, vi.fact)].assign(functions_[vi.file].functions[vi.fact].parameters.size(), false);
    }
    rs.done_sccs.insert(scc);  // calls inside the component read the partial summaries
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& [file, function] : members) {
        auto& bits = rs.summaries[key(file, function)];
        for (std::uint32_t p = 0; p < bits.size(); ++p) {
          if (bits[p] || !reaches_return(rs, file, function, p)) continue;
          rs.summaries[key(file, function)][p] = true;
          changed = graph_->is_recursive(scc);
        }
      }
    }
  }

  // A search inside one function from a parameter to its return value, through the calls
  // it makes by their summaries and models.
  bool reaches_return(RuleState& rs, std::uint32_t file, std::uint32_t function, std::uint32_t p) {
    const FileDataflow& df = files_[file];
    const auto& unit = df.units[function];
    if (unit.ret == kNoVertex || p >= unit.params.size() || unit.params[p] == kNoVertex) return false;
    const std::uint32_t scope = functions_[file].functions[function].scope;
    const std::uint32_t ret = local_to_global_[file][unit.ret];
    std::unordered_set<std::uint32_t> seen;
    std::vector<std::uint32_t> stack{local_to_global_[file][unit.params[p]]};
    std::vector<std::uint32_t> scratch;
    const auto inside = [&](std::uint32_t v) {
      const auto [f, local] = origin_[v];
      const DfVertex& vi = files_[f].vertices[local];
      return f == file && vi.kind != DfVertex::Kind::global && vi.unit == scope;
    };
    seen.insert(stack.back());
    while (!stack.empty()) {
      const std::uint32_t v = stack.back();
      stack.pop_back();
      if (v == ret) return true;
      if (rs.sanitized.count(v)) continue;
      const auto visit = [&](std::uint32_t to) {
        if (to != kNone && inside(to) && seen.insert(to).second) stack.push_back(to);
      };
      for (auto [it, end] = boost::out_edges(static_cast<Graph::vertex_descriptor>(v), *graph_data_); it != end; ++it) {
        visit(static_cast<std::uint32_t>(boost::target(*it, *graph_data_)));
      }
      if (const auto st = rs.steps.find(v); st != rs.steps.end()) {
        for (const auto& [to, step] : st->second) visit(to);
      }
      if (arg_call_[v] == kNone) continue;
      const Call& call = calls_[arg_call_[v]];
      const std::uint32_t a = arg_index_[v];
      if (call.targets.empty()) {
        library_flow(call, a, scratch);
        for (const std::uint32_t to : scratch) visit(to);
        continue;
      }
      const std::uint32_t result = local_to_global_[call.file][files_[call.file].calls[call.index].result];
      for (const Target& t : call.targets) {
        bound_parameters(call, t, a, scratch);
        const std::vector<std::uint32_t> params = scratch;
        for (const std::uint32_t q : params) {
          if (summary(rs, t.file, t.function, q)) visit(result);
        }
      }
    }
    return false;
  }

  // ---- findings -------------------------------------------------------------------------

  TraceStep step_at(std::uint32_t file, std::uint32_t start, std::uint32_t end, std::string message) const {
    auto& cached = sources_[file];
    if (!cached) cached = load_(file);
    if (!cached) cached = std::make_shared<const SourceFile>();  // gone: steps at 1:1, no line
    const SourceFile& source = *cached;
    TraceStep s;
    s.file = files_[file].display;
    s.range = {source.position_at(start), source.position_at(end)};
    s.message = std::move(message);
    s.snippet = std::string(source.line(s.range.start.line));
    return s;
  }

  TraceStep vertex_step(std::uint32_t v, std::string message) const {
    const DfVertex& vi = info(v);
    return step_at(origin_[v].first, vi.start_byte, vi.end_byte, std::move(message));
  }

  std::string function_name(const Target& t) const {
    const std::string& q = functions_[t.file].functions[t.function].qualname;
    return q;
  }

  Finding report(const RuleState& rs, std::uint32_t file, std::uint32_t sink, std::uint64_t end,
                 const std::unordered_map<std::uint64_t, Via>& seen) const {
    const DfSink& skeleton = files_[file].sinks[sink];
    Finding finding = skeleton.finding;
    std::vector<TraceStep> reversed;
    const std::uint32_t sink_vertex = vertex_of(end);
    reversed.push_back(vertex_step(sink_vertex, fmt::format("sink: {}", name_of(sink_vertex))));
    std::uint32_t source = sink_vertex;
    for (std::uint64_t s = end; s != ~0ull;) {
      const Via& via = seen.at(s);
      const std::uint32_t v = vertex_of(s);
      switch (via.how) {
        case How::source:
          source = v;
          reversed.push_back(vertex_step(v, fmt::format("source: {}", name_of(v))));
          break;
        case How::edge: {
          const auto [f, e] = edge_origin_[via.info];
          const DfEdge& edge = files_[f].edges[e];
          if (edge.kind == DfEdge::Kind::assign) {
            reversed.push_back(step_at(f, edge.start_byte, edge.end_byte, fmt::format("tainted value flows into '{}'", name_of(v))));
          } else if (edge.kind == DfEdge::Kind::ret) {
            reversed.push_back(step_at(f, edge.start_byte, edge.end_byte, "returned"));
          }
          break;
        }
        case How::step: {
          const auto [f, st] = rs.step_places[via.info];
          const DfStep& step = files_[f].steps[st];
          reversed.push_back(step_at(f, step.start_byte, step.end_byte, fmt::format("tainted value flows into '{}'", name_of(v))));
          break;
        }
        case How::param: {
          const Call& call = calls_[via.info];
          const std::string_view param = name_of(v);
          const std::uint32_t from = vertex_of(via.prev);
          reversed.push_back(vertex_step(from, fmt::format("passed as parameter '{}' of '{}'", param, target_name(call, v))));
          break;
        }
        case How::summary: {
          const Call& call = calls_[via.info];
          reversed.push_back(vertex_step(v, fmt::format("returned by '{}', which returns its parameter", call_name(call))));
          break;
        }
        case How::result: {
          const Call& call = calls_[via.info];
          reversed.push_back(vertex_step(v, fmt::format("returned by '{}'", call_name(call))));
          break;
        }
        case How::through: break;
      }
      s = via.prev;
    }
    std::string message;
    const std::string_view source_text = name_of(source);
    for (std::size_t i = 0; i < skeleton.message_parts.size(); ++i) {
      if (i > 0) message += source_text;
      message += skeleton.message_parts[i];
    }
    finding.message = std::move(message);
    finding.trace.assign(reversed.rbegin(), reversed.rend());
    return finding;
  }

  // The function of the tree a call's parameter vertex belongs to, by name.
  std::string target_name(const Call& call, std::uint32_t param) const {
    for (const Target& t : call.targets) {
      const auto& unit = files_[t.file].units[t.function];
      for (const std::uint32_t p : unit.params) {
        if (p != kNoVertex && local_to_global_[t.file][p] == param) return short_name(function_name(t));
      }
    }
    return call_name(call);
  }

  std::string call_name(const Call& call) const {
    if (!call.targets.empty()) return short_name(function_name(call.targets.front()));
    return std::string(call.name);
  }

  // "pkg.mod.Class.method" -> "Class.method" when a class is there, else "function".
  std::string short_name(const std::string& qualname) const {
    const auto last = qualname.rfind('.');
    if (last == std::string::npos) return qualname;
    const auto before = qualname.rfind('.', last - 1);
    const std::string_view owner = std::string_view(qualname).substr(before == std::string::npos ? 0 : before + 1,
                                                                     last - (before == std::string::npos ? 0 : before + 1));
    if (!owner.empty() && std::isupper(static_cast<unsigned char>(owner.front()))) return qualname.substr(before + 1);
    return qualname.substr(last + 1);
  }

  struct PairHash {
    std::size_t operator()(const std::pair<std::uint32_t, std::uint32_t>& p) const noexcept {
      return std::hash<std::uint64_t>{}((std::uint64_t{p.first} << 32) | p.second);
    }
  };

  const RuleSet& rules_;
  const std::vector<FileDataflow>& files_;
  const std::vector<FileFunctions>& functions_;
  const CallGraph* graph_;
  const ProjectIndex& project_;
  const SourceLoader& load_;
  mutable std::unordered_map<std::uint32_t, std::shared_ptr<const SourceFile>> sources_;  // loaded for traces
  std::optional<Graph> graph_data_;
  std::vector<std::vector<std::uint32_t>> local_to_global_;       // file -> local vertex -> global
  std::vector<std::pair<std::uint32_t, std::uint32_t>> origin_;   // global vertex -> (file, local)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edge_origin_;  // global edge -> (file, edge)
  std::vector<Call> calls_;
  std::vector<std::uint32_t> arg_call_;   // global vertex -> call (kNone)
  std::vector<std::uint32_t> arg_index_;  // call_arg vertex -> index into DfCall::args
  std::deque<std::string> resolved_names_;  // callee names resolved across files
  std::unordered_map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>, PairHash> callers_;
  std::unordered_map<std::pair<std::uint32_t, std::uint32_t>, CallGraph::Vertex, PairHash> function_vertex_;
  std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> function_of_return_;
};

}  // namespace

std::vector<std::vector<Finding>> solve_taint(const RuleSet& rules, const std::vector<FileDataflow>& dataflow,
                                              const std::vector<FileFunctions>& functions, const CallGraph& graph,
                                              const ProjectIndex& project, const SourceLoader& load) {
  if (dataflow.empty()) return {};
  return Program(rules, dataflow, functions, graph, project, load).solve();
}

}  // namespace warden::detail
