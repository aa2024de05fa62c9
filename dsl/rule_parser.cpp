// The rule-file parser: the PEGTL grammar (grammar/rule_grammar.hpp) with actions that build
// the syntax tree (rule_ast.hpp) and a control that turns failures into clang-style errors.
//
// The file is parsed one `rule` at a time. A syntax error abandons the rule it is in and the
// parser resumes at the next `rule` keyword that starts a line or follows a '}', so a file
// reports all of its errors. Errors that do not break the syntax (a bad severity, a
// duplicate key, a misplaced `not`...) are recorded and parsing goes on. Only rules without
// any error are returned.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "rule_grammar.hpp"
#include "rule_ast.hpp"
#include "utf8.hpp"

namespace warden::dsl {

namespace {

namespace g = warden::grammar;
namespace pg = tao::pegtl;

constexpr std::size_t max_formula_depth = 64;
constexpr std::size_t max_alternatives = 4096;
constexpr std::size_t max_errors_per_file = 200;

// ---------------------------------------------------------------------------------------
// Text helpers

class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }

  SourcePos position(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const auto line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
    const std::size_t start = starts_[line - 1];
    return {static_cast<std::uint32_t>(line),
            detail::code_point_count(text_.substr(start, offset - start)) + 1};
  }

  std::string line_text(std::uint32_t line) const {
    if (line == 0 || line > starts_.size()) return {};
    const std::size_t start = starts_[line - 1];
    std::size_t end = text_.find('\n', start);
    if (end == std::string_view::npos) end = text_.size();
    if (end > start && text_[end - 1] == '\r') --end;
    return std::string(text_.substr(start, end - start));
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

// Common leading indentation removed; the first and last lines dropped when blank.
std::string dedent(std::string_view raw) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (true) {
    const std::size_t nl = raw.find('\n', begin);
    std::string_view line = raw.substr(begin, nl == std::string_view::npos ? std::string_view::npos : nl - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    begin = nl + 1;
  }
  if (!lines.empty() && is_blank(lines.front())) lines.erase(lines.begin());
  if (!lines.empty() && is_blank(lines.back())) lines.pop_back();
  std::optional<std::string_view> indent;
  for (const std::string_view line : lines) {
    if (is_blank(line)) continue;
    const std::string_view lead = line.substr(0, line.find_first_not_of(" \t"));
    if (!indent) {
      indent = lead;
    } else {
      std::size_t n = 0;
      while (n < indent->size() && n < lead.size() && (*indent)[n] == lead[n]) ++n;
      indent = indent->substr(0, n);
    }
  }
  const std::size_t cut = indent ? indent->size() : 0;
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    if (!is_blank(lines[i])) out += lines[i].substr(cut);
  }
  return out;
}

// The value of a "..." string: \" \\ \n \t; any other escape is kept as written (so a
// regex's `\d` needs no doubling).
std::string unescape(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    const char next = body[++i];
    switch (next) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      default:
        out += '\\';
        out += next;
        break;
    }
  }
  return out;
}

// `subprocess.{run, call}` -> subprocess.run, subprocess.call. Returns nullopt when the
// product exceeds max_alternatives.
std::optional<std::vector<std::string>> expand_alternatives(std::string_view glob) {
  std::vector<std::string> out{std::string()};
  std::size_t i = 0;
  while (i < glob.size()) {
    if (glob[i] != '{') {
      for (std::string& s : out) s += glob[i];
      ++i;
      continue;
    }
    const std::size_t close = glob.find('}', i);  // the grammar guarantees one, unnested
    const std::string_view inner = glob.substr(i + 1, close - i - 1);
    std::vector<std::string_view> alts;
    std::size_t begin = 0;
    while (begin <= inner.size()) {
      std::size_t comma = inner.find(',', begin);
      if (comma == std::string_view::npos) comma = inner.size();
      std::string_view alt = inner.substr(begin, comma - begin);
      const std::size_t first = alt.find_first_not_of(" \t\r\n\v\f");
      if (first != std::string_view::npos) {
        alt = alt.substr(first, alt.find_last_not_of(" \t\r\n\v\f") - first + 1);
        alts.push_back(alt);
      }
      begin = comma + 1;
    }
    if (out.size() * alts.size() > max_alternatives) return std::nullopt;
    std::vector<std::string> next;
    next.reserve(out.size() * alts.size());
    for (const std::string& prefix : out) {
      for (const std::string_view alt : alts) next.push_back(prefix + std::string(alt));
    }
    out = std::move(next);
    i = close + 1;
  }
  return out;
}

constexpr std::string_view known_keys[] = {"title",      "message", "severity", "confidence", "match", "taint",
                                           "cwe",        "tags",    "references", "description", "bandit",
                                           "ruff",       "semgrep", "codeql",   "pylint",     "group"};
constexpr std::string_view required_keys[] = {"title", "message", "severity", "confidence"};

std::string unknown_key_message(std::string_view key, std::string_view rule_id) {
  return "unknown key '" + std::string(key) + "' in rule '" + std::string(rule_id) + "'" +
         did_you_mean(key, std::vector<std::string_view>(std::begin(known_keys), std::end(known_keys)));
}

std::string at(const SourcePos& p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

std::string_view filter_name(Formula::Kind kind) {
  switch (kind) {
    case Formula::Kind::not_: return "not";
    case Formula::Kind::inside: return "inside";
    case Formula::Kind::not_inside: return "not-inside";
    case Formula::Kind::where: return "where";
    case Formula::Kind::focus: return "focus";
    case Formula::Kind::report: return "report";
    case Formula::Kind::imports: return "imports";
    default: return {};
  }
}

std::string_view group_name(Formula::Kind kind) { return kind == Formula::Kind::any ? "any" : "all"; }

// ---------------------------------------------------------------------------------------
// Parser state: the rule being built, scratch values set by token actions and consumed by
// the action of the construct around them, and the stack of formulas being built.

struct SyntaxError {
  std::size_t offset;
  std::string message;
};

struct State {
  State(std::string_view text_, const LineIndex& lines_, const std::string& path_, std::vector<RuleFileError>& errors_)
      : text(text_), lines(lines_), path(path_), errors(errors_), first_error(errors_.size()) {}

  std::string_view text;
  const LineIndex& lines;
  const std::string& path;
  std::vector<RuleFileError>& errors;
  std::size_t first_error;  // errors.size() when this file started
  std::map<std::string, SourcePos, std::less<>> rule_ids;  // first definition of each id

  // The rule being parsed.
  RuleDecl rule;
  std::size_t rule_offset = 0;
  std::size_t id_offset = 0;
  std::map<std::string, SourcePos, std::less<>> keys;
  std::map<std::string, std::size_t, std::less<>> key_offsets;
  std::string key;
  std::size_t key_offset = 0;

  // Scratch, set by tokens.
  std::string str;
  std::size_t str_offset = 0;
  std::string code;
  std::string word;
  std::size_t word_offset = 0;
  std::vector<int> ints;
  std::vector<std::string> strings;
  std::vector<std::string> names;
  ArgCondition arg;
  std::vector<ArgCondition> args;
  bool hidden = false;  // `call hidden`
  MetaCondition meta;
  std::vector<std::int64_t> int_numbers;  // where int($X): the integers read so far
  int report_keys = 0;                     // keys given in the `report { ... }` being read

  // The `models` block being parsed and its current entry, flow and flow end.
  ModelsDecl models;
  ModelEntry entry;
  FlowDecl flow;
  FlowEnd end;
  bool entry_none = false;  // the entry is `none` (for the message when more follows)

  // The `verdicts` block being parsed and its current entry.
  VerdictsDecl verdicts;
  VerdictDecl verdict;

  // The set (`sources NAME { ... }`) being parsed.
  SetDecl set;

  // A `weights` formula's parts: its fact, a call's verdict, its `matches` regex.
  std::string weights_fact, weights_verdict, weights_regex;

  // Formulas under construction, innermost last; the finished top-level formula.
  std::vector<Formula> stack;
  std::optional<Formula> top;
  std::size_t depth = 0;

  // Where each rule with an error message started, innermost last; where the last one
  // that failed started (the position an error points at); where the last string or
  // pattern opened (for "unterminated ...").
  std::vector<std::size_t> starts;
  std::size_t failed_start = 0;
  std::size_t token_start = 0;

  std::size_t offset(const char* p) const { return static_cast<std::size_t>(p - text.data()); }
  SourcePos pos(std::size_t off) const { return lines.position(off); }

  void error(std::size_t off, std::string message) {
    if (errors.size() >= max_errors_per_file + first_error) return;
    if (off >= text.size()) {
      // At the end of the file: point just after the last token, as clang does.
      off = text.size();
      while (off > 0 && (text[off - 1] == ' ' || text[off - 1] == '\t' || text[off - 1] == '\n' ||
                         text[off - 1] == '\r' || text[off - 1] == '\v' || text[off - 1] == '\f')) {
        --off;
      }
    }
    const SourcePos p = pos(off);
    errors.push_back(RuleFileError{path, p, std::move(message), lines.line_text(p.line)});
  }

  void begin_rule(std::size_t off) {
    rule = RuleDecl{};
    rule.pos = pos(off);
    rule_offset = off;
    id_offset = off;
    keys.clear();
    key_offsets.clear();
    key.clear();
    stack.clear();
    frame_offsets.clear();
    top.reset();
    depth = 0;
    starts.clear();
  }

  // The innermost `all`/`any` being built (for "expected '}' to close 'all' opened at").
  const Formula* open_group() const {
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      if (it->kind == Formula::Kind::all || it->kind == Formula::Kind::any) return &*it;
    }
    return nullptr;
  }

  // Formulas keep positions; their offsets are kept alongside, for errors.
  std::vector<std::size_t> frame_offsets;

  void begin_formula(std::size_t off) {
    Formula f;
    f.pos = pos(off);
    stack.push_back(std::move(f));
    frame_offsets.push_back(off);
  }

  // Pops the innermost formula; on success attaches it to its parent (or makes it the
  // top-level formula) after checking that a filter sits directly inside an `all`.
  void end_formula(bool success) {
    if (stack.empty() || frame_offsets.empty()) return;
    Formula done = std::move(stack.back());
    const std::size_t off = frame_offsets.back();
    stack.pop_back();
    frame_offsets.pop_back();
    if (!success) return;
    const std::string_view filter = filter_name(done.kind);
    // `imports` may also be negated: `not imports [...]` (the `not` itself is inside `all`).
    const bool under_not = done.kind == Formula::Kind::imports && !stack.empty() && stack.back().kind == Formula::Kind::not_;
    if (!filter.empty() && !under_not && (stack.empty() || stack.back().kind != Formula::Kind::all)) {
      error(off, "'" + std::string(filter) + "' must be inside 'all { ... }'" +
                     (done.kind == Formula::Kind::imports ? " (or directly under 'not')" : ""));
    }
    if (stack.empty()) {
      top = std::move(done);
    } else {
      stack.back().children.push_back(std::move(done));
    }
  }
};

// Rules that carry an error message (directly or inherited).
template <typename Rule, typename = void>
inline constexpr bool has_error_message = false;
template <typename Rule>
inline constexpr bool has_error_message<Rule, std::void_t<decltype(Rule::error_message)>> = true;

template <typename Rule>
inline constexpr bool is_opening_token = std::is_same_v<Rule, g::quoted_string> ||
                                         std::is_same_v<Rule, g::triple_string> ||
                                         std::is_same_v<Rule, g::tick_pattern> ||
                                         std::is_same_v<Rule, g::fenced_pattern> ||
                                         std::is_same_v<Rule, g::py_single_quoted> ||
                                         std::is_same_v<Rule, g::py_double_quoted>;

// The token from `off` up to whitespace or '{', for quoting in a message.
std::string token_at(std::string_view text, std::size_t off) {
  std::size_t end = off;
  while (end < text.size() && end - off < 48) {
    const char c = text[end];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '{' || c == '#') break;
    ++end;
  }
  while (end < text.size() && end > off && detail::is_utf8_continuation(text[end])) --end;  // whole code points
  return std::string(text.substr(off, end - off));
}

template <typename Rule>
std::string error_message_for(const State& s) {
  const std::string& id = s.rule.info.id;
  if constexpr (std::is_same_v<Rule, g::rule_id>) {
    const std::string token = token_at(s.text, s.failed_start);
    if (token.empty()) return "expected a rule id after 'rule'";
    return "invalid rule id '" + token +
           "': use lowercase letters, digits, '-', '_' and '.', starting with a letter";
  } else if constexpr (std::is_same_v<Rule, g::rule_open>) {
    return "expected '{' after rule id '" + id + "'";
  } else if constexpr (std::is_same_v<Rule, g::rule_close>) {
    return "expected '}' to close rule '" + id + "' opened at " + at(s.rule.pos);
  } else if constexpr (std::is_same_v<Rule, g::key_colon>) {
    return "expected ':' after key '" + s.key + "'";
  } else if constexpr (std::is_same_v<Rule, g::string_value>) {
    return "expected a string for key '" + s.key + "'";
  } else if constexpr (std::is_same_v<Rule, g::xref_value>) {
    return "expected an id (a word or a string) for key '" + s.key + "'";
  } else if constexpr (std::is_same_v<Rule, g::unknown_key>) {
    return unknown_key_message(s.key, id);
  } else if constexpr (std::is_same_v<Rule, g::models_name>) {
    const std::string token = token_at(s.text, s.failed_start);
    if (token.empty()) return "expected a name after 'models'";
    return "invalid models name '" + token +
           "': use lowercase letters, digits, '-', '_' and '.', starting with a letter";
  } else if constexpr (std::is_same_v<Rule, g::models_open>) {
    return "expected '{' after models name '" + s.models.name + "'";
  } else if constexpr (std::is_same_v<Rule, g::verdicts_name>) {
    const std::string token = token_at(s.text, s.failed_start);
    if (token.empty()) return "expected a name after 'verdicts'";
    return "invalid verdicts name '" + token +
           "': use lowercase letters, digits, '-', '_' and '.', starting with a letter";
  } else if constexpr (std::is_same_v<Rule, g::set_name>) {
    const std::string token = token_at(s.text, s.failed_start);
    const std::string kind(to_string(s.set.kind));
    if (token.empty()) return "expected a name after '" + kind + "'";
    return "invalid " + kind + " name '" + token + "': use lowercase letters, digits, '-' and '_', starting with a letter";
  } else if constexpr (std::is_same_v<Rule, g::set_open>) {
    return "expected '{' after " + std::string(to_string(s.set.kind)) + " name '" + s.set.name + "'";
  } else if constexpr (std::is_same_v<Rule, g::set_close>) {
    return "expected a formula, a set's name or '}' to close " + std::string(to_string(s.set.kind)) + " '" +
           s.set.name + "' opened at " + at(s.set.pos);
  } else if constexpr (std::is_same_v<Rule, g::model_entry_end>) {
    if (s.entry_none) return "expected the end of the line after 'none': it cannot be combined with flows";
    return "expected ',' before another flow, or the end of the line";
  } else if constexpr (std::is_same_v<Rule, g::group_open>) {
    const Formula* group = s.open_group();
    return "expected '{' after '" + std::string(group_name(group ? group->kind : Formula::Kind::all)) + "'";
  } else if constexpr (std::is_same_v<Rule, g::group_close>) {
    const Formula* group = s.open_group();
    if (group == nullptr) return "expected '}'";
    return "expected a formula or '}' to close '" + std::string(group_name(group->kind)) + "' opened at " +
           at(group->pos);
  } else {
    static_assert(has_error_message<Rule>, "a rule used in must<> needs an error_message");
    return Rule::error_message;
  }
}

// ---------------------------------------------------------------------------------------
// Control: error positions and messages, the formula stack, the nesting bound.

template <typename Rule>
struct Control : pg::normal<Rule> {
  template <typename Input>
  static void start(const Input& in, State& s) {
    const std::size_t off = s.offset(in.current());
    if constexpr (has_error_message<Rule>) s.starts.push_back(off);
    if constexpr (is_opening_token<Rule>) s.token_start = off;
    if constexpr (std::is_same_v<Rule, g::rule_decl>) s.begin_rule(off);
    if constexpr (std::is_same_v<Rule, g::set_decl>) {
      s.begin_rule(off);  // the formula state, fresh
      s.set = SetDecl{};
      s.set.pos = s.pos(off);
    }
    if constexpr (std::is_same_v<Rule, g::formula>) s.begin_formula(off);
    if constexpr (std::is_same_v<Rule, g::arg_condition>) {
      s.arg = ArgCondition{};
      s.arg.pos = s.pos(off);
    }
    if constexpr (std::is_same_v<Rule, g::model_entry>) {
      s.entry = ModelEntry{};
      s.entry.pos = s.pos(off);
      s.entry_none = false;
      s.names.clear();
    }
    if constexpr (std::is_same_v<Rule, g::flow>) s.flow = FlowDecl{};
    if constexpr (std::is_same_v<Rule, g::verdict_entry>) {
      s.verdict = VerdictDecl{};
      s.verdict.pos = s.pos(off);
      s.names.clear();
    }
    if constexpr (std::is_same_v<Rule, g::weights_formula>) {
      s.weights_fact.clear();
      s.weights_verdict.clear();
      s.weights_regex.clear();
      s.names.clear();
    }
    if constexpr (std::is_same_v<Rule, g::flow_source> || std::is_same_v<Rule, g::flow_target>) {
      s.end = FlowEnd{};
      s.end.pos = s.pos(off);
    }
  }

  template <typename Input>
  static void success(const Input&, State& s) {
    if constexpr (has_error_message<Rule>) {
      if (!s.starts.empty()) s.starts.pop_back();
    }
    if constexpr (std::is_same_v<Rule, g::formula>) s.end_formula(true);
  }

  template <typename Input>
  static void failure(const Input&, State& s) {
    if constexpr (has_error_message<Rule>) {
      if (!s.starts.empty()) {
        s.failed_start = s.starts.back();
        s.starts.pop_back();
      }
    }
    if constexpr (std::is_same_v<Rule, g::formula>) s.end_formula(false);
  }

  template <typename Input>
  [[noreturn]] static void raise(const Input& in, State& s) {
    std::size_t off = s.offset(in.current());
    if constexpr (std::is_same_v<Rule, g::quoted_close> || std::is_same_v<Rule, g::triple_close> ||
                  std::is_same_v<Rule, g::tick_close> || std::is_same_v<Rule, g::fence_close> ||
                  std::is_same_v<Rule, g::py_string_close_single> ||
                  std::is_same_v<Rule, g::py_string_close_double>) {
      off = s.token_start;
    } else if constexpr (std::is_same_v<Rule, g::unknown_key>) {
      off = s.key_offset;
    } else {
      off = s.failed_start;
    }
    throw SyntaxError{off, error_message_for<Rule>(s)};
  }

  template <pg::apply_mode A, pg::rewind_mode M, template <typename...> class Action,
            template <typename...> class Ctrl, typename Input>
  [[nodiscard]] static bool match(Input& in, State& s) {
    if constexpr (std::is_same_v<Rule, g::py_group>) {
      if (s.depth >= max_formula_depth) {
        throw SyntaxError{s.offset(in.current()),
                          "brackets nested too deeply (more than " + std::to_string(max_formula_depth) + " levels)"};
      }
      ++s.depth;
      struct Guard {
        std::size_t& depth;
        ~Guard() { --depth; }
      } guard{s.depth};
      return pg::normal<Rule>::template match<A, M, Action, Ctrl>(in, s);
    } else if constexpr (std::is_same_v<Rule, g::formula>) {
      if (s.depth >= max_formula_depth) {
        throw SyntaxError{s.offset(in.current()),
                          "formulas nested too deeply (more than " + std::to_string(max_formula_depth) + " levels)"};
      }
      ++s.depth;
      struct Guard {
        std::size_t& depth;
        ~Guard() { --depth; }
      } guard{s.depth};
      return pg::normal<Rule>::template match<A, M, Action, Ctrl>(in, s);
    } else {
      return pg::normal<Rule>::template match<A, M, Action, Ctrl>(in, s);
    }
  }
};

// ---------------------------------------------------------------------------------------
// Actions

template <typename Rule>
struct Action : pg::nothing<Rule> {};

template <>
struct Action<g::rule_id> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    const std::size_t off = s.offset(in.begin());
    s.rule.info.id = in.string();
    s.rule.id_pos = s.pos(off);
    s.id_offset = off;
    const auto [it, inserted] = s.rule_ids.emplace(s.rule.info.id, s.rule.id_pos);
    if (!inserted) {
      s.error(off, "duplicate rule id '" + s.rule.info.id + "' (first defined at " + at(it->second) + ")");
    }
  }
};

template <typename Name>
struct Action<g::key<Name>> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.key = in.string();
    s.key_offset = s.offset(in.begin());
    const SourcePos p = s.pos(s.key_offset);
    const auto [it, inserted] = s.keys.emplace(s.key, p);
    if (inserted) s.key_offsets.emplace(s.key, s.key_offset);
    if (!inserted) {
      s.error(s.key_offset, "duplicate key '" + s.key + "' in rule '" + s.rule.info.id + "' (first given at " +
                                at(it->second) + ")");
    }
  }
};

template <typename Name>
struct Action<g::taint_key<Name>> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.key = in.string();
    s.key_offset = s.offset(in.begin());
  }
};

template <>
struct Action<g::key_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.key = in.string();
    s.key_offset = s.offset(in.begin());
  }
};

template <>
struct Action<g::quoted_string> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    const std::string_view all(in.begin(), in.size());
    s.str = unescape(all.substr(1, all.size() - 2));
    s.str_offset = s.offset(in.begin());
  }
};

template <>
struct Action<g::triple_string> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    const std::string_view all(in.begin(), in.size());
    s.str = dedent(all.substr(3, all.size() - 6));
    s.str_offset = s.offset(in.begin());
  }
};

template <>
struct Action<g::tick_pattern> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    const std::string_view all(in.begin(), in.size());
    s.code = std::string(all.substr(1, all.size() - 2));
  }
};

template <>
struct Action<g::fenced_pattern> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    const std::string_view all(in.begin(), in.size());
    s.code = dedent(all.substr(3, all.size() - 6));
  }
};

// Words: severities, confidences, tags, other tools' ids, node types.
template <typename Input>
void take_word(const Input& in, State& s) {
  s.word = in.string();
  s.word_offset = s.offset(in.begin());
}
template <>
struct Action<g::severity_value> {
  template <typename Input>
  static void apply(const Input& in, State& s) { take_word(in, s); }
};
template <>
struct Action<g::confidence_value> {
  template <typename Input>
  static void apply(const Input& in, State& s) { take_word(in, s); }
};
template <>
struct Action<g::node_type> {
  template <typename Input>
  static void apply(const Input& in, State& s) { take_word(in, s); }
};

template <>
struct Action<g::cwe_number> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    int value = 0;
    const auto [end, ec] = std::from_chars(in.begin(), in.end(), value);
    if (ec != std::errc() || end != in.end()) {
      s.error(s.offset(in.begin()), "CWE number out of range");
      return;
    }
    s.ints.push_back(value);
  }
};
template <>
struct Action<g::tag> {
  template <typename Input>
  static void apply(const Input& in, State& s) { s.strings.push_back(in.string()); }
};
template <>
struct Action<g::reference> {
  template <typename Input>
  static void apply(const Input&, State& s) { s.strings.push_back(s.str); }
};
template <>
struct Action<g::xref_word> {
  template <typename Input>
  static void apply(const Input& in, State& s) { s.str = in.string(); }
};

// Entries: move the scratch value into the rule.
template <>
struct Action<g::title_entry> {
  static void apply0(State& s) {
    if (s.str.find('\n') != std::string::npos) s.error(s.str_offset, "the title must be one line");
    if (s.str.empty()) s.error(s.str_offset, "the title must not be empty");
    s.rule.info.title = std::move(s.str);
  }
};
template <>
struct Action<g::message_entry> {
  static void apply0(State& s) {
    if (s.str.empty()) s.error(s.str_offset, "the message must not be empty");
    s.rule.message = std::move(s.str);
    s.rule.message_pos = s.pos(s.str_offset);
  }
};
template <>
struct Action<g::description_entry> {
  static void apply0(State& s) { s.rule.info.description = std::move(s.str); }
};
template <>
struct Action<g::severity_entry> {
  static void apply0(State& s) {
    if (const auto severity = parse_severity(s.word)) {
      s.rule.info.severity = *severity;
    } else {
      s.error(s.word_offset, g::severity_value::error_message);
    }
  }
};
template <>
struct Action<g::confidence_entry> {
  static void apply0(State& s) {
    if (const auto confidence = parse_confidence(s.word)) {
      s.rule.info.confidence = *confidence;
    } else {
      s.error(s.word_offset, g::confidence_value::error_message);
    }
  }
};
template <>
struct Action<g::cwe_entry> {
  static void apply0(State& s) { s.rule.info.cwes = std::exchange(s.ints, {}); }
};
template <>
struct Action<g::group_value> {
  template <typename Input>
  static void apply(const Input& in, State& s) { take_word(in, s); }
};
template <>
struct Action<g::group_entry> {
  static void apply0(State& s) { s.rule.group = std::move(s.word); }
};
template <>
struct Action<g::tags_entry> {
  static void apply0(State& s) { s.rule.info.tags = std::exchange(s.strings, {}); }
};
template <>
struct Action<g::references_entry> {
  static void apply0(State& s) { s.rule.info.references = std::exchange(s.strings, {}); }
};
template <>
struct Action<g::xref_entry> {
  static void apply0(State& s) { s.rule.info.xrefs[s.key] = std::move(s.str); }
};
template <>
struct Action<g::match_entry> {
  static void apply0(State& s) {
    if (s.top) s.rule.match = std::move(*s.top);
    s.top.reset();
  }
};

template <>
struct Action<g::taint_entry> {
  static void apply0(State& s) {
    const auto it = s.keys.find("taint");
    if (!s.rule.taint) s.rule.taint.emplace();
    if (it != s.keys.end()) s.rule.taint->pos = it->second;
  }
};
// Each taint entry moves its formula into the rule's (possibly not yet created) taint part.
template <std::vector<Formula> TaintDecl::*List>
struct TaintEntry {
  static void apply0(State& s) {
    if (!s.rule.taint) s.rule.taint.emplace();
    if (s.top) (*s.rule.taint.*List).push_back(std::move(*s.top));
    s.top.reset();
  }
};
template <>
struct Action<g::taint_source_entry> : TaintEntry<&TaintDecl::sources> {};
template <>
struct Action<g::taint_sink_entry> : TaintEntry<&TaintDecl::sinks> {};
template <>
struct Action<g::taint_sanitizer_entry> : TaintEntry<&TaintDecl::sanitizers> {};
template <>
struct Action<g::taint_step_entry> : TaintEntry<&TaintDecl::steps> {};

// Formulas: keywords set the kind of the innermost frame (so children know their parent),
// the construct's action fills in its fields.
template <Formula::Kind K>
struct KindOfFormula {
  static void apply0(State& s) {
    if (!s.stack.empty()) s.stack.back().kind = K;
  }
};
template <>
struct Action<g::all_kw> : KindOfFormula<Formula::Kind::all> {};
template <>
struct Action<g::any_kw> : KindOfFormula<Formula::Kind::any> {};
template <>
struct Action<g::not_kw> : KindOfFormula<Formula::Kind::not_> {};
template <>
struct Action<g::inside_kw> : KindOfFormula<Formula::Kind::inside> {};
template <>
struct Action<g::not_inside_kw> : KindOfFormula<Formula::Kind::not_inside> {};
template <>
struct Action<g::focus_kw> : KindOfFormula<Formula::Kind::focus> {};
template <>
struct Action<g::node_kw> : KindOfFormula<Formula::Kind::node> {};
template <>
struct Action<g::where_kw> {
  static void apply0(State& s) {
    if (!s.stack.empty()) s.stack.back().kind = Formula::Kind::where;
    s.meta = MetaCondition{};
  }
};
template <>
struct Action<g::call_kw> {
  static void apply0(State& s) {
    if (!s.stack.empty()) s.stack.back().kind = Formula::Kind::call;
    s.names.clear();
    s.args.clear();
    s.hidden = false;
  }
};
template <>
struct Action<g::import_kw> {
  static void apply0(State& s) {
    if (!s.stack.empty()) s.stack.back().kind = Formula::Kind::import;
    s.names.clear();
  }
};

template <>
struct Action<g::imports_kw> {
  static void apply0(State& s) {
    if (!s.stack.empty()) s.stack.back().kind = Formula::Kind::imports;
    s.names.clear();
  }
};

template <typename Input>
void take_glob(const Input& in, State& s) {
  const std::string glob = in.string();
  auto expanded = expand_alternatives(glob);
  if (!expanded) {
    s.error(s.offset(in.begin()), "too many alternatives in '" + glob + "' (more than " +
                                      std::to_string(max_alternatives) + " names)");
    return;
  }
  for (std::string& name : *expanded) s.names.push_back(std::move(name));
}
template <>
struct Action<g::callee> {
  template <typename Input>
  static void apply(const Input& in, State& s) { take_glob(in, s); }
};
template <>
struct Action<g::import_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) { take_glob(in, s); }
};

template <>
struct Action<g::pattern_formula> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    s.stack.back().kind = Formula::Kind::pattern;
    s.stack.back().text = std::move(s.code);
  }
};
template <>
struct Action<g::call_formula> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    s.stack.back().callees = std::exchange(s.names, {});
    s.stack.back().args = std::exchange(s.args, {});
    s.stack.back().hidden = std::exchange(s.hidden, false);
  }
};
template <>
struct Action<g::import_formula> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    s.stack.back().names = std::exchange(s.names, {});
  }
};
template <>
struct Action<g::imports_formula> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    s.stack.back().names = std::exchange(s.names, {});
  }
};
template <>
struct Action<g::node_formula> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    s.stack.back().text = std::move(s.word);
  }
};
template <>
struct Action<g::set_ref_formula> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.stack.empty()) return;
    s.stack.back().kind = Formula::Kind::set_ref;
    s.stack.back().text = in.string();
  }
};
template <>
struct Action<g::set_sources_kw> {
  static void apply0(State& s) { s.set.kind = SetKind::sources; }
};
template <>
struct Action<g::set_sinks_kw> {
  static void apply0(State& s) { s.set.kind = SetKind::sinks; }
};
template <>
struct Action<g::set_sanitizers_kw> {
  static void apply0(State& s) { s.set.kind = SetKind::sanitizers; }
};
template <>
struct Action<g::set_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.set.name = in.string();
    s.set.name_pos = s.pos(s.offset(in.begin()));
  }
};
template <>
struct Action<g::set_member> {
  static void apply0(State& s) {
    if (s.top) s.set.members.push_back(std::move(*s.top));
    s.top.reset();
  }
};
template <>
struct Action<g::focus_formula> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    s.stack.back().text = std::move(s.meta.metavar);
  }
};

template <>
struct Action<g::metavar> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.meta.metavar = in.string();
    s.meta.pos = s.pos(s.offset(in.begin()));
  }
};
template <>
struct Action<g::where_not> {
  static void apply0(State& s) { s.meta.negated = true; }
};
template <>
struct Action<g::meta_matches> {
  static void apply0(State& s) {
    s.meta.test = MetaTest::matches;
    s.meta.regex = std::move(s.str);
  }
};
template <>
struct Action<g::meta_string> {
  static void apply0(State& s) { s.meta.values.push_back(s.str); }
};
template <>
struct Action<g::meta_word> {
  template <typename Input>
  static void apply(const Input& in, State& s) { s.meta.values.push_back(in.string()); }
};
template <>
struct Action<g::decoded_kw> {
  static void apply0(State& s) { s.meta.decoded = true; }
};
template <>
struct Action<g::decoded_chain> {
  static void apply0(State& s) { s.meta.chain = true; }
};
template <>
struct Action<g::hidden_kw> {
  static void apply0(State& s) { s.hidden = true; }
};
template <>
struct Action<g::yara_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) { s.meta.values.push_back(in.string()); }
};
template <>
struct Action<g::meta_matches_yara> {
  static void apply0(State& s) { s.meta.test = MetaTest::matches_yara; }
};
template <>
struct Action<g::content_kind_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) { s.meta.values.push_back(in.string()); }
};
template <>
struct Action<g::meta_is> {
  static void apply0(State& s) { s.meta.test = MetaTest::is_kind; }
};
template <>
struct Action<g::meta_in> {
  static void apply0(State& s) { s.meta.test = MetaTest::in_list; }
};
template <>
struct Action<g::meta_literal> {
  static void apply0(State& s) { s.meta.test = MetaTest::literal; }
};
template <>
struct Action<g::meta_str> {
  static void apply0(State& s) { s.meta.test = MetaTest::str_constant; }
};
template <>
struct Action<g::meta_computed> {
  static void apply0(State& s) { s.meta.test = MetaTest::computed; }
};
template <>
struct Action<g::meta_pattern> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.meta.test = MetaTest::pattern;
    auto pattern = std::make_shared<Formula>();
    pattern->kind = Formula::Kind::pattern;
    pattern->pos = s.pos(s.offset(in.begin()));
    pattern->text = std::move(s.code);
    s.meta.pattern = std::move(pattern);
  }
};
// where int($X) ...: the subject, the mask, the operator, the numbers.
template <>
struct Action<g::int_kw> {
  static void apply0(State& s) {
    s.meta.test = MetaTest::int_compare;
    s.meta.op = IntOp::nonzero;
    s.int_numbers.clear();
  }
};
template <>
struct Action<g::int_number> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    std::string digits;
    for (const char c : in.string()) {
      if (c != '_') digits.push_back(c);
    }
    const bool negative = !digits.empty() && digits.front() == '-';
    if (negative) digits.erase(0, 1);
    int base = 10;
    if (digits.size() > 1 && digits[0] == '0' && std::string_view("xXoObB").find(digits[1]) != std::string_view::npos) {
      base = digits[1] == 'x' || digits[1] == 'X' ? 16 : digits[1] == 'o' || digits[1] == 'O' ? 8 : 2;
      digits.erase(0, 2);
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      s.error(s.offset(in.begin()), "integer out of range (a 64-bit signed integer)");
      return;
    }
    s.int_numbers.push_back(negative ? -value : value);
  }
};
template <>
struct Action<g::int_mask> {
  static void apply0(State& s) {
    if (!s.int_numbers.empty()) s.meta.mask = s.int_numbers.back();
  }
};
template <>
struct Action<g::int_op> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    const std::string op = in.string();
    s.meta.op = op == "<" ? IntOp::lt : op == "<=" ? IntOp::le : op == ">" ? IntOp::gt : op == ">=" ? IntOp::ge
              : op == "==" ? IntOp::eq : IntOp::ne;
  }
};
template <>
struct Action<g::int_compare> {
  static void apply0(State& s) {
    if (!s.int_numbers.empty()) s.meta.number = s.int_numbers.back();
  }
};

// report { ... }: each key once.
template <>
struct Action<g::report_kw> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    s.stack.back().kind = Formula::Kind::report;
    s.stack.back().report.emplace();
    s.report_keys = 0;
  }
};
template <typename Input>
ReportDecl* report_to_set(const Input& in, State& s, bool already_set_check, std::string_view key) {
  if (s.stack.empty() || !s.stack.back().report) return nullptr;
  ++s.report_keys;
  if (already_set_check) {
    s.error(s.offset(in.begin()), "duplicate key '" + std::string(key) + "' in 'report'");
    return nullptr;
  }
  return &*s.stack.back().report;
}
template <>
struct Action<g::report_severity> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.stack.empty() || !s.stack.back().report) return;
    ReportDecl* r = report_to_set(in, s, s.stack.back().report->severity.has_value(), "severity");
    if (!r) return;
    if (const auto severity = parse_severity(in.string())) r->severity = *severity;
    else s.error(s.offset(in.begin()), g::report_severity::error_message);
  }
};
template <>
struct Action<g::report_confidence> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.stack.empty() || !s.stack.back().report) return;
    ReportDecl* r = report_to_set(in, s, s.stack.back().report->confidence.has_value(), "confidence");
    if (!r) return;
    if (const auto confidence = parse_confidence(in.string())) r->confidence = *confidence;
    else s.error(s.offset(in.begin()), g::report_confidence::error_message);
  }
};
template <>
struct Action<g::report_message> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.stack.empty() || !s.stack.back().report) return;
    ReportDecl* r = report_to_set(in, s, s.stack.back().report->message.has_value(), "message");
    if (!r) return;
    if (s.str.empty()) s.error(s.str_offset, "the message must not be empty");
    r->message = std::move(s.str);
    r->message_pos = s.pos(s.str_offset);
  }
};
template <>
struct Action<g::report_formula> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.stack.empty() || !s.stack.back().report) return;
    if (s.report_keys == 0) {
      s.error(s.offset(in.begin()), "'report' sets nothing: give it severity:, confidence: or message:");
    }
  }
};

template <>
struct Action<g::where_formula> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    s.stack.back().condition = std::exchange(s.meta, MetaCondition{});
  }
};

template <>
struct Action<g::arg_position> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(in.begin(), in.end(), value);
    if (ec != std::errc() || end != in.end()) {
      s.error(s.offset(in.begin()), "argument position out of range");
      return;
    }
    s.arg.position = value;
  }
};
template <>
struct Action<g::arg_keyword> {
  template <typename Input>
  static void apply(const Input& in, State& s) { s.arg.keyword = in.string(); }
};
template <>
struct Action<g::arg_not> {
  static void apply0(State& s) { s.arg.negated = true; }
};
template <ArgTest T>
struct SetArgTest {
  static void apply0(State& s) { s.arg.test = T; }
};
template <>
struct Action<g::arg_present> : SetArgTest<ArgTest::present> {};
template <>
struct Action<g::arg_absent> : SetArgTest<ArgTest::absent> {};
template <>
struct Action<g::arg_truthy> : SetArgTest<ArgTest::truthy> {};
template <>
struct Action<g::arg_falsy> : SetArgTest<ArgTest::falsy> {};
template <>
struct Action<g::arg_literal> : SetArgTest<ArgTest::literal> {};
template <>
struct Action<g::arg_computed> : SetArgTest<ArgTest::computed> {};
template <>
struct Action<g::py_constant> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.arg.test = ArgTest::equals;
    std::string value = in.string();
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    s.arg.value = std::move(value);
  }
};
template <>
struct Action<g::arg_matches> {
  static void apply0(State& s) {
    s.arg.test = ArgTest::matches;
    s.arg.value = std::move(s.str);
  }
};
template <>
struct Action<g::arg_condition> {
  static void apply0(State& s) { s.args.push_back(std::move(s.arg)); }
};

// Weights formulas: the fact, then (for a call) its verdict or callees, then `matches`.
template <>
struct Action<g::weights_call> {
  static void apply0(State& s) { s.weights_fact = "call"; }
};
template <>
struct Action<g::weights_unreadable> {
  static void apply0(State& s) { s.weights_fact = "unreadable"; }
};
template <>
struct Action<g::weights_anomaly> {
  static void apply0(State& s) { s.weights_fact = "anomaly"; }
};
template <>
struct Action<g::weights_keras_lambda> {
  static void apply0(State& s) { s.weights_fact = "keras-lambda"; }
};
template <>
struct Action<g::weights_chat_template> {
  static void apply0(State& s) { s.weights_fact = "chat-template"; }
};
template <>
struct Action<g::weights_denied> {
  static void apply0(State& s) { s.weights_verdict = "denied"; }
};
template <>
struct Action<g::weights_unknown> {
  static void apply0(State& s) { s.weights_verdict = "unknown"; }
};
template <>
struct Action<g::weights_allowed> {
  static void apply0(State& s) { s.weights_verdict = "allowed"; }
};
template <>
struct Action<g::weights_matches> {
  static void apply0(State& s) { s.weights_regex = std::move(s.str); }
};
template <>
struct Action<g::weights_formula> {
  static void apply0(State& s) {
    if (s.stack.empty()) return;
    Formula& f = s.stack.back();
    f.kind = Formula::Kind::weights;  // after `call`'s own action
    f.text = std::move(s.weights_fact);
    f.verdict = std::move(s.weights_verdict);
    f.regex = std::move(s.weights_regex);
    f.callees = std::exchange(s.names, {});
    f.args.clear();
  }
};

// Verdicts: the entry itself is taken by the parse loop (parse_verdicts).
template <>
struct Action<g::verdicts_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) { s.verdicts.name = in.string(); }
};
template <>
struct Action<g::verdict_deny> {
  static void apply0(State& s) { s.verdict.deny = true; }
};
template <>
struct Action<g::verdict_reason> {
  static void apply0(State& s) { s.verdict.reason = std::move(s.str); }
};

// Flow models. The entry itself is taken by the parse loop (parse_models), which knows
// whether the entry had an error.
template <>
struct Action<g::models_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) { s.models.name = in.string(); }
};
template <>
struct Action<g::model_callee> {
  template <typename Input>
  static void apply(const Input& in, State& s) { take_glob(in, s); }
};
template <FlowEnd::Kind K>
struct SetEnd {
  static void apply0(State& s) { s.end.kind = K; }
};
template <>
struct Action<g::end_receiver> : SetEnd<FlowEnd::Kind::receiver> {};
template <>
struct Action<g::end_result> : SetEnd<FlowEnd::Kind::result> {};
template <>
struct Action<g::end_args> : SetEnd<FlowEnd::Kind::any_argument> {};
template <>
struct Action<g::arg_index> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.end.kind = FlowEnd::Kind::argument;
    const auto [end, ec] = std::from_chars(in.begin(), in.end(), s.end.index);
    if (ec != std::errc() || end != in.end()) s.error(s.offset(in.begin()), "argument position out of range");
  }
};
template <>
struct Action<g::kwarg_name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.end.kind = FlowEnd::Kind::keyword;
    s.end.keyword = in.string();
  }
};
template <>
struct Action<g::flow_source> {
  static void apply0(State& s) { s.flow.sources.push_back(std::move(s.end)); }
};
template <>
struct Action<g::flow_target> {
  static void apply0(State& s) { s.flow.target = std::move(s.end); }
};
template <>
struct Action<g::flow> {
  static void apply0(State& s) { s.entry.flows.push_back(std::move(s.flow)); }
};
template <>
struct Action<g::flow_none> {
  static void apply0(State& s) { s.entry_none = true; }
};

// ---------------------------------------------------------------------------------------
// Recovery

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

constexpr std::string_view kItemKeywords[] = {"rule", "models", "verdicts", "sources", "sinks", "sanitizers"};

// Whether a top-level item's keyword (kItemKeywords) followed by whitespace or '{' is at `i`.
bool item_keyword_at(std::string_view text, std::size_t i) {
  for (const std::string_view keyword : kItemKeywords) {
    const std::size_t end = i + keyword.size();
    if (text.substr(i, keyword.size()) == keyword && (end >= text.size() || is_space(text[end]) || text[end] == '{')) {
      return true;
    }
  }
  return false;
}

// The next item keyword at or after `from` that starts a line (after indentation) or follows
// a '}'.
std::size_t next_item_start(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if ((text[i] != 'r' && text[i] != 'm' && text[i] != 'v' && text[i] != 's') || !item_keyword_at(text, i)) continue;
    std::size_t j = i;
    while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t' || text[j - 1] == '\r')) --j;
    if (j == 0 || text[j - 1] == '\n' || text[j - 1] == '}') return i;
  }
  return text.size();
}

std::size_t skip_blank_and_comments(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
    } else if (text[i] == '#') {
      const std::size_t nl = text.find('\n', i);
      i = nl == std::string_view::npos ? text.size() : nl + 1;
    } else {
      break;
    }
  }
  return i;
}

void check_required_keys(State& s) {
  for (const std::string_view key : required_keys) {
    if (s.keys.find(key) == s.keys.end()) {
      s.error(s.id_offset, "missing required key '" + std::string(key) + "' in rule '" + s.rule.info.id + "'");
    }
  }
  // A rule matches a formula or follows taint: exactly one of the two (`match` is the one
  // named when both are missing).
  const auto match = s.keys.find("match"), taint = s.keys.find("taint");
  if (match == s.keys.end() && taint == s.keys.end()) {
    s.error(s.id_offset, "missing required key 'match' in rule '" + s.rule.info.id + "'");
  } else if (match != s.keys.end() && taint != s.keys.end()) {
    const bool taint_last = match->second < taint->second;
    s.error(s.key_offsets[taint_last ? "taint" : "match"],
            "rule '" + s.rule.info.id + "' has both 'match' and 'taint' (first given at " +
                at(taint_last ? match->second : taint->second) + "); a rule has one or the other");
  }
}

// Parses a block of line entries (`models` or `verdicts`) at `off`: its head, then one entry
// (line) at a time, so that after an error in an entry the next line is tried. `kind` names
// the block in messages, `name()` its name once the head is read; `take(errors_before)` is
// called after each entry that parsed. Returns where parsing resumes.
template <typename Head, typename Entry, typename Name, typename Take>
std::size_t parse_line_block(State& s, std::size_t off, std::string_view kind, Name&& name, Take&& take) {
  const std::string_view text = s.text;
  const SourcePos opened = s.pos(off);
  s.starts.clear();
  std::size_t i = off;
  try {
    pg::memory_input<pg::tracking_mode::lazy> in(text.data() + off, text.data() + text.size(), s.path);
    if (!pg::parse<Head, Action, Control>(in, s)) return next_item_start(text, off + 1);
    i = s.offset(in.current());
  } catch (const SyntaxError& e) {
    s.error(e.offset, e.message);
    return next_item_start(text, std::max(e.offset, off + 1));
  }
  const auto block = [&] { return std::string(kind) + " '" + name() + "'"; };
  while (true) {
    i = skip_blank_and_comments(text, i);
    if (i < text.size() && text[i] == '}') {
      ++i;
      break;
    }
    if (i >= text.size() || item_keyword_at(text, i)) {  // a missing '}': the block ends here
      s.error(i, "expected '}' to close " + block() + " opened at " + at(opened));
      break;
    }
    const std::size_t errors_before = s.errors.size();
    s.starts.clear();
    std::size_t error_at = i;
    try {
      pg::memory_input<pg::tracking_mode::lazy> in(text.data() + i, text.data() + text.size(), s.path);
      if (pg::parse<Entry, Action, Control>(in, s)) {
        take(errors_before);
        i = s.offset(in.current());
        continue;
      }
      s.error(i, std::string(Entry::error_message) + " to close " + block());
    } catch (const SyntaxError& e) {
      s.error(e.offset, e.message);
      error_at = e.offset;
    }
    // Resume at the next line; or at a '}' the error is at (`a: arg 0 -> result,` then '}').
    if (error_at < text.size() && text[error_at] == '}') {
      i = error_at;
      continue;
    }
    const std::size_t newline = text.find('\n', error_at);
    i = newline == std::string_view::npos ? text.size() : newline + 1;
  }
  return i;
}

std::size_t parse_models(State& s, std::size_t off, RuleFile& file) {
  s.models = ModelsDecl{};
  s.models.pos = s.pos(off);
  const std::size_t resume = parse_line_block<g::models_head, g::model_entry>(
      s, off, "models", [&] { return s.models.name; },
      [&](std::size_t errors_before) {
        s.entry.callees = std::exchange(s.names, {});
        if (s.errors.size() == errors_before) s.models.entries.push_back(std::move(s.entry));
      });
  file.models.push_back(std::move(s.models));
  return resume;
}

std::size_t parse_verdicts(State& s, std::size_t off, RuleFile& file) {
  s.verdicts = VerdictsDecl{};
  s.verdicts.pos = s.pos(off);
  const std::size_t resume = parse_line_block<g::verdicts_head, g::verdict_entry>(
      s, off, "verdicts", [&] { return s.verdicts.name; },
      [&](std::size_t errors_before) {
        s.verdict.names = std::exchange(s.names, {});
        if (s.errors.size() == errors_before) s.verdicts.entries.push_back(std::move(s.verdict));
      });
  file.verdicts.push_back(std::move(s.verdicts));
  return resume;
}

}  // namespace

RuleFile parse_rule_file(std::string path, std::string text, std::vector<RuleFileError>& errors) {
  RuleFile file;
  file.path = std::move(path);
  file.text = std::move(text);
  const std::string_view view = file.text;
  const LineIndex lines(view);
  State s(view, lines, file.path, errors);

  std::size_t off = skip_blank_and_comments(view, 0);
  while (off < view.size()) {
    const std::size_t errors_before = errors.size();
    pg::memory_input<pg::tracking_mode::lazy> in(view.data() + off, view.data() + view.size(), file.path);
    std::size_t resume = off;
    const bool models = view.substr(off, 6) == "models", verdicts = view.substr(off, 8) == "verdicts";
    if ((models || verdicts) && item_keyword_at(view, off)) {
      resume = models ? parse_models(s, off, file) : parse_verdicts(s, off, file);
      if (resume <= off) resume = next_item_start(view, off + 1);
      off = skip_blank_and_comments(view, resume);
      if (errors.size() >= s.first_error + max_errors_per_file) break;
      continue;
    }
    const bool set = view[off] == 's' && item_keyword_at(view, off);
    try {
      if (set && pg::parse<g::set_decl, Action, Control>(in, s)) {
        if (errors.size() == errors_before) file.sets.push_back(std::move(s.set));
        resume = s.offset(in.current());
      } else if (!set && pg::parse<g::rule_decl, Action, Control>(in, s)) {
        if (s.stack.empty()) check_required_keys(s);
        if (errors.size() == errors_before) file.rules.push_back(std::move(s.rule));
        resume = s.offset(in.current());
      } else {
        s.error(off, "expected 'rule', 'models', 'verdicts', 'sources', 'sinks' or 'sanitizers'");
        resume = next_item_start(view, off + 1);
      }
    } catch (const SyntaxError& e) {
      s.error(e.offset, e.message);
      const std::size_t from = e.offset > off ? e.offset : off + 1;
      resume = next_item_start(view, std::min(from, view.size()));
    } catch (const pg::parse_error& e) {  // not expected: every raise goes through Control
      s.error(off, e.message().empty() ? std::string("syntax error") : std::string(e.message()));
      resume = next_item_start(view, off + 1);
    }
    if (resume <= off) resume = next_item_start(view, off + 1);  // always make progress
    off = skip_blank_and_comments(view, resume);
    if (errors.size() >= s.first_error + max_errors_per_file) break;
  }

  std::stable_sort(errors.begin() + static_cast<std::ptrdiff_t>(s.first_error), errors.end(),
                   [](const RuleFileError& a, const RuleFileError& b) { return a.position < b.position; });
  return file;
}

}  // namespace warden::dsl
