#include "dataflow.hpp"

#include <fmt/format.h>

#include <cstring>
#include <algorithm>
#include <map>
#include <deque>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "match_message.hpp"
#include "message_template.hpp"
#include "syntax.hpp"

namespace warden::detail {
namespace {

using NodeId = const void*;
NodeId id_of(TSNode node) noexcept { return node.id; }

// The method every match of a formula calls on some value (`$SOCK.recv(...)`), if any.
std::optional<std::string> method_of(const CompiledFormula& f) {
  using K = CompiledFormula::Kind;
  if (f.kind == K::pattern) return f.pattern->method_name();
  if (f.kind == K::all) {
    for (const auto& c : f.children) {
      if (c.kind != K::pattern) continue;
      if (auto m = c.pattern->method_name()) return m;
    }
  }
  return std::nullopt;
}

// One line of code for a message, shortened.
std::string short_text(TSNode node, std::string_view source) {
  const std::string_view text = text_of(node, source);
  std::string out(text.substr(0, text.find('\n')));
  if (out.size() > 60 || out.size() < text.size()) out = out.substr(0, std::min<std::size_t>(out.size(), 57)) + "...";
  return out;
}

// A dotted chain of names (`self.cmd`, `a.b.c`): its text, else empty.
std::string_view dotted_name(TSNode node, std::string_view source) {
  for (TSNode at = node;;) {
    const Kind k = kind_of(at);
    if (k == Kind::identifier) return text_of(node, source);
    if (k != Kind::attribute) return {};
    at = child(at, Field::object);
    if (ts_node_is_null(at)) return {};
  }
}

struct VarKey {
  std::uint32_t unit;
  std::string_view name;
  friend bool operator==(const VarKey&, const VarKey&) = default;
};
struct VarKeyHash {
  std::size_t operator()(const VarKey& k) const noexcept {
    return std::hash<std::string_view>{}(k.name) * 31u + k.unit;
  }
};

std::uint64_t range_key(std::uint32_t start, std::uint32_t end) { return (std::uint64_t{start} << 32) | end; }

class Builder {
 public:
  Builder(const TaintMatchers& rules, TSNode root, const FileContext& file, const ProjectIndex* project,
          RuleTimer* timer)
      : rules_(rules), root_(root), file_(file), project_(project), timer_(timer),
        source_(file.source().text()), model_(file.model()), scopes_(file.model().scopes()),
        cursor_(ts_tree_cursor_new(root)) {
    // Calls by node, for a binary search (a hash map would allocate a node per call).
    call_index_.reserve(model_.calls().size());
    for (std::uint32_t i = 0; i < model_.calls().size(); ++i) call_index_.emplace_back(id_of(model_.calls()[i].node), i);
    std::sort(call_index_.begin(), call_index_.end());
    call_results_.assign(model_.calls().size(), kNoVertex);
    // Sizes seen on real code, so the vectors rarely grow: about one vertex per 40 bytes.
    out_.vertices.reserve(source_.size() / 40 + 16);
    out_.edges.reserve(source_.size() / 50 + 16);
    for (std::uint32_t i = 1; i < scopes_.size(); ++i) {
      const auto type = scopes_[i].type;
      if (type == Scope::Type::function || type == Scope::Type::lambda || type == Scope::Type::class_) {
        scope_by_range_.emplace(range_key(scopes_[i].start_byte, scopes_[i].end_byte), i);
      }
    }
  }

  ~Builder() { ts_tree_cursor_delete(&cursor_); }
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;

  TaintFacts run() {
    match_rules();
    walk();
    resolve_free_names();
    add_instance_calls();
    out_.units.resize(functions_.functions.size());
    for (std::uint32_t i = 0; i < functions_.functions.size(); ++i) {
      const FunctionFact& fn = functions_.functions[i];
      auto& unit = out_.units[i];
      for (const ParameterFact& p : fn.parameters) {
        const auto it = vars_.find({fn.scope, p.name});
        unit.params.push_back(it == vars_.end() ? kNoVertex : it->second);
      }
      if (const auto it = returns_.find(fn.scope); it != returns_.end()) unit.ret = it->second;
    }
    TaintFacts facts;
    out_.display = file_.source().display();
    functions_.calls.shrink_to_fit();
    functions_.functions.shrink_to_fit();
    functions_.imports.shrink_to_fit();
    facts.functions = std::move(functions_);
    facts.dataflow = std::move(out_);
    prune(facts.dataflow);
    return facts;
  }

  // Drops what taint can never reach, so the facts kept until phase 2 stay small: a value
  // enters a file's graph only at a matched node, a parameter, a global or field, a call's
  // result or a variable a flow model writes; a variable or argument no path from those
  // reaches (`os` in `os.sep`, most dotted reads) carries nothing. Then renumbers.
  static void prune(FileDataflow& df) {
    const auto n = static_cast<std::uint32_t>(df.vertices.size());
    std::vector<std::uint32_t> first(n + 1, 0);  // edges by source: CSR over df.edges
    for (const DfEdge& e : df.edges) ++first[e.from + 1];
    for (std::uint32_t v = 0; v < n; ++v) first[v + 1] += first[v];
    std::vector<std::uint32_t> targets(df.edges.size());
    {
      std::vector<std::uint32_t> at(first.begin(), first.end() - 1);
      for (const DfEdge& e : df.edges) targets[at[e.from]++] = e.to;
    }
    std::vector<bool> live(n, false);
    std::vector<std::uint32_t> work;
    const auto mark = [&](std::uint32_t v) {
      if (v != kNoVertex && !live[v]) {
        live[v] = true;
        work.push_back(v);
      }
    };
    for (std::uint32_t v = 0; v < n; ++v) {
      const auto kind = df.vertices[v].kind;
      if (kind != DfVertex::Kind::var && kind != DfVertex::Kind::call_arg) mark(v);
    }
    for (const DfCall& c : df.calls) {
      for (const DfArg& a : c.args) mark(a.target);
    }
    for (const DfStep& st : df.steps) mark(st.to);
    while (!work.empty()) {
      const std::uint32_t v = work.back();
      work.pop_back();
      for (std::uint32_t i = first[v]; i < first[v + 1]; ++i) mark(targets[i]);
    }
    std::vector<std::uint32_t> renumber(n, kNoVertex);
    std::vector<DfVertex> vertices;
    vertices.reserve(static_cast<std::size_t>(std::count(live.begin(), live.end(), true)));
    for (std::uint32_t v = 0; v < n; ++v) {
      if (!live[v]) continue;
      renumber[v] = static_cast<std::uint32_t>(vertices.size());
      vertices.push_back(df.vertices[v]);
    }
    const auto map = [&](std::uint32_t v) { return v == kNoVertex ? kNoVertex : renumber[v]; };
    std::vector<DfEdge> edges;
    edges.reserve(static_cast<std::size_t>(
        std::count_if(df.edges.begin(), df.edges.end(), [&](const DfEdge& e) { return live[e.from] && live[e.to]; })));
    for (DfEdge e : df.edges) {
      if (!live[e.from] || !live[e.to]) continue;
      e.from = renumber[e.from];
      e.to = renumber[e.to];
      edges.push_back(e);
    }
    for (DfCall& c : df.calls) {
      std::erase_if(c.args, [&](const DfArg& a) { return !live[a.vertex] && a.target == kNoVertex; });
      c.result = map(c.result);
      for (DfArg& a : c.args) {
        a.vertex = map(a.vertex);
        a.target = map(a.target);
      }
      c.args.shrink_to_fit();
    }
    for (auto& unit : df.units) {
      for (auto& p : unit.params) p = map(p);
      unit.ret = map(unit.ret);
    }
    for (DfMatch& m : df.matches) m.vertex = map(m.vertex);
    for (DfStep& st : df.steps) {
      st.from = map(st.from);
      st.to = map(st.to);
    }
    // Names still used, renumbered.
    std::vector<std::uint32_t> name_map(df.names.size(), kNoVertex);
    std::vector<std::string> names;
    const auto keep_name = [&](std::uint32_t& id) {
      if (id == kNoVertex) return;
      if (name_map[id] == kNoVertex) {
        name_map[id] = static_cast<std::uint32_t>(names.size());
        names.push_back(std::move(df.names[id]));
      }
      id = name_map[id];
    };
    for (DfVertex& v : vertices) {
      keep_name(v.name);
      keep_name(v.label);
    }
    for (DfCall& c : df.calls) {
      keep_name(c.callee);
      for (DfArg& a : c.args) keep_name(a.keyword);
    }
    df.vertices = std::move(vertices);
    df.edges = std::move(edges);
    df.names = std::move(names);
    df.names.shrink_to_fit();
    df.calls.shrink_to_fit();
    df.matches.shrink_to_fit();
    df.sinks.shrink_to_fit();
  }

 private:
  // ---- what the taint rules matched -------------------------------------------------

  static TSNode target(TSNode node, const FormulaMatch& m) { return ts_node_is_null(m.focus) ? node : m.focus; }

  std::uint32_t special(TSNode node) {
    const auto [it, inserted] = specials_.try_emplace(id_of(node), kNoVertex);
    if (inserted) {
      it->second = add_vertex(DfVertex::Kind::node, 0, node);
      out_.vertices[it->second].name = intern(short_text(node, source_));
    }
    return it->second;
  }

  // Every taint formula whose words are in the file, at the calls it is anchored on and in
  // one walk for those anchored on other nodes.
  void match_rules() {
    const auto& entries = rules_.entries();
    const std::vector<bool> present = rules_.words().present_in(source_);
    live_.assign(entries.size(), false);
    std::vector<std::uint32_t> every_call;
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
      const auto& words = entries[i].words;
      live_[i] = !entries[i].filtered || std::any_of(words.begin(), words.end(), [&](std::uint32_t w) { return present[w]; });
      if (!live_[i]) continue;
      if (entries[i].every_call) every_call.push_back(i);
      node_anchors_ = node_anchors_ || entries[i].walk;
    }
    const auto try_entry = [&](std::uint32_t i, TSNode node) { this->try_entry(i, node); };
    for (const CallSite& site : model_.calls()) {
      if (const auto callee = file_.callee_of(site.node)) {
        for (const std::uint32_t i : rules_.for_callee(callee->name)) try_entry(i, site.node);
      }
      if (const TSNode function = child(site.node, Field::function); kind_of(function) == Kind::attribute) {
        for (const std::uint32_t i : rules_.for_method(text_of(child(function, Field::attribute), source_))) {
          try_entry(i, site.node);
        }
      }
      for (const std::uint32_t i : every_call) try_entry(i, site.node);
    }
  }

  void try_entry(std::uint32_t i, TSNode node) {
    if (!live_[i]) return;
    const auto& entry = rules_.entries()[i];
    const auto try_once = [&] {
      FormulaMatch match;
      if (!evaluate(*entry.formula, node, file_, match)) return false;
      for (const std::uint32_t f : entry.followers) {
        if (live_[f]) on_match(rules_.entries()[f], node, match);
      }
      on_match(entry, node, std::move(match));
      return true;
    };
    if (timer_) {
      timer_->time(entry.rule, rules_.rules().rules().size(), try_once);
    } else {
      try_once();
    }
  }

  void on_match(const TaintMatchers::Entry& entry, TSNode node, FormulaMatch match) {
    const std::uint32_t index = entry.rule;
    switch (entry.role) {
      case TaintMatchers::Role::source:
        out_.matches.push_back({index, TaintRole::source, special(target(node, match)), kNoVertex});
        break;
      case TaintMatchers::Role::sink: {
        const TSNode sink = target(node, match);
        const std::uint32_t vertex = special(sink);
        if (!sinks_seen_.insert((std::uint64_t{index} << 32) | vertex).second) return;  // one report per sink
        out_.matches.push_back({index, TaintRole::sink, vertex, static_cast<std::uint32_t>(out_.sinks.size())});
        out_.sinks.push_back(sink_report(rules_.rules().rules()[index], node, sink, std::move(match)));
        break;
      }
      case TaintMatchers::Role::sanitizer:
        out_.matches.push_back({index, TaintRole::sanitizer, special(target(node, match)), kNoVertex});
        break;
      case TaintMatchers::Role::step: {
        const Binding* from = find_binding(match.bindings, "$FROM");
        const Binding* to = find_binding(match.bindings, "$TO");
        if (!from || !to || ts_node_is_null(from->first) || ts_node_is_null(to->first)) return;
        pending_steps_.push_back({index, from->first, to->first, node});
        break;
      }
    }
  }

  DfSink sink_report(const CompiledRule& rule, TSNode matched, TSNode sink, FormulaMatch match) {
    if (!match.callee && kind_of(matched) == Kind::call) match.callee = file_.callee_of(matched);
    std::erase_if(match.bindings, [](const Binding& b) { return b.name == "$SOURCE" || b.name == "$SINK"; });
    match.bindings.push_back({"$SINK", sink, sink});
    DfSink out;
    out.finding = finding_of(rule.info, file_.source().display());
    Finding& f = out.finding;
    f.range = range_of(file_.source(), sink);
    f.snippet = file_.source().lines(f.range.start.line, f.range.end.line);
    // The parts between the {$SOURCE} placeholders (not a `{{$SOURCE}}`, which is literal text).
    const std::string_view templ = rule.message;
    std::size_t at = 0;
    for_each_template_piece(templ, [&](const TemplatePiece& piece) {
      if (piece.kind != TemplatePiece::Kind::placeholder || piece.text != "$SOURCE") return;
      out.message_parts.push_back(render_message(templ.substr(at, piece.begin - at), match, source_));
      at = piece.end;
    });
    out.message_parts.push_back(render_message(templ.substr(at), match, source_));
    return out;
  }

  // ---- vertices and edges -------------------------------------------------------------

  std::uint32_t intern(std::string_view text) {
    if (const auto it = name_ids_.find(text); it != name_ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(out_.names.size());
    out_.names.emplace_back(text);
    name_ids_.emplace(name_store_.emplace_back(text), id);  // keyed by a copy that never moves
    return id;
  }

  std::uint32_t add_vertex(DfVertex::Kind kind, std::uint32_t unit, TSNode at) {
    DfVertex v;
    v.kind = kind;
    v.unit = unit;
    if (!ts_node_is_null(at)) {
      v.start_byte = ts_node_start_byte(at);
      v.end_byte = ts_node_end_byte(at);
    }
    out_.vertices.push_back(v);
    return static_cast<std::uint32_t>(out_.vertices.size() - 1);
  }

  void edge(std::uint32_t from, std::uint32_t to, DfEdge::Kind kind = DfEdge::Kind::flow, TSNode at = TSNode{}) {
    if (from == to) return;
    DfEdge e;
    e.from = from;
    e.to = to;
    e.kind = kind;
    if (!ts_node_is_null(at)) {
      e.start_byte = ts_node_start_byte(at);
      e.end_byte = ts_node_end_byte(at);
    }
    out_.edges.push_back(e);
  }

  std::uint32_t global(std::string key, TSNode at, std::string_view label) {
    const auto [it, inserted] = globals_.try_emplace(std::move(key), kNoVertex);
    if (inserted) {
      it->second = add_vertex(DfVertex::Kind::global, 0, at);
      out_.vertices[it->second].name = intern(it->first);
      out_.vertices[it->second].label = intern(label);
    }
    return it->second;
  }

  bool is_function_unit(std::uint32_t unit) const {
    const auto type = scopes_[unit].type;
    return unit != 0 && (type == Scope::Type::function || type == Scope::Type::lambda);
  }

  // The class whose field `name` denotes in `unit`: `self.x` in a method whose first
  // parameter is self. Empty otherwise.
  std::string field_key(std::uint32_t unit, std::string_view name) const {
    const std::size_t dot = name.find('.');
    if (dot == std::string_view::npos) return {};
    const std::uint32_t fn = function_of_scope_[unit];
    if (fn == kNoVertex) return {};
    const FunctionFact& f = functions_.functions[fn];
    if (f.kind != FunctionFact::Kind::method || f.is_staticmethod() || f.parameters.empty()) return {};
    if (f.parameters.front().name != name.substr(0, dot)) return {};
    const std::string_view rest = name.substr(dot + 1);
    return f.class_qualname + "." + std::string(rest.substr(0, rest.find('.')));
  }

  // The vertex a write to `name` in `unit` goes to. `declares`: the write makes the name a
  // local of a function (an assignment does; a container update through it does not).
  std::uint32_t write_var(std::uint32_t unit, std::string_view name, TSNode at, bool declares = true) {
    if (std::string key = field_key(unit, name); !key.empty()) return global(std::move(key), at, name);
    const std::string_view head = name.substr(0, name.find('.'));
    if (is_function_unit(unit) && scopes_[unit].globals.count(std::string(head))) unit = 0;
    if (!is_function_unit(unit)) {
      std::string key = scopes_[unit].qualname + "." + std::string(name);
      // Updating a container that is not a global of this module (an import): its value here.
      if (!declares && !globals_.count(key)) return read_var(unit, name, at);
      return global(std::move(key), at, name);
    }
    const auto [it, inserted] = vars_.try_emplace(VarKey{unit, name}, kNoVertex);
    if (inserted) it->second = add_vertex(DfVertex::Kind::var, unit, at);
    if (out_.vertices[it->second].name == kNoVertex) out_.vertices[it->second].name = intern(name);
    if (declares) written_.insert(it->second);
    else if (inserted) free_.push_back(it->second);
    return it->second;
  }

  // The vertex a read of `name` in `unit` comes from; names not written in a function are
  // linked to where they are defined once the whole file is seen (resolve_free_names).
  std::uint32_t read_var(std::uint32_t unit, std::string_view name, TSNode at) {
    if (std::string key = field_key(unit, name); !key.empty()) return global(std::move(key), at, name);
    // In module and class code too: the value is the global's, or an import's (linked at the end).
    const auto [it, inserted] = vars_.try_emplace(VarKey{unit, name}, kNoVertex);
    if (inserted) {
      it->second = add_vertex(DfVertex::Kind::var, unit, at);
      out_.vertices[it->second].name = intern(name);
      free_.push_back(it->second);
    }
    return it->second;
  }

  std::uint32_t return_of(std::uint32_t unit, TSNode at) {
    const auto [it, inserted] = returns_.try_emplace(unit, kNoVertex);
    if (inserted) it->second = add_vertex(DfVertex::Kind::ret, unit, at);
    return it->second;
  }

  // ---- expressions --------------------------------------------------------------------

  // The vertices whose values make up `expr`'s value: variables read, call results, matched
  // nodes; appended to `out`. Does not look inside calls (their result is a vertex), matched
  // nodes (vertices of their own), lambdas and comparisons (a bool carries no data).
  void leaves(TSNode expr, std::uint32_t unit, std::vector<std::uint32_t>& out, bool self_too = false) {
    stack_.clear();
    if (!ts_node_is_null(expr)) stack_.push_back(expr);
    bool first = true;
    while (!stack_.empty()) {
      const TSNode node = stack_.back();
      stack_.pop_back();
      const bool is_root = first;
      first = false;
      if (!(is_root && self_too)) {
        if (const auto s = specials_.find(id_of(node)); s != specials_.end()) {
          out.push_back(s->second);
          continue;
        }
      }
      switch (kind_of(node)) {
        case Kind::identifier: out.push_back(read_var(unit, text_of(node, source_), node)); continue;
        case Kind::attribute: {
          const std::string_view name = dotted_name(node, source_);
          if (!name.empty()) {
            if (std::string key = field_key(unit, name); !key.empty()) {
              out.push_back(global(std::move(key), node, name));
              continue;
            }
            out.push_back(read_var(unit, name, node));
          }
          const TSNode object = child(node, Field::object);
          if (!ts_node_is_null(object)) stack_.push_back(object);
          continue;
        }
        case Kind::call: out.push_back(call_result(node, unit)); continue;
        case Kind::keyword_argument: {
          const TSNode value = child(node, Field::value);
          if (!ts_node_is_null(value)) stack_.push_back(value);
          continue;
        }
        case Kind::lambda:
        case Kind::function_definition:
        case Kind::class_definition: continue;
        default: {
          const char* type = ts_node_type(node);
          if (std::strcmp(type, "comparison_operator") == 0 || std::strcmp(type, "not_operator") == 0) continue;
          break;
        }
      }
      push_named_children(node);
    }
  }

  // The named children of `node` onto stack_, last first (so they pop in source order),
  // through a cursor: indexed child access walks from the first child each time.
  void push_named_children(TSNode node) {
    const std::size_t first = stack_.size();
    ts_tree_cursor_reset(&cursor_, node);
    if (!ts_tree_cursor_goto_first_child(&cursor_)) return;
    do {
      const TSNode c = ts_tree_cursor_current_node(&cursor_);
      if (ts_node_is_named(c)) stack_.push_back(c);
    } while (ts_tree_cursor_goto_next_sibling(&cursor_));
    std::reverse(stack_.begin() + static_cast<std::ptrdiff_t>(first), stack_.end());
  }

  // leaves() into a buffer reused by the next call: use the result before calling again.
  const std::vector<std::uint32_t>& leaves_of(TSNode expr, std::uint32_t unit, bool self_too = false) {
    leaves_buffer_.clear();
    leaves(expr, unit, leaves_buffer_, self_too);
    return leaves_buffer_;
  }

  // The vertices an assignment target writes: names, dotted chains (`self.x`), and the
  // container of a subscript or of a non-name attribute chain; tuples and lists unpacked.
  std::vector<std::uint32_t> targets(TSNode target, std::uint32_t unit) {
    std::vector<std::uint32_t> out;
    std::vector<TSNode> stack{target};
    while (!stack.empty()) {
      const TSNode node = stack.back();
      stack.pop_back();
      if (ts_node_is_null(node)) continue;
      switch (kind_of(node)) {
        case Kind::identifier: out.push_back(write_var(unit, text_of(node, source_), node)); break;
        case Kind::attribute: {
          const std::string_view name = dotted_name(node, source_);
          if (!name.empty()) out.push_back(write_var(unit, name, node));
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

  void assign(std::uint32_t unit, TSNode at, TSNode target, TSNode value) {
    if (ts_node_is_null(target) || ts_node_is_null(value)) return;
    const std::vector<std::uint32_t> values = leaves_of(value, unit);
    if (values.empty()) return;
    for (const std::uint32_t t : targets(target, unit)) {
      for (const std::uint32_t v : values) edge(v, t, DfEdge::Kind::assign, at);
    }
  }

  // Index into ModuleModel::calls() of a call node (the model lists every call).
  std::uint32_t model_call(TSNode call) const {
    const auto it = std::lower_bound(call_index_.begin(), call_index_.end(), std::make_pair(id_of(call), 0u));
    return it != call_index_.end() && it->first == id_of(call) ? it->second : kNoVertex;
  }

  std::uint32_t call_result(TSNode call, std::uint32_t unit) {
    const std::uint32_t index = model_call(call);
    if (index == kNoVertex) return add_vertex(DfVertex::Kind::call_result, unit, call);  // not in the model: alone
    if (call_results_[index] == kNoVertex) call_results_[index] = add_vertex(DfVertex::Kind::call_result, unit, call);
    return call_results_[index];
  }

  // A call's argument: its vertex, fed by the value's parts. With `writable`, also the
  // variable a flow model may write through it: the container of `x[k]`, `x.a`, `x`.
  DfArg argument(TSNode node, std::uint32_t unit, TSNode value, bool writable) {
    DfArg arg;
    arg.vertex = add_vertex(DfVertex::Kind::call_arg, unit, node);
    for (const std::uint32_t from : leaves_of(value, unit)) edge(from, arg.vertex);
    for (TSNode at = value; writable && !ts_node_is_null(at);) {
      const Kind k = kind_of(at);
      if (k == Kind::subscript) {
        at = child(at, Field::value);
        continue;
      }
      if (k != Kind::identifier && k != Kind::attribute) break;
      if (const std::string_view name = dotted_name(at, source_); !name.empty()) arg.target = write_var(unit, name, at, false);
      break;
    }
    return arg;
  }

  // Whether a flow model may write through the receiver (-1) or positional argument i of a
  // call to `callee`: its model says so, or the callee is named through another file of the
  // tree, whose model is known only in phase 2.
  bool writes_through(const FlowModel* model, std::string_view callee, std::int64_t position) const {
    if (!model) return project_ && !callee.empty() && callee.front() != '.' && project_->module_prefix(callee) != 0;
    for (const FlowModel::Flow& flow : model->flows) {
      if (position < 0 ? flow.to == FlowModel::End::receiver
                       : flow.to == FlowModel::End::argument && flow.to_index == position) {
        return true;
      }
    }
    return false;
  }

  void add_call(TSNode node, std::uint32_t unit) {
    const std::uint32_t index = model_call(node);
    if (index == kNoVertex) return;
    const CallSite& site = model_.calls()[index];
    DfCall call;
    call.model_call = index;
    call.result = call_result(node, unit);
    const TSNode function = child(node, Field::function);
    // `os.path.join(...)`, `C.m(...)`: a name. `data.decode()` on a local value, `f().m()`:
    // a method of a value whose type is unknown, which is an argument of its own.
    const bool method = kind_of(function) == Kind::attribute && (!site.callee || !site.callee->resolved());
    std::string_view callee;
    if (method) {
      key_buffer_.assign(1, '.');
      key_buffer_.append(text_of(child(function, Field::attribute), source_));
      call.callee = intern(key_buffer_);
      callee = name_store_[call.callee];  // stable: out_.names may grow below
    } else if (site.callee) {
      call.callee = intern(site.callee->name);
      callee = site.callee->name;
      call.by_name = true;
    }
    const FlowModel* model = callee.empty() ? nullptr : rules_.rules().model_for(callee);
    if (method) {
      const TSNode object = child(function, Field::object);
      DfArg receiver = argument(object, unit, object, writes_through(model, callee, -1));
      receiver.kind = DfArg::Kind::receiver;
      call.args.push_back(receiver);
      if (!site.callee) {  // a value's method: which class's, if the value came from C(...)
        method_calls_.push_back({receiver.vertex, index, unit,
                                 std::string(text_of(child(function, Field::attribute), source_)), node});
      }
    } else if (!site.callee && !ts_node_is_null(function)) {
      // A computed callee (`pipe(x)` with pipe a local, `f()(x)`): what it returns comes from
      // the called value too, as for a method's receiver.
      DfArg called = argument(function, unit, function, false);
      called.kind = DfArg::Kind::receiver;
      call.args.push_back(called);
    }
    arguments_.clear();
    if (const TSNode list = child(node, Field::arguments); !ts_node_is_null(list)) {
      ts_tree_cursor_reset(&cursor_, list);
      if (ts_tree_cursor_goto_first_child(&cursor_)) {
        do {
          const TSNode a = ts_tree_cursor_current_node(&cursor_);
          if (ts_node_is_named(a) && kind_of(a) != Kind::comment) arguments_.push_back(a);
        } while (ts_tree_cursor_goto_next_sibling(&cursor_));
      }
    }
    std::uint32_t position = 0;
    for (const TSNode a : arguments_) {
      DfArg::Kind kind = DfArg::Kind::positional;
      std::uint32_t keyword = kNoVertex;
      TSNode value = a;
      switch (kind_of(a)) {
        case Kind::keyword_argument:
          kind = DfArg::Kind::keyword;
          keyword = intern(text_of(child(a, Field::name), source_));
          value = child(a, Field::value);
          break;
        case Kind::list_splat: kind = DfArg::Kind::star; break;
        case Kind::dictionary_splat: kind = DfArg::Kind::double_star; break;
        default: break;
      }
      const bool writable = kind == DfArg::Kind::positional && writes_through(model, callee, position);
      DfArg arg = argument(a, unit, value, writable);
      arg.kind = kind;
      arg.keyword = keyword;
      if (kind == DfArg::Kind::positional) arg.position = position++;
      call.args.push_back(arg);
    }
    out_.calls.push_back(std::move(call));
  }

  // ---- the walk -----------------------------------------------------------------------

  void add_parameters() {
    for (const FunctionFact& fn : functions_.functions) {
      if (fn.kind == FunctionFact::Kind::module) continue;
      for (const ParameterFact& p : fn.parameters) {
        const auto [it, inserted] = vars_.try_emplace(VarKey{fn.scope, p.name}, kNoVertex);
        if (!inserted) continue;
        DfVertex v;
        v.kind = DfVertex::Kind::param;
        v.unit = fn.scope;
        v.name = intern(p.name);
        v.start_byte = fn.span.start_byte;
        v.end_byte = fn.span.end_byte;
        out_.vertices.push_back(v);
        it->second = static_cast<std::uint32_t>(out_.vertices.size() - 1);
        written_.insert(it->second);
      }
    }
  }

  std::uint32_t scope_of_definition(TSNode node, Kind kind) const {
    std::uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
    if (kind == Kind::class_definition) {
      const TSNode body = child(node, Field::body);
      if (ts_node_is_null(body)) return kNoVertex;
      start = ts_node_start_byte(body);
      end = ts_node_end_byte(body);
    } else if (const TSNode params = child(node, Field::parameters); !ts_node_is_null(params)) {
      start = ts_node_start_byte(params);
    }
    const auto it = scope_by_range_.find(range_key(start, end));
    return it == scope_by_range_.end() ? kNoVertex : it->second;
  }

  void visit(TSNode node, std::uint32_t unit) {
    if (const auto s = specials_.find(id_of(node)); s != specials_.end()) {
      // A matched node's value is made of its parts; a call's is its result (a library call
      // without a model passes it every argument).
      for (const std::uint32_t from : leaves_of(node, unit, true)) edge(from, s->second);
    }
    switch (kind_of(node)) {
      case Kind::assignment:
      case Kind::augmented_assignment: assign(unit, node, child(node, Field::left), child(node, Field::right)); break;
      case Kind::named_expression: assign(unit, node, child(node, Field::name), child(node, Field::value)); break;
      case Kind::for_statement:
      case Kind::for_in_clause: assign(unit, child(node, Field::left), child(node, Field::left), child(node, Field::right)); break;
      case Kind::as_pattern: {  // with V as x; except E as e
        const TSNode value = ts_node_named_child_count(node) > 0 ? ts_node_named_child(node, 0) : TSNode{};
        assign(unit, node, child(node, Field::alias), value);
        break;
      }
      case Kind::default_parameter:
      case Kind::typed_default_parameter: assign(unit, node, child(node, Field::name), child(node, Field::value)); break;
      case Kind::return_statement:
      case Kind::yield: {
        if (ts_node_named_child_count(node) == 0) break;
        const std::uint32_t ret = return_of(unit, node);
        for (const std::uint32_t from : leaves_of(ts_node_named_child(node, 0), unit)) edge(from, ret, DfEdge::Kind::ret, node);
        break;
      }
      case Kind::lambda: {
        const TSNode body = child(node, Field::body);
        if (ts_node_is_null(body)) break;
        const std::uint32_t ret = return_of(unit, body);
        for (const std::uint32_t from : leaves_of(body, unit)) edge(from, ret, DfEdge::Kind::ret, body);
        break;
      }
      case Kind::call: add_call(node, unit); break;
      default: break;
    }
  }

  static bool makes_flow(Kind k) noexcept {
    switch (k) {
      case Kind::assignment:
      case Kind::augmented_assignment:
      case Kind::named_expression:
      case Kind::for_statement:
      case Kind::for_in_clause:
      case Kind::as_pattern:
      case Kind::default_parameter:
      case Kind::typed_default_parameter:
      case Kind::return_statement:
      case Kind::yield:
      case Kind::lambda:
      case Kind::call: return true;
      default: return false;
    }
  }

  // One cursor walk: the taint formulas anchored on nodes other than calls are matched, and
  // the nodes that move values are listed with their unit (a function's, lambda's or class's
  // code is its scope's). They are turned into edges after the walk, once every matched node
  // is known, since an assignment's value may hold a match below it.
  void walk() {
    TSTreeCursor cursor = ts_tree_cursor_new(root_);
    std::vector<std::uint32_t> units{0};
    std::vector<std::pair<TSNode, std::uint32_t>> events;
    std::vector<TSNode> definitions;
    const auto enter = [&](TSNode node) {
      std::uint32_t unit = units.back();
      const Kind k = kind_of(node);
      if (k == Kind::function_definition || k == Kind::lambda || k == Kind::class_definition) {
        if (const std::uint32_t scope = scope_of_definition(node, k); scope != kNoVertex) unit = scope;
      }
      units.push_back(unit);
      if (!ts_node_is_named(node)) return;
      if (node_anchors_) {
        for (const std::uint32_t i : rules_.for_symbol(ts_node_symbol(node))) try_entry(i, node);
      }
      if (makes_flow(k) || specials_.count(id_of(node))) events.emplace_back(node, unit);
      if (is_fact_node(node)) definitions.push_back(node);
    };
    enter(root_);
    for (bool more = true; more;) {
      if (ts_tree_cursor_goto_first_child(&cursor)) {
        enter(ts_tree_cursor_current_node(&cursor));
        continue;
      }
      while (true) {
        units.pop_back();
        if (ts_tree_cursor_goto_next_sibling(&cursor)) {
          enter(ts_tree_cursor_current_node(&cursor));
          break;
        }
        if (!ts_tree_cursor_goto_parent(&cursor)) {
          more = false;
          break;
        }
      }
    }
    ts_tree_cursor_delete(&cursor);
    functions_ = extract_functions(model_, root_, source_, definitions);
    function_of_scope_.assign(scopes_.size(), kNoVertex);
    for (std::uint32_t i = 0; i < functions_.functions.size(); ++i) function_of_scope_[functions_.functions[i].scope] = i;
    add_parameters();
    for (const auto& [node, unit] : events) visit(node, unit);
    for (const PendingStep& step : pending_steps_) add_step(step);
  }

  struct PendingStep {
    std::uint32_t rule;
    TSNode from, to, at;
  };

  // A step's $TO that is a name (or container) is written; any other $TO is its node.
  void add_step(const PendingStep& step) {
    const std::uint32_t unit = unit_at(step.to);
    const std::uint32_t from = special(step.from);
    for (const std::uint32_t v : leaves_of(step.from, unit, true)) edge(v, from);
    const Kind k = kind_of(step.to);
    std::vector<std::uint32_t> to;
    if (k == Kind::identifier || k == Kind::attribute || k == Kind::subscript) to = targets(step.to, unit);
    else to.push_back(special(step.to));
    for (const std::uint32_t t : to) {
      out_.steps.push_back({step.rule, from, t, ts_node_start_byte(step.at), ts_node_end_byte(step.at)});
    }
  }

  std::uint32_t unit_at(TSNode node) const {
    for (std::uint32_t s = model_.scope_at(ts_node_start_byte(node)); s != 0; s = scopes_[s].parent) {
      if (scopes_[s].type != Scope::Type::comprehension) return s;
    }
    return 0;
  }

  // `x.m(...)` where x holds the value of `C(...)`, `x = C(...)`, `self.x = C(...)`, or a
  // global set so: a call of C.m if C is a class of the tree (the call graph decides), for
  // each such C. Looks back at most three flow edges from the receiver.
  void add_instance_calls() {
    if (method_calls_.empty()) return;
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> sources;  // vertex -> edge sources
    for (const DfEdge& e : out_.edges) sources[e.to].push_back(e.from);
    std::unordered_map<std::uint32_t, std::uint32_t> call_of_result;  // call_result vertex -> ModuleModel call
    for (const DfCall& c : out_.calls) {
      if (c.by_name) call_of_result.emplace(c.result, c.model_call);
    }
    std::vector<std::pair<std::uint32_t, int>> stack;
    std::unordered_set<std::uint32_t> seen;
    for (const MethodCall& mc : method_calls_) {
      std::vector<const QualifiedName*> classes;
      stack.assign(1, {mc.receiver, 0});
      seen.clear();
      while (!stack.empty()) {
        const auto [v, depth] = stack.back();
        stack.pop_back();
        if (!seen.insert(v).second) continue;
        if (const auto c = call_of_result.find(v); c != call_of_result.end()) {
          const auto& callee = model_.calls()[c->second].callee;
          if (callee && callee->resolved() && std::find(classes.begin(), classes.end(), &*callee) == classes.end()) {
            classes.push_back(&*callee);
          }
          continue;
        }
        if (depth == 3) continue;
        if (const auto it = sources.find(v); it != sources.end()) {
          for (const std::uint32_t from : it->second) stack.emplace_back(from, depth + 1);
        }
      }
      for (const QualifiedName* cls : classes) {
        CallFact fact;
        fact.kind = CallFact::Kind::instance;
        fact.caller = caller_of(mc.unit);
        fact.callee = *cls;
        fact.method = mc.method;
        fact.call_index = mc.model_call;
        fact.span = {ts_node_start_byte(mc.node), ts_node_end_byte(mc.node), ts_node_start_point(mc.node),
                     ts_node_end_point(mc.node)};
        functions_.calls.push_back(std::move(fact));
      }
    }
  }

  // The function whose code runs `unit`'s (a class body runs in the code around it).
  std::uint32_t caller_of(std::uint32_t unit) const {
    for (std::uint32_t s = unit;; s = scopes_[s].parent) {
      if (function_of_scope_[s] != kNoVertex) return function_of_scope_[s];
      if (s == 0) return 0;
    }
  }

  // Names read but not written in their unit: a closure's or the module's variable, or an
  // import of a name another file of the tree defines.
  void resolve_free_names() {
    for (const std::uint32_t v : free_) {
      if (written_.count(v)) continue;
      const std::uint32_t unit = out_.vertices[v].unit;
      const std::string name = out_.names[out_.vertices[v].name];
      const std::string_view head = std::string_view(name).substr(0, name.find('.'));
      std::uint32_t s = unit;
      if (is_function_unit(s) && scopes_[s].globals.count(std::string(head))) s = 0;
      bool found = false;
      while (is_function_unit(s)) {
        s = model_.enclosing(s);
        if (!is_function_unit(s)) break;
        const auto it = vars_.find({s, name});
        if (it != vars_.end() && written_.count(it->second)) {
          edge(it->second, v);
          found = true;
          break;
        }
      }
      if (found) continue;
      // Module or class code (unit itself, or where the free name leads): its global.
      if (!is_function_unit(s)) {
        const std::string key = scopes_[s].qualname + "." + name;
        if (const auto it = globals_.find(key); it != globals_.end()) {
          edge(it->second, v);
          continue;
        }
        if (s != 0) {  // a class body sees the module's globals
          const auto g = globals_.find(scopes_[0].qualname + "." + name);
          if (g != globals_.end()) {
            edge(g->second, v);
            continue;
          }
        }
      }
      // An import from another file of the tree: that file's global.
      const auto resolved = model_.lookup(unit, head);
      if (!resolved || !project_ || resolved->origin != NameOrigin::imported) continue;
      std::string key = resolved->name + name.substr(head.size());
      if (project_->module_prefix(key) == 0) continue;
      const DfVertex at = out_.vertices[v];
      const std::uint32_t g = global(std::move(key), TSNode{}, name);
      out_.vertices[g].start_byte = at.start_byte;
      out_.vertices[g].end_byte = at.end_byte;
      edge(g, v);
    }
  }

  const TaintMatchers& rules_;
  TSNode root_;
  const FileContext& file_;
  const ProjectIndex* project_;
  RuleTimer* timer_ = nullptr;  // per-rule times for --stats, or null
  std::string_view source_;
  const ModuleModel& model_;
  const std::vector<Scope>& scopes_;

  FileFunctions functions_;
  FileDataflow out_;
  std::vector<std::pair<NodeId, std::uint32_t>> call_index_;  // sorted by node
  std::unordered_map<std::uint64_t, std::uint32_t> scope_by_range_;
  std::vector<std::uint32_t> function_of_scope_;
  std::unordered_map<NodeId, std::uint32_t> specials_;
  std::vector<PendingStep> pending_steps_;
  std::unordered_set<std::uint64_t> sinks_seen_;  // (rule, vertex)
  std::vector<bool> live_;     // per TaintMatchers entry: its words are in the file
  bool node_anchors_ = false;  // some live entry is anchored on nodes other than calls
  std::unordered_map<std::string_view, std::uint32_t> name_ids_;
  std::deque<std::string> name_store_;  // name_store_[i] == out_.names[i], at an address that never moves
  std::unordered_map<VarKey, std::uint32_t, VarKeyHash> vars_;
  std::unordered_map<std::string, std::uint32_t> globals_;
  std::unordered_map<std::uint32_t, std::uint32_t> returns_;
  std::vector<std::uint32_t> call_results_;  // by ModuleModel call: its call_result vertex
  std::string key_buffer_;
  std::unordered_set<std::uint32_t> written_;
  std::vector<std::uint32_t> free_;
  std::vector<TSNode> stack_;
  std::vector<std::uint32_t> leaves_buffer_;
  std::vector<TSNode> arguments_;
  struct MethodCall {
    std::uint32_t receiver;    // the receiver's call_arg vertex
    std::uint32_t model_call;  // index into ModuleModel::calls()
    std::uint32_t unit;
    std::string method;
    TSNode node;
  };
  std::vector<MethodCall> method_calls_;
  TSTreeCursor cursor_;  // for child lists
};

}  // namespace

TaintMatchers::TaintMatchers(const RuleSet& rules) : rules_(&rules.compiled()) {
  const PythonGrammar& grammar = PythonGrammar::get();
  std::map<std::pair<std::uint64_t, Role>, std::uint32_t> leaders;  // shared set members, by key
  const auto add = [&](std::uint32_t rule, Role role, const std::vector<CompiledFormula>& formulas) {
    for (const CompiledFormula& f : formulas) {
      const auto index = static_cast<std::uint32_t>(entries_.size());
      Entry entry;
      entry.rule = rule;
      entry.role = role;
      entry.formula = &f;
      if (const auto words = required_words(f)) {
        entry.filtered = true;
        for (const std::string& w : *words) entry.words.push_back(words_.add(w));
      }
      if (f.shared_key != 0) {
        const auto [it, first] = leaders.try_emplace({f.shared_key, role}, index);
        if (!first) {
          entries_[it->second].followers.push_back(index);
          entries_.push_back(std::move(entry));
          continue;
        }
      }
      const std::optional<std::string> method = method_of(f);
      for (const Anchor& a : anchors_of(f)) {
        if (a.node_type == "call") {
          if (a.callee) by_callee_[*a.callee].push_back(index);
          else if (method) by_method_[*method].push_back(index);
          else entry.every_call = true;
          continue;
        }
        entry.walk = true;
        if (by_symbol_.empty()) by_symbol_.resize(grammar.symbol_count());
        if (a.node_type.empty()) {
          for (auto& list : by_symbol_) list.push_back(index);
          continue;
        }
        for (const TSSymbol symbol : grammar.symbols_named(a.node_type)) by_symbol_[symbol].push_back(index);
      }
      entries_.push_back(std::move(entry));
    }
  };
  for (const std::uint32_t rule : rules_->taint_rules()) {
    if (!rules.enabled_at(rule)) continue;
    const CompiledTaint& taint = *rules_->rules()[rule].taint;
    add(rule, Role::source, taint.sources);
    add(rule, Role::sink, taint.sinks);
    add(rule, Role::sanitizer, taint.sanitizers);
    add(rule, Role::step, taint.steps);
  }
  // A formula listed twice for one symbol (two anchors) is tried once.
  for (auto& list : by_symbol_) list.erase(std::unique(list.begin(), list.end()), list.end());
  for (auto& [callee, list] : by_callee_) list.erase(std::unique(list.begin(), list.end()), list.end());
  for (auto& [method, list] : by_method_) list.erase(std::unique(list.begin(), list.end()), list.end());
  words_.finish();
}

const std::vector<std::uint32_t>& TaintMatchers::for_method(std::string_view name) const {
  static const std::vector<std::uint32_t> none;
  const auto it = by_method_.find(name);
  return it == by_method_.end() ? none : it->second;
}

const std::vector<std::uint32_t>& TaintMatchers::for_callee(std::string_view callee) const {
  static const std::vector<std::uint32_t> none;
  const auto it = by_callee_.find(callee);
  return it == by_callee_.end() ? none : it->second;
}

const std::vector<std::uint32_t>& TaintMatchers::for_symbol(TSSymbol symbol) const {
  static const std::vector<std::uint32_t> none;
  return symbol < by_symbol_.size() ? by_symbol_[symbol] : none;
}

TaintFacts extract_dataflow(const TaintMatchers& rules, TSNode root, const FileContext& file,
                            const ProjectIndex* project, RuleTimer* timer) {
  return Builder(rules, root, file, project, timer).run();
}

}  // namespace warden::detail
