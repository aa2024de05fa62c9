#include "taint.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "syntax.hpp"

namespace warden::detail {
namespace {

using NodeId = const void*;
NodeId id_of(TSNode node) noexcept { return node.id; }

// A formula and where its anchors let it match: calls to given callees, every call, or
// nodes of given symbols (every node when an anchor has no type).
struct Matcher {
  const CompiledFormula* formula;
  std::vector<std::string> callees;
  bool every_call = false;
  std::vector<bool> symbols;  // by TSSymbol
  bool any_node = false;

  explicit Matcher(const CompiledFormula& f) : formula(&f) {
    const PythonGrammar& grammar = PythonGrammar::get();
    for (const Anchor& a : anchors_of(f)) {
      if (a.node_type == "call") {
        if (a.callee) callees.push_back(*a.callee);
        else every_call = true;
        continue;
      }
      if (a.node_type.empty()) {
        any_node = true;
        continue;
      }
      symbols.resize(grammar.symbol_count(), false);
      for (const TSSymbol symbol : grammar.symbols_named(a.node_type)) symbols[symbol] = true;
    }
  }
  bool needs_walk() const noexcept { return any_node || !symbols.empty(); }
  bool at_call(const std::optional<QualifiedName>& callee) const {
    if (every_call) return true;
    if (!callee) return false;
    for (const auto& c : callees) {
      if (c == callee->name) return true;
    }
    return false;
  }
  bool at_node(TSNode node) const noexcept {
    if (any_node) return true;
    const TSSymbol symbol = ts_node_symbol(node);
    return symbol < symbols.size() && symbols[symbol];
  }
};

// The named children of `node`, in order, through a cursor (tree-sitter's indexed child
// access walks from the first child each time: quadratic over a long body).
void named_children(TSTreeCursor& cursor, TSNode node, std::vector<TSNode>& out) {
  out.clear();
  ts_tree_cursor_reset(&cursor, node);
  if (!ts_tree_cursor_goto_first_child(&cursor)) return;
  do {
    const TSNode c = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_named(c)) out.push_back(c);
  } while (ts_tree_cursor_goto_next_sibling(&cursor));
}

// One line of code for a message, shortened.
std::string short_text(TSNode node, std::string_view source) {
  const std::string_view text = text_of(node, source);
  std::string out(text.substr(0, text.find('\n')));
  if (out.size() > 60 || out.size() < text.size()) out = out.substr(0, std::min<std::size_t>(out.size(), 57)) + "...";
  return out;
}

// A dotted chain of names (`self.cmd`, `a.b.c`): its text, else empty.
std::string dotted_name(TSNode node, std::string_view source) {
  for (TSNode at = node;;) {
    const Kind k = kind_of(at);
    if (k == Kind::identifier) return std::string(text_of(node, source));
    if (k != Kind::attribute) return {};
    at = child(at, Field::object);
    if (ts_node_is_null(at)) return {};
  }
}

// The variables an assignment target writes: names, dotted chains (`self.x`), and the
// container of a subscript or of a non-name attribute chain; tuples and lists unpacked.
std::vector<std::string> target_names(TSNode target, std::string_view source) {
  std::vector<std::string> out;
  std::vector<TSNode> stack{target};
  while (!stack.empty()) {
    const TSNode node = stack.back();
    stack.pop_back();
    if (ts_node_is_null(node)) continue;
    switch (kind_of(node)) {
      case Kind::identifier: out.emplace_back(text_of(node, source)); break;
      case Kind::attribute: {
        std::string name = dotted_name(node, source);
        if (!name.empty()) out.push_back(std::move(name));
        else stack.push_back(child(node, Field::object));
        break;
      }
      case Kind::subscript: stack.push_back(child(node, Field::value)); break;
      default:
        for (std::uint32_t i = ts_node_named_child_count(node); i-- > 0;) stack.push_back(ts_node_named_child(node, i));
    }
  }
  return out;
}

// Container methods that put their arguments into the receiver.
bool is_container_store(std::string_view method) {
  for (const std::string_view m : {"append", "extend", "insert", "update", "add", "appendleft", "setdefault"}) {
    if (method == m) return true;
  }
  return false;
}

struct Assign {
  TSNode at;                         // the statement or expression that assigns (for the trace)
  TSNode value;                      // what is assigned
  std::vector<std::string> targets;  // the variables written
  bool done = false;                 // every target is tainted already
};

struct Unit {
  std::vector<Assign> assigns;
  std::vector<std::uint32_t> sinks;  // indices into Solver::sinks_
};

// A flow step: a source (parent < 0) or an assignment of a tainted value to `var`.
struct Flow {
  TSNode node;
  std::int32_t parent;
  std::string var;
};

class Solver {
 public:
  Solver(const CompiledTaint& rule, TSNode root, const FileContext& file)
      : rule_(rule), root_(root), file_(file), source_(file.source().text()), cursor_(ts_tree_cursor_new(root)) {}
  ~Solver() { ts_tree_cursor_delete(&cursor_); }
  Solver(const Solver&) = delete;
  Solver& operator=(const Solver&) = delete;

  std::vector<TaintFlow> run() {
    // A byte-level prefilter: no source or sink word in the file, no flow (most files).
    if (!contains_any(source_, rule_.source_words) || !contains_any(source_, rule_.sink_words)) return {};
    if (!match_formulas()) return {};
    collect_units();
    std::vector<TaintFlow> out;
    for (Unit& unit : units_) solve(unit, out);
    return out;
  }

 private:
  struct SinkMatch {
    TSNode node;   // the sink (focus or match)
    TSNode match;  // where the formula matched
    FormulaMatch bindings;
  };

  // Every match of the formulas in `formulas` as (node, match): call anchors through the
  // module model's call index, other anchors in one iterative walk.
  template <typename OnMatch>
  void match_group(const std::vector<CompiledFormula>& formulas, OnMatch on_match) {
    std::vector<Matcher> matchers;
    bool walk = false;
    for (const auto& f : formulas) {
      if (!contains_any(source_, required_words(f))) continue;  // cannot match in this file
      matchers.emplace_back(f);
      walk = walk || matchers.back().needs_walk();
    }
    for (const CallSite& site : file_.model().calls()) {
      const auto callee = file_.callee_of(site.node);
      for (const Matcher& m : matchers) {
        FormulaMatch match;
        if (m.at_call(callee) && evaluate(*m.formula, site.node, file_, match)) on_match(site.node, std::move(match));
      }
    }
    if (!walk) return;
    for_each_node(root_, [&](TSNode node) {
      if (!ts_node_is_named(node)) return;
      for (const Matcher& m : matchers) {
        FormulaMatch match;
        if (m.at_node(node) && evaluate(*m.formula, node, file_, match)) on_match(node, std::move(match));
      }
    });
  }

  static TSNode target(TSNode node, const FormulaMatch& m) { return ts_node_is_null(m.focus) ? node : m.focus; }

  // Sources, then sinks (a file without either is done), then sanitizers and steps.
  bool match_formulas() {
    match_group(rule_.sources, [this](TSNode node, FormulaMatch match) {
      const TSNode t = target(node, match);
      sources_.try_emplace(id_of(t), t);
    });
    if (sources_.empty()) return false;
    match_group(rule_.sinks, [this](TSNode node, FormulaMatch match) {
      const TSNode t = target(node, match);
      if (sink_index_.emplace(id_of(t), static_cast<std::uint32_t>(sinks_.size())).second) {
        sinks_.push_back({t, node, std::move(match)});
      }
    });
    if (sinks_.empty()) return false;
    match_group(rule_.sanitizers, [this](TSNode node, FormulaMatch match) { sanitized_.insert(id_of(target(node, match))); });
    match_group(rule_.steps, [this](TSNode node, FormulaMatch match) {
      const Binding* from = find_binding(match.bindings, "$FROM");
      const Binding* to = find_binding(match.bindings, "$TO");
      if (from && to && !ts_node_is_null(from->first) && !ts_node_is_null(to->first)) {
        steps_.emplace(id_of(to->first), std::make_pair(from->first, node));
      }
    });
    return true;
  }

  // Splits the file into units and lists each unit's assignments and sinks: one cursor walk,
  // a function's, lambda's or class's body opening a unit of its own.
  void collect_units() {
    units_.emplace_back();  // the module's own code
    const TSFieldId body = PythonGrammar::get().field(Field::body);
    std::vector<std::pair<std::uint32_t, Kind>> path;  // (unit, kind) of the current node and its ancestors
    const auto visit = [&](TSNode node) {
      std::uint32_t unit = path.empty() ? 0 : path.back().first;
      if (!path.empty() && ts_tree_cursor_current_field_id(&cursor_) == body) {
        const Kind parent = path.back().second;
        if (parent == Kind::function_definition || parent == Kind::lambda || parent == Kind::class_definition) {
          unit = static_cast<std::uint32_t>(units_.size());
          units_.emplace_back();
        }
      }
      path.emplace_back(unit, kind_of(node));
      if (!ts_node_is_named(node)) return;
      if (const auto s = sink_index_.find(id_of(node)); s != sink_index_.end()) units_[unit].sinks.push_back(s->second);
      add_assignments(node, unit);
    };
    ts_tree_cursor_reset(&cursor_, root_);
    visit(root_);
    for (bool more = true; more;) {
      if (ts_tree_cursor_goto_first_child(&cursor_)) {
        visit(ts_tree_cursor_current_node(&cursor_));
        continue;
      }
      while (true) {
        path.pop_back();
        if (ts_tree_cursor_goto_next_sibling(&cursor_)) {
          visit(ts_tree_cursor_current_node(&cursor_));
          break;
        }
        if (!ts_tree_cursor_goto_parent(&cursor_)) {
          more = false;
          break;
        }
      }
    }
  }

  void add(std::uint32_t unit, TSNode at, TSNode target, TSNode value) {
    if (ts_node_is_null(target) || ts_node_is_null(value)) return;
    auto targets = target_names(target, source_);
    if (!targets.empty()) units_[unit].assigns.push_back({at, value, std::move(targets)});
  }

  void add_assignments(TSNode node, std::uint32_t unit) {
    switch (kind_of(node)) {
      case Kind::assignment:
      case Kind::augmented_assignment: add(unit, node, child(node, Field::left), child(node, Field::right)); break;
      case Kind::named_expression: add(unit, node, child(node, Field::name), child(node, Field::value)); break;
      case Kind::for_statement:
      case Kind::for_in_clause: add(unit, child(node, Field::left), child(node, Field::left), child(node, Field::right)); break;
      case Kind::as_pattern: {  // with V as x; except E as e
        const TSNode value = ts_node_named_child_count(node) > 0 ? ts_node_named_child(node, 0) : TSNode{};
        add(unit, node, child(node, Field::alias), value);
        break;
      }
      case Kind::call: {  // x.append(v), d.update(v): the container takes the taint
        const TSNode function = child(node, Field::function);
        if (kind_of(function) != Kind::attribute) break;
        if (!is_container_store(text_of(child(function, Field::attribute), source_))) break;
        add(unit, node, child(function, Field::object), child(node, Field::arguments));
        break;
      }
      default: break;
    }
    // A step whose $TO is a name (or a container) taints that variable.
    if (const auto s = steps_.find(id_of(node)); s != steps_.end()) {
      const Kind k = kind_of(node);
      if (k == Kind::identifier || k == Kind::attribute || k == Kind::subscript) add(unit, s->second.second, node, s->second.first);
    }
  }

  std::int32_t source_flow(TSNode node) {
    const auto [it, inserted] = source_flows_.try_emplace(id_of(node), static_cast<std::int32_t>(flows_.size()));
    if (inserted) flows_.push_back({node, -1, {}});
    return it->second;
  }

  std::int32_t variable(const std::string& name, std::vector<std::string>* reads) const {
    if (reads) reads->push_back(name);
    const auto it = vars_.find(name);
    return it == vars_.end() ? -1 : it->second;
  }

  // Whether a tainted `c` taints its parent `parent`.
  static bool passes_up(TSNode parent, Kind parent_kind, TSNode c) {
    switch (parent_kind) {
      case Kind::attribute: return ts_node_eq(child(parent, Field::object), c);
      case Kind::keyword_argument: return ts_node_eq(child(parent, Field::value), c);
      case Kind::lambda:
      case Kind::function_definition:
      case Kind::class_definition: return false;
      default: {
        const char* type = ts_node_type(parent);
        return std::strcmp(type, "comparison_operator") != 0 && std::strcmp(type, "not_operator") != 0;
      }
    }
  }

  // The flow that taints `root`, or -1. Children before parents, without recursion over the
  // tree; `reads` receives the variables looked at (the assignment's dependencies).
  std::int32_t eval(TSNode root, std::vector<std::string>* reads, bool steps = true) {
    struct Entry {
      TSNode node;
      std::int32_t parent;
      std::int32_t up;  // a tainted child's flow, or -1
    };
    std::vector<Entry> order;
    std::vector<std::int32_t> stack{-1};
    std::vector<TSNode> pending{root};
    std::vector<TSNode> kids;
    while (!pending.empty()) {
      const TSNode node = pending.back();
      const std::int32_t parent = stack.back();
      pending.pop_back();
      stack.pop_back();
      const auto index = static_cast<std::int32_t>(order.size());
      order.push_back({node, parent, -1});
      const NodeId id = id_of(node);
      if (sanitized_.count(id) || sources_.count(id)) continue;
      const Kind k = kind_of(node);
      if (index > 0 && (k == Kind::lambda || k == Kind::function_definition || k == Kind::class_definition)) continue;
      named_children(cursor_, node, kids);
      for (const TSNode c : kids) {
        pending.push_back(c);
        stack.push_back(index);
      }
    }
    for (std::size_t i = order.size(); i-- > 0;) {
      const Entry& e = order[i];
      const NodeId id = id_of(e.node);
      std::int32_t r = -1;
      if (sanitized_.count(id)) {
        r = -1;
      } else if (sources_.count(id)) {
        r = source_flow(e.node);
      } else {
        if (steps) {
          if (const auto s = steps_.find(id); s != steps_.end()) r = eval(s->second.first, reads, false);
        }
        const Kind k = kind_of(e.node);
        if (r < 0 && k == Kind::identifier) r = variable(std::string(text_of(e.node, source_)), reads);
        if (r < 0 && k == Kind::attribute) {
          const std::string name = dotted_name(e.node, source_);
          if (!name.empty()) r = variable(name, reads);
        }
        if (r < 0) r = e.up;
      }
      if (i == 0) return r;
      Entry& parent = order[static_cast<std::size_t>(e.parent)];
      if (r >= 0 && parent.up < 0 && passes_up(parent.node, kind_of(parent.node), e.node)) parent.up = r;
    }
    return -1;
  }

  // The unit's variables to a fixpoint (a worklist over assignments), then its sinks.
  void solve(Unit& unit, std::vector<TaintFlow>& out) {
    if (unit.sinks.empty()) return;
    vars_.clear();
    std::unordered_map<std::string, std::vector<std::uint32_t>> readers;
    std::deque<std::uint32_t> work;
    for (std::uint32_t i = 0; i < unit.assigns.size(); ++i) work.push_back(i);
    std::vector<bool> registered(unit.assigns.size(), false);
    while (!work.empty()) {
      const std::uint32_t i = work.front();
      work.pop_front();
      Assign& a = unit.assigns[i];
      if (a.done) continue;
      std::vector<std::string> reads;
      const std::int32_t r = eval(a.value, registered[i] ? nullptr : &reads);
      if (!registered[i]) {
        registered[i] = true;
        for (auto& name : reads) readers[std::move(name)].push_back(i);
      }
      if (r < 0) continue;
      a.done = true;
      for (const std::string& target : a.targets) {
        if (vars_.count(target)) continue;
        vars_.emplace(target, static_cast<std::int32_t>(flows_.size()));
        flows_.push_back({a.at, r, target});
        if (const auto it = readers.find(target); it != readers.end()) {
          for (const std::uint32_t j : it->second) {
            if (!unit.assigns[j].done) work.push_back(j);
          }
        }
      }
    }
    for (const std::uint32_t s : unit.sinks) {
      SinkMatch& sink = sinks_[s];
      const std::int32_t r = eval(sink.node, nullptr);
      if (r < 0) continue;
      TaintFlow flow;
      flow.sink = sink.node;
      flow.sink_match = sink.match;
      flow.match = sink.bindings;
      std::vector<TaintStep> reversed;
      reversed.push_back({sink.node, fmt::format("sink: {}", short_text(sink.node, source_))});
      for (std::int32_t f = r; f >= 0; f = flows_[static_cast<std::size_t>(f)].parent) {
        const Flow& step = flows_[static_cast<std::size_t>(f)];
        if (step.parent < 0) {
          flow.source = step.node;
          reversed.push_back({step.node, fmt::format("source: {}", short_text(step.node, source_))});
        } else {
          reversed.push_back({step.node, fmt::format("tainted value flows into '{}'", step.var)});
        }
      }
      flow.steps.assign(reversed.rbegin(), reversed.rend());
      out.push_back(std::move(flow));
    }
  }

  const CompiledTaint& rule_;
  TSNode root_;
  const FileContext& file_;
  std::string_view source_;

  std::unordered_map<NodeId, TSNode> sources_;
  std::unordered_set<NodeId> sanitized_;
  std::vector<SinkMatch> sinks_;
  std::unordered_map<NodeId, std::uint32_t> sink_index_;
  std::unordered_map<NodeId, std::pair<TSNode, TSNode>> steps_;  // $TO -> ($FROM, the step's match)

  TSTreeCursor cursor_;  // reused for child lists and the unit walk
  std::vector<Unit> units_;
  std::vector<Flow> flows_;
  std::unordered_map<NodeId, std::int32_t> source_flows_;
  std::unordered_map<std::string, std::int32_t> vars_;  // the unit being solved
};

}  // namespace

std::vector<TaintFlow> solve_taint(const CompiledTaint& rule, TSNode root, const FileContext& file) {
  return Solver(rule, root, file).run();
}

}  // namespace warden::detail
