#include "evaluate.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <utility>

#include "content.hpp"
#include "signatures.hpp"
#include "syntax.hpp"

namespace warden::detail {

namespace {

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
        holds = value && c.regex->partial_match(*value);
      }
      break;
  }
  return holds != c.negated;
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
  DecodedEvidence evidence{value, {}, {}};
  if (c.test == MetaTestKind::matches && c.chain) {
    if (!c.regex->partial_match(decoding_chain_text(value->chain))) return false;
  } else if (c.test == MetaTestKind::matches) {
    if (!c.regex->partial_match(value->bytes)) return false;
  } else if (c.test == MetaTestKind::is_kind) {
    // What the value is once the encodings still around it are undone. Code in text form
    // counts only when it was encoded somewhere (by the code, or as found here): plain source
    // in a literal is there for every reader to see.
    codec::Unwrapped content = codec::unwrap_content(value->bytes, 4, !value->chain.empty());
    if (content.kind == codec::ContentKind::none) return false;
    // A piece of a concatenation is not a constant of its own: the whole is tested instead (so
    // `"f0VM" "RgIB..."` and `A + B + C` are one value, found once). Checked last: parent_of
    // indexes the whole tree, worth it only for a rare find.
    for (TSNode up = file.parent_of(b.first); !ts_node_is_null(up); up = file.parent_of(up)) {
      const Kind k = kind_of(up);
      if (k == Kind::concatenated_string || k == Kind::binary_operator) return false;
      if (k != Kind::parenthesized_expression) break;
    }
    const std::string_view kind = codec::to_string(content.kind);
    if (std::find(c.values.begin(), c.values.end(), kind) == c.values.end()) return false;
    auto unwrapped = std::make_shared<StaticValue>();
    unwrapped->chain = value->chain;
    for (const std::string& step : content.steps) unwrapped->chain.push_back(step + " (found by Warden)");
    unwrapped->is_bytes = !content.steps.empty() || value->is_bytes;
    unwrapped->bytes = std::move(content.bytes);
    evidence.value = std::move(unwrapped);
    evidence.kind = std::string(kind);
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

// Python's `stat` module constants (the permission and file-type bits), for modes written
// with them (`stat.S_IRWXU | stat.S_IRGRP`).
std::optional<std::int64_t> stat_constant(std::string_view qualified) {
  static constexpr std::pair<std::string_view, std::int64_t> kConstants[] = {
      {"S_IRWXU", 0700}, {"S_IRUSR", 0400}, {"S_IWUSR", 0200}, {"S_IXUSR", 0100}, {"S_IRWXG", 070},
      {"S_IRGRP", 040},  {"S_IWGRP", 020},  {"S_IXGRP", 010},  {"S_IRWXO", 07},   {"S_IROTH", 04},
      {"S_IWOTH", 02},   {"S_IXOTH", 01},   {"S_ISUID", 04000}, {"S_ISGID", 02000}, {"S_ISVTX", 01000},
      {"S_IREAD", 0400}, {"S_IWRITE", 0200}, {"S_IEXEC", 0100}, {"S_ENFMT", 02000}, {"S_IFDIR", 040000},
      {"S_IFCHR", 020000}, {"S_IFBLK", 060000}, {"S_IFREG", 0100000}, {"S_IFIFO", 010000},
      {"S_IFLNK", 0120000}, {"S_IFSOCK", 0140000}};
  if (!qualified.starts_with("stat.")) return std::nullopt;
  qualified.remove_prefix(5);
  for (const auto& [name, value] : kConstants) {
    if (name == qualified) return value;
  }
  return std::nullopt;
}

}  // namespace

// The value of an integer Warden can read without running anything: a literal as Python reads
// it (`0o777`, `0x1F`, `1_000`, `-3`), a `stat` module constant however it is imported
// (`stat.S_IWOTH`, `from stat import S_IWOTH as W`), `|` of these, in parentheses too. nullopt
// for anything else, for a leading-zero decimal (Python 2's octal) and outside 64 bits.
std::optional<std::int64_t> integer_value(TSNode node, const FileContext& file, int depth) {
  if (depth > 64) return std::nullopt;
  const std::string_view source = file.source().text();
  switch (kind_of(node)) {
    case Kind::parenthesized_expression:
      if (ts_node_named_child_count(node) != 1) return std::nullopt;
      return integer_value(ts_node_named_child(node, 0), file, depth + 1);
    case Kind::unary_operator: {
      const std::string_view sign = text_of(ts_node_child_by_field_name(node, "operator", 8), source);
      const auto value = integer_value(ts_node_child_by_field_name(node, "argument", 8), file, depth + 1);
      if (!value || (sign != "-" && sign != "+")) return std::nullopt;
      return sign == "-" ? -*value : *value;
    }
    case Kind::binary_operator: {
      if (text_of(ts_node_child_by_field_name(node, "operator", 8), source) != "|") return std::nullopt;
      const auto left = integer_value(ts_node_child_by_field_name(node, "left", 4), file, depth + 1);
      const auto right = left ? integer_value(ts_node_child_by_field_name(node, "right", 5), file, depth + 1) : std::nullopt;
      if (!right) return std::nullopt;
      return *left | *right;
    }
    case Kind::identifier:
    case Kind::attribute: {
      const ModuleModel& model = file.model();
      const auto name = model.resolve(node, source, model.scope_at(ts_node_start_byte(node)));
      if (!name) return std::nullopt;
      return stat_constant(name->name);
    }
    case Kind::integer: break;
    default: return std::nullopt;
  }
  std::string digits;
  for (const char c : text_of(node, source)) {
    if (c != '_') digits.push_back(c);
  }
  int base = 10;
  if (digits.size() > 1 && digits[0] == '0') {
    const char p = static_cast<char>(digits[1] | 0x20);
    if (p == 'x' || p == 'o' || p == 'b') {
      base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
      digits.erase(0, 2);
    } else if (digits.find_first_not_of('0') != std::string::npos) {
      return std::nullopt;  // `0777`: Python 2's octal, a syntax error in Python 3
    }
  }
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;  // `1j`, `10l`, too large
  return value;
}

namespace {

bool compare_integer(const CompiledMetaCondition& c, std::int64_t value) {
  if (c.mask) value &= *c.mask;
  switch (c.op) {
    case IntOpKind::lt: return value < c.number;
    case IntOpKind::le: return value <= c.number;
    case IntOpKind::gt: return value > c.number;
    case IntOpKind::ge: return value >= c.number;
    case IntOpKind::eq: return value == c.number;
    case IntOpKind::ne: return value != c.number;
    case IntOpKind::nonzero: return value != 0;
  }
  return false;
}

bool is_positive(CompiledFormula::Kind k) {
  using Kind = CompiledFormula::Kind;
  return k == Kind::pattern || k == Kind::call || k == Kind::import || k == Kind::node || k == Kind::all || k == Kind::any;
}

}  // namespace



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
      holds = c.regex->partial_match(text);
      break;
    }
    case MetaTestKind::in_list: {
      const std::string_view text = binding_text(*b, source);
      for (const auto& v : c.values) holds = holds || v == text;
      break;
    }
    case MetaTestKind::literal: holds = all_literal(*b, source); break;
    case MetaTestKind::str_constant:
      holds = !ts_node_is_null(b->first) && ts_node_eq(b->first, b->last) && is_str_constant(b->first, source);
      break;
    case MetaTestKind::computed: holds = !all_literal(*b, source); break;
    case MetaTestKind::pattern: {
      FormulaMatch inner;
      holds = !ts_node_is_null(b->first) && first(*c.pattern, b->first, inner);
      break;
    }
    case MetaTestKind::int_compare: {
      if (ts_node_is_null(b->first) || !ts_node_eq(b->first, b->last)) break;
      const auto value = integer_value(b->first, file);
      holds = value && compare_integer(c, *value);
      if (holds && std::none_of(match.integers.begin(), match.integers.end(),
                                [&](const auto& known) { return known.first == c.metavar; })) {
        match.integers.emplace_back(c.metavar, *value);
      }
      break;
    }
    case MetaTestKind::matches_yara:
    case MetaTestKind::is_kind: break;  // only on decoded values (lowering checks)
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
      if (!callee || (f.hidden && callee->origin != NameOrigin::hidden)) return false;
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
      const std::vector<std::string> names = imported_names(node, file_);
      const auto matched = std::find_if(names.begin(), names.end(), [&](const std::string& name) {
        return std::any_of(f.names.begin(), f.names.end(), [&](const NameGlob& glob) { return glob.matches(name); });
      });
      if (matched == names.end()) return false;
      step();
      // {imported}: the name as the statement writes it (`from M import N`: N; the module
      // itself stands for its first name, which then matches the same glob).
      std::string written = *matched;
      if (kind == Kind::import_from_statement && names.size() >= 2 && names[1].starts_with(names[0] + ".")) {
        const std::string& module = names.front();
        if (written == module && names.size() > 1) written = names[1];
        if (written.size() > module.size() && written.starts_with(module) && written[module.size()] == '.') {
          written.erase(0, module.size() + 1);
        }
      }
      std::optional<std::string> saved = std::exchange(m.imported, std::move(written));
      if (next(m)) return true;
      m.imported = std::move(saved);
      return false;
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
  const ReportChoice report = m.report;
  const std::size_t n_integers = m.integers.size();
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
      case K::report:
        // An inner `all`'s filters run before the outer one's: the innermost key is kept.
        if (!m.report.severity) m.report.severity = c.report->severity;
        if (!m.report.confidence) m.report.confidence = c.report->confidence;
        if (!m.report.message && c.report->message) m.report.message = &*c.report->message;
        break;
      default: break;
    }
    if (!holds) break;
  }
  if (holds && next(m)) return true;
  m.bindings.resize(n_bindings);
  m.focus = focus;
  m.report = report;
  m.integers.resize(n_integers);
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

}  // namespace warden::detail
