#include "formula.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

#include "glob.hpp"
#include "signatures.hpp"
#include "syntax.hpp"

namespace warden::detail {

NameGlob::NameGlob(std::string text) : text_(std::move(text)), exact_(text_.find('*') == std::string::npos) {}

bool NameGlob::matches(std::string_view name) const noexcept {
  return exact_ ? name == text_ : glob_match(text_, name, '.');
}

namespace {

void add_anchors(const CompiledFormula& f, std::vector<Anchor>& out) {
  using Kind = CompiledFormula::Kind;
  switch (f.kind) {
    case Kind::pattern:
      if (f.pattern->anchor_types().empty()) out.push_back({"", std::nullopt, false});
      for (const auto& type : f.pattern->anchor_types()) {
        out.push_back({type, type == "call" ? f.pattern->callee() : std::nullopt, false});
      }
      break;
    case Kind::call:
      for (const auto& glob : f.names) {
        if (glob.is_exact()) out.push_back({"call", glob.text(), false});
        else out.push_back({"call", std::nullopt, true});
      }
      break;
    case Kind::import:
      out.push_back({"import_statement", std::nullopt, false});
      out.push_back({"import_from_statement", std::nullopt, false});
      break;
    case Kind::node: out.push_back({f.node_type, std::nullopt, false}); break;
    case Kind::any:
      for (const auto& child : f.children) add_anchors(child, out);
      break;
    case Kind::all:
      // The first positive child anchors the conjunction: all others must hold at the same node.
      for (const auto& child : f.children) {
        if (child.kind == Kind::pattern || child.kind == Kind::call || child.kind == Kind::import ||
            child.kind == Kind::node || child.kind == Kind::any || child.kind == Kind::all) {
          add_anchors(child, out);
          return;
        }
      }
      break;
    default: break;
  }
}

std::uint64_t node_key(TSNode node) {
  return (std::uint64_t{ts_node_start_byte(node)} << 32) | ts_node_end_byte(node);
}

struct Arguments {
  std::vector<TSNode> positional;
  std::vector<std::pair<std::string_view, TSNode>> keywords;

  Arguments(TSNode call, std::string_view source) {
    const TSNode args = child(call, Field::arguments);
    if (ts_node_is_null(args) || kind_of(args) != Kind::argument_list) return;
    for (std::uint32_t i = 0, n = ts_node_named_child_count(args); i < n; ++i) {
      const TSNode arg = ts_node_named_child(args, i);
      switch (kind_of(arg)) {
        case Kind::keyword_argument: keywords.emplace_back(text_of(child(arg, Field::name), source), child(arg, Field::value)); break;
        case Kind::list_splat:
        case Kind::dictionary_splat:
        case Kind::comment: break;
        default: positional.push_back(arg);
      }
    }
  }

  std::optional<TSNode> find(const CompiledArgCondition& c) const {
    if (!c.keyword.empty()) {
      for (const auto& [name, value] : keywords) {
        if (name == c.keyword) return value;
      }
    }
    if (c.position && *c.position < positional.size()) return positional[*c.position];
    return std::nullopt;
  }
};

bool test_argument(const CompiledArgCondition& c, std::optional<TSNode> arg, std::string_view source) {
  bool holds = false;
  switch (c.test) {
    case ArgTestKind::present: holds = arg.has_value(); break;
    case ArgTestKind::absent: holds = !arg.has_value(); break;
    case ArgTestKind::truthy: holds = arg && truthiness(*arg, source) == true; break;
    case ArgTestKind::falsy: holds = arg && truthiness(*arg, source) == false; break;
    case ArgTestKind::literal: holds = arg && is_literal(*arg, source); break;
    case ArgTestKind::computed: holds = arg && !is_literal(*arg, source); break;
    case ArgTestKind::equals: holds = arg && constant_text(*arg, source) == c.expected; break;
    case ArgTestKind::matches:
      if (arg) {
        const auto value = string_literal(*arg, source);
        holds = value && RE2::PartialMatch(*value, *c.regex);
      }
      break;
  }
  return holds != c.negated;
}

// The names an import statement imports, qualified ("os.path", "Crypto.Cipher.DES").
std::vector<std::string> imported_names(TSNode node, const FileContext& file) {
  std::vector<std::string> names;
  const std::string_view source = file.source().text();
  if (kind_of(node) == Kind::import_statement) {
    for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
      TSNode item = ts_node_named_child(node, i);
      if (kind_of(item) == Kind::aliased_import) item = child(item, Field::name);
      if (kind_of(item) == Kind::dotted_name) names.emplace_back(text_of(item, source));
    }
    return names;
  }
  const TSNode module_node = child(node, Field::module_name);
  std::optional<std::string> module;
  if (kind_of(module_node) == Kind::relative_import) {
    std::uint32_t level = 0;
    std::string_view rest;
    for (std::uint32_t i = 0, n = ts_node_named_child_count(module_node); i < n; ++i) {
      const TSNode part = ts_node_named_child(module_node, i);
      if (kind_of(part) == Kind::import_prefix) level = ts_node_end_byte(part) - ts_node_start_byte(part);
      else if (kind_of(part) == Kind::dotted_name) rest = text_of(part, source);
    }
    module = resolve_relative_module(file.model().info(), level, rest);
  } else {
    module = std::string(text_of(module_node, source));
  }
  if (!module) return names;
  if (!module->empty()) names.push_back(*module);
  for (std::uint32_t i = 0, n = ts_node_named_child_count(node); i < n; ++i) {
    TSNode item = ts_node_named_child(node, i);
    if (ts_node_eq(item, module_node)) continue;
    if (kind_of(item) == Kind::aliased_import) item = child(item, Field::name);
    if (kind_of(item) != Kind::dotted_name) continue;
    const std::string_view name = text_of(item, source);
    names.push_back(module->empty() ? std::string(name) : *module + "." + std::string(name));
  }
  return names;
}

bool all_literal(const Binding& b, std::string_view source) {
  if (ts_node_is_null(b.first)) return true;
  for (TSNode n = b.first;; n = ts_node_next_named_sibling(n)) {
    if (!is_literal(n, source)) return false;
    if (ts_node_eq(n, b.last) || ts_node_is_null(n)) break;
  }
  return true;
}

// `decoded($X) matches ...`: the test on the value Warden computes for $X; a value it cannot
// compute matches nothing. What held is kept for the finding.
bool test_decoded(const CompiledMetaCondition& c, const Binding& b, FormulaMatch& match, const FileContext& file) {
  if (ts_node_is_null(b.first) || !ts_node_eq(b.first, b.last)) return false;
  auto value = file.static_value_of(b.first);
  if (!value) return false;
  DecodedEvidence evidence{value, {}};
  if (c.test == MetaTestKind::matches) {
    if (!RE2::PartialMatch(value->bytes, *c.regex)) return false;
  } else {
    SignatureScanner* scanner = file.signatures();
    if (!scanner) return false;
    std::vector<SignatureMatch> matches;
    std::string error;
    scanner->scan(value->bytes, matches, error);  // a timeout keeps what matched before it
    for (const SignatureMatch& m : matches) {
      if (!std::binary_search(c.signatures.begin(), c.signatures.end(), m.rule)) continue;
      const SignatureRule& rule = scanner->set().rules()[m.rule];
      evidence.signatures.push_back(rule.ns + "." + rule.name);
    }
    if (evidence.signatures.empty()) return false;
  }
  match.decoded = std::move(evidence);
  return true;
}

bool is_positive(CompiledFormula::Kind k) {
  using Kind = CompiledFormula::Kind;
  return k == Kind::pattern || k == Kind::call || k == Kind::import || k == Kind::node || k == Kind::all || k == Kind::any;
}

}  // namespace

std::vector<Anchor> anchors_of(const CompiledFormula& formula) {
  std::vector<Anchor> out;
  add_anchors(formula, out);
  return out;
}

namespace {

// Every part of a qualified name is written in a file that uses it (in the import that binds
// it or the attribute chain that reaches it), so its longest part is the most selective word.
std::string longest_segment(std::string_view qualified) {
  if (qualified.starts_with("builtins.")) qualified.remove_prefix(9);
  std::string_view best;
  while (!qualified.empty()) {
    const std::string_view part = qualified.substr(0, qualified.find('.'));
    if (part.size() > best.size()) best = part;
    qualified.remove_prefix(std::min(qualified.size(), part.size() + 1));
  }
  return std::string(best);
}

// The word a callee glob's matches write: its longest segment; for a segment with `*`
// (`*chmod*`), its longest literal run as a substring word ("*chmod"), when it has 3 bytes.
std::optional<std::string> glob_word(std::string_view glob) {
  const std::string segment = longest_segment(glob);
  if (segment.find('*') == std::string::npos) {
    if (segment.empty()) return std::nullopt;
    return segment;
  }
  std::string_view rest = segment, best;
  while (!rest.empty()) {
    const std::string_view run = rest.substr(0, rest.find('*'));
    if (run.size() > best.size()) best = run;
    rest.remove_prefix(std::min(rest.size(), run.size() + 1));
  }
  if (best.size() < 3) return std::nullopt;
  std::string word(1, '*');  // (not "*" + std::string: GCC 12's -Wrestrict)
  word += best;
  return word;
}

}  // namespace

std::optional<std::vector<std::string>> required_words(const CompiledFormula& f, bool written_only) {
  using K = CompiledFormula::Kind;
  switch (f.kind) {
    case K::import:
    case K::file_imports:
      // None: a relative import names its package by the file's path, not in its text
      // (`from . import handler` in xml/sax/ imports xml.sax and never writes "sax"). Import
      // statements are few; the rules that need one are cheap without a prefilter.
      return std::nullopt;
    case K::call: {
      if (written_only) return std::nullopt;  // `from helpers import run` may be subprocess.run
      std::vector<std::string> words;
      for (const auto& glob : f.names) {
        auto word = glob_word(glob.text());
        if (!word) return std::nullopt;
        words.push_back(std::move(*word));
      }
      return words;
    }
    case K::pattern: {
      // A name, a method's name or a keyword's name that every match writes.
      if (auto name = f.pattern->required_name(); name && !written_only) return std::vector<std::string>{longest_segment(*name)};
      if (auto method = f.pattern->method_name()) return std::vector<std::string>{*method};
      if (auto keyword = f.pattern->keyword_name()) return std::vector<std::string>{*keyword};
      return std::nullopt;
    }
    case K::any: {
      std::vector<std::string> words;
      for (const auto& c : f.children) {
        auto child_words = required_words(c, written_only);
        if (!child_words) return std::nullopt;
        words.insert(words.end(), child_words->begin(), child_words->end());
      }
      return words;
    }
    case K::all: {
      // Every positive child must match, the place must lie inside what an `inside` child
      // matches, and a `where $X in [...]` names the text $X binds: each gives words one of
      // which the file must contain. Keep the most selective list: the one whose shortest
      // word is longest.
      std::optional<std::vector<std::string>> best;
      std::size_t best_shortest = 0;
      for (const auto& c : f.children) {
        std::optional<std::vector<std::string>> words;
        if (c.kind == K::inside) {
          words = required_words(c.children.front(), written_only);
        } else if (c.kind == K::where) {
          const auto& condition = *c.condition;
          if (condition.test == MetaTestKind::in_list && !condition.negated && !condition.decoded) words = condition.values;
        } else if (c.kind != K::not_ && c.kind != K::not_inside && c.kind != K::focus) {  // file_imports too
          words = required_words(c, written_only);
        }
        if (!words || words->empty()) continue;
        std::size_t shortest = SIZE_MAX;
        for (const auto& w : *words) shortest = std::min(shortest, w.size());
        if (!best || shortest > best_shortest) {
          best = std::move(words);
          best_shortest = shortest;
        }
      }
      return best;
    }
    case K::inside: return f.children.empty() ? std::nullopt : required_words(f.children.front(), written_only);
    default: return std::nullopt;
  }
}

bool contains_any(std::string_view text, const std::optional<std::vector<std::string>>& words) {
  if (!words) return true;
  for (std::string_view word : *words) {
    if (word.starts_with('*')) word.remove_prefix(1);  // a substring word
    if (text.find(word) != std::string_view::npos) return true;
  }
  return false;
}

namespace {
bool is_identifier_byte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}
}  // namespace

std::uint32_t WordSet::add(const std::string& word) {
  const auto [it, inserted] = ids_.try_emplace(word, static_cast<std::uint32_t>(words_.size()));
  if (inserted) words_.push_back(word);
  return it->second;
}

void WordSet::finish() {
  identifier_words_.clear();
  other_words_.clear();
  for (std::uint32_t w = 0; w < words_.size(); ++w) {
    const std::string& word = words_[w];
    const bool identifier = !word.empty() && !word.starts_with('*') && std::all_of(word.begin(), word.end(), is_identifier_byte);
    if (!identifier) {
      other_words_.push_back(w);
      continue;
    }
    identifier_words_.emplace(word, w);
    min_word_ = std::min(min_word_, word.size());
    max_word_ = std::max(max_word_, word.size());
  }
}

std::vector<bool> WordSet::present_in(std::string_view text) const {
  std::vector<bool> present(words_.size(), false);
  if (!identifier_words_.empty()) {
    for (std::size_t i = 0; i < text.size();) {
      if (!is_identifier_byte(text[i])) {
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      while (end < text.size() && is_identifier_byte(text[end])) ++end;
      const std::size_t length = end - i;
      if (length >= min_word_ && length <= max_word_) {
        if (const auto it = identifier_words_.find(text.substr(i, length)); it != identifier_words_.end()) {
          present[it->second] = true;
        }
      }
      i = end;
    }
  }
  for (const std::uint32_t w : other_words_) {
    std::string_view word = words_[w];
    if (word.starts_with('*')) word.remove_prefix(1);  // a substring word
    present[w] = text.find(word) != std::string_view::npos;
  }
  return present;
}

FileContext::FileContext(const SourceFile& source, const ModuleModel& model) : source_(source), model_(model) {}

std::optional<QualifiedName> FileContext::lookup(std::uint64_t key, bool by_function) const {
  const auto& calls = model_.calls();
  if (by_call_.empty() && !calls.empty()) {
    for (std::uint32_t i = 0; i < calls.size(); ++i) {
      by_call_.emplace(node_key(calls[i].node), i);
      by_function_.emplace(node_key(child(calls[i].node, Field::function)), i);
    }
  }
  const auto& index = by_function ? by_function_ : by_call_;
  const auto it = index.find(key);
  if (it == index.end()) return std::nullopt;
  if (auto o = overrides_.find(node_key(calls[it->second].node)); o != overrides_.end()) return o->second;
  return calls[it->second].callee;
}

std::optional<QualifiedName> FileContext::callee_of(TSNode call) const { return lookup(node_key(call), false); }

std::optional<QualifiedName> FileContext::callee_of_function(TSNode function) const {
  return lookup(node_key(function), true);
}

void FileContext::override_callee(TSNode call, QualifiedName name) { overrides_[node_key(call)] = std::move(name); }

TSNode FileContext::parent_of(TSNode node) const {
  if (parents_.empty()) {
    const TSNode root = ts_tree_root_node(node.tree);
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    std::vector<TSNode> path{root};  // the cursor's ancestors, root first
    for (;;) {
      if (ts_tree_cursor_goto_first_child(&cursor)) {
        const TSNode child = ts_tree_cursor_current_node(&cursor);
        parents_.emplace(child.id, path.back());
        path.push_back(child);
        continue;
      }
      bool moved = false;
      while (!moved) {
        if (ts_tree_cursor_goto_next_sibling(&cursor)) {
          path.pop_back();
          const TSNode sibling = ts_tree_cursor_current_node(&cursor);
          parents_.emplace(sibling.id, path.back());
          path.push_back(sibling);
          moved = true;
        } else if (ts_tree_cursor_goto_parent(&cursor)) {
          path.pop_back();
        } else {
          break;
        }
      }
      if (!moved) break;
    }
    ts_tree_cursor_delete(&cursor);
  }
  const auto it = parents_.find(node.id);
  return it == parents_.end() ? TSNode{} : it->second;
}

std::shared_ptr<const StaticValue> FileContext::static_value_of(TSNode expression) const {
  const auto [it, inserted] = static_values_.try_emplace(node_key(expression));
  if (inserted) {
    if (auto value = static_value(expression, *this)) it->second = std::make_shared<const StaticValue>(std::move(*value));
  }
  return it->second;
}

bool FileContext::imports_any(const std::vector<NameGlob>& globs, TSNode node) const {
  if (!imported_names_) {
    std::vector<std::string> names;
    TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(node.tree));
    for (bool more = true; more;) {
      const TSNode at = ts_tree_cursor_current_node(&cursor);
      const Kind kind = kind_of(at);
      const bool is_import = kind == Kind::import_statement || kind == Kind::import_from_statement;
      if (is_import) {
        for (std::string& name : imported_names(at, *this)) names.push_back(std::move(name));
      }
      if (!is_import && ts_tree_cursor_goto_first_child(&cursor)) continue;
      while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
        if (!ts_tree_cursor_goto_parent(&cursor)) {
          more = false;
          break;
        }
      }
    }
    ts_tree_cursor_delete(&cursor);
    imported_names_ = std::move(names);
  }
  for (const std::string& name : *imported_names_) {
    for (const NameGlob& glob : globs) {
      if (glob.matches(name)) return true;
    }
  }
  return false;
}

namespace {

// Thrown when an evaluation runs out of steps; caught by the top-level evaluate().
struct StepsExhausted {};

thread_local std::uint64_t steps_on_thread = 0;

// One top-level evaluation, in continuation-passing style: eval() calls `next` once per way
// the formula holds (in order: a pattern's earlier ways first, then the next `any` branch)
// until `next` returns true. A call that returns false has restored the match to what it was
// given; one that returns true leaves the match `next` accepted. Every way a positive formula
// (pattern, call, import, node) offers counts one step; past kMaxEvaluationSteps the whole
// evaluation gives up (no match), so a where that rejects everything cannot make a
// combinatorial pattern enumerate all its ways.
class Evaluator {
 public:
  using Next = FunctionRef<bool(FormulaMatch&)>;

  explicit Evaluator(const FileContext& file) noexcept : file_(file) {}
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;
  ~Evaluator() { steps_on_thread += steps_; }

  bool eval(const CompiledFormula& f, TSNode node, FormulaMatch& m, Next next);
  // The first way `f` holds (inside, not-inside, not and where-pattern take the first).
  bool first(const CompiledFormula& f, TSNode node, FormulaMatch& m) {
    return eval(f, node, m, [](FormulaMatch&) { return true; });
  }

 private:
  void step() {
    if (++steps_ > kMaxEvaluationSteps) throw StepsExhausted{};
  }
  bool all_from(const CompiledFormula& f, std::size_t i, TSNode node, FormulaMatch& m, Next next);
  bool filters(const CompiledFormula& f, TSNode node, FormulaMatch& m, Next next);
  bool holds_around(const CompiledFormula& formula, TSNode node, FormulaMatch& match);
  bool test_condition(const CompiledMetaCondition& c, FormulaMatch& match);

  const FileContext& file_;
  std::uint32_t steps_ = 0;
};

// Whether `formula` holds at `node` or any of its ancestors; the first such match wins, and
// only its bindings are kept.
bool Evaluator::holds_around(const CompiledFormula& formula, TSNode node, FormulaMatch& match) {
  for (TSNode at = node; !ts_node_is_null(at); at = file_.parent_of(at)) {
    FormulaMatch attempt = match;
    if (first(formula, at, attempt)) {
      match.bindings = std::move(attempt.bindings);
      return true;
    }
  }
  return false;
}

bool Evaluator::test_condition(const CompiledMetaCondition& c, FormulaMatch& match) {
  const FileContext& file = file_;
  const Binding* b = find_binding(match.bindings, c.metavar);
  if (!b) return false;  // lowering rejects unbound metavariables; be safe anyway
  if (c.decoded) {
    const bool holds = test_decoded(c, *b, match, file);
    if (c.negated && holds) match.decoded.reset();
    return holds != c.negated;
  }
  const std::string_view source = file.source().text();
  bool holds = false;
  switch (c.test) {
    case MetaTestKind::matches: {
      std::optional<std::string> value;
      if (!ts_node_is_null(b->first) && ts_node_eq(b->first, b->last)) value = string_literal(b->first, source);
      const std::string_view text = value ? std::string_view(*value) : binding_text(*b, source);
      holds = RE2::PartialMatch(text, *c.regex);
      break;
    }
    case MetaTestKind::in_list: {
      const std::string_view text = binding_text(*b, source);
      for (const auto& v : c.values) holds = holds || v == text;
      break;
    }
    case MetaTestKind::literal: holds = all_literal(*b, source); break;
    case MetaTestKind::computed: holds = !all_literal(*b, source); break;
    case MetaTestKind::pattern: {
      FormulaMatch inner;
      holds = !ts_node_is_null(b->first) && first(*c.pattern, b->first, inner);
      break;
    }
    case MetaTestKind::matches_yara: break;  // only on decoded values (lowering checks)
  }
  return holds != c.negated;
}

bool Evaluator::eval(const CompiledFormula& f, TSNode node, FormulaMatch& m, Next next) {
  using K = CompiledFormula::Kind;
  const std::string_view source = file_.source().text();
  switch (f.kind) {
    case K::pattern:
      return f.pattern->match(node, file_.match_context(), m.bindings, [&] {
        step();
        return next(m);
      });
    case K::call: {
      if (kind_of(node) != Kind::call) return false;
      auto callee = file_.callee_of(node);
      if (!callee) return false;
      bool named = false;
      for (const auto& glob : f.names) named = named || glob.matches(callee->name);
      if (!named) return false;
      if (!f.args.empty()) {
        const Arguments args(node, source);
        for (const auto& condition : f.args) {
          if (!test_argument(condition, args.find(condition), source)) return false;
        }
      }
      step();
      std::optional<QualifiedName> saved = std::exchange(m.callee, std::move(callee));
      if (next(m)) return true;
      m.callee = std::move(saved);
      return false;
    }
    case K::import: {
      const Kind kind = kind_of(node);
      if (kind != Kind::import_statement && kind != Kind::import_from_statement) return false;
      bool imports = false;
      for (const auto& name : imported_names(node, file_)) {
        for (const auto& glob : f.names) imports = imports || glob.matches(name);
        if (imports) break;
      }
      if (!imports) return false;
      step();
      return next(m);
    }
    case K::node:
      if (std::strcmp(ts_node_type(node), f.node_type.c_str()) != 0) return false;
      step();
      return next(m);
    case K::file_imports: return file_.imports_any(f.names, node) && next(m);  // under `not`
    case K::any:
      for (const auto& child_formula : f.children) {
        if (eval(child_formula, node, m, next)) return true;
      }
      return false;
    case K::all: return all_from(f, 0, node, m, next);
    default: return false;  // not/inside/where/focus outside `all`: rejected by the parser
  }
}

// The positive children of an `all` from the i-th on, each within the ways of those before it;
// then its filters.
bool Evaluator::all_from(const CompiledFormula& f, std::size_t i, TSNode node, FormulaMatch& m, Next next) {
  const auto& children = f.children;
  while (i < children.size() && !is_positive(children[i].kind)) ++i;
  if (i == children.size()) return filters(f, node, m, next);
  return eval(children[i], node, m, [&](FormulaMatch& extended) { return all_from(f, i + 1, node, extended, next); });
}

// The filters of an `all` (not, inside, not-inside, where, focus), in order, on one way its
// positive children hold; a failing filter makes the caller try the next way.
bool Evaluator::filters(const CompiledFormula& f, TSNode node, FormulaMatch& m, Next next) {
  using K = CompiledFormula::Kind;
  const std::size_t n_bindings = m.bindings.size();
  const TSNode focus = m.focus;
  std::optional<std::optional<DecodedEvidence>> decoded;  // saved before a decoded `where` changes it
  bool holds = true;
  for (const auto& c : f.children) {
    switch (c.kind) {
      case K::not_: {
        FormulaMatch attempt = m;
        holds = !first(c.children.front(), node, attempt);
        break;
      }
      case K::inside: holds = holds_around(c.children.front(), node, m); break;
      case K::not_inside: {
        FormulaMatch attempt = m;
        holds = !holds_around(c.children.front(), node, attempt);
        break;
      }
      case K::where:
        if (c.condition->decoded && !decoded) decoded.emplace(m.decoded);
        holds = test_condition(*c.condition, m);
        break;
      case K::focus:
        if (const Binding* b = find_binding(m.bindings, c.metavar); b && !ts_node_is_null(b->first)) m.focus = b->first;
        break;
      case K::file_imports: holds = file_.imports_any(c.names, node); break;
      default: break;
    }
    if (!holds) break;
  }
  if (holds && next(m)) return true;
  m.bindings.resize(n_bindings);
  m.focus = focus;
  if (decoded) m.decoded = std::move(*decoded);
  return false;
}

}  // namespace

bool evaluate(const CompiledFormula& f, TSNode node, const FileContext& file, FormulaMatch& match,
              FunctionRef<bool(FormulaMatch&)> accept) {
  FormulaMatch work = match;
  try {
    Evaluator evaluator(file);
    if (!evaluator.eval(f, node, work, accept)) return false;
  } catch (const StepsExhausted&) {
    return false;
  }
  match = std::move(work);
  return true;
}

bool evaluate(const CompiledFormula& f, TSNode node, const FileContext& file, FormulaMatch& match) {
  return evaluate(f, node, file, match, [](FormulaMatch&) { return true; });
}

std::uint64_t evaluation_steps_on_this_thread() noexcept { return steps_on_thread; }

std::optional<std::string> constant_text(TSNode node, std::string_view source) {
  switch (kind_of(node)) {
    case Kind::string:
    case Kind::concatenated_string: {
      const auto value = string_literal(node, source);
      if (!value) return std::nullopt;
      std::string out = is_bytes_literal(node, source) ? "b'" : "'";
      for (const char c : *value) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
      }
      out.push_back('\'');
      return out;
    }
    case Kind::integer:
    case Kind::float_: {
      // By value: 0o777 equals 511, 1.50 equals 1.5.
      const auto value = number_value(text_of(node, source));
      if (!value) return std::string(text_of(node, source));
      return fmt::format("{}", *value);
    }
    case Kind::true_: return std::string("True");
    case Kind::false_: return std::string("False");
    case Kind::none: return std::string("None");
    case Kind::unary_operator: {
      const auto operand = constant_text(child(node, Field::argument), source);
      const std::string_view op = text_of(child(node, Field::operator_), source);
      if (!operand || (op != "-" && op != "+")) return std::nullopt;
      if (op == "+" || *operand == "0") return operand;
      return operand->front() == '-' ? operand->substr(1) : "-" + *operand;
    }
    case Kind::parenthesized_expression:
      if (ts_node_named_child_count(node) != 1) return std::nullopt;
      return constant_text(ts_node_named_child(node, 0), source);
    default: return std::nullopt;
  }
}

}  // namespace warden::detail
