#include "lower.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "content.hpp"
#include "glob.hpp"
#include "sets.hpp"
#include "message_template.hpp"
#include "syntax.hpp"
#include "utf8.hpp"

namespace warden::dsl {
namespace {

using detail::CompiledFormula;
using MetavarSet = std::set<std::string, std::less<>>;

// A bare builtin name means the builtin: `eval` is builtins.eval, as the module model resolves it.
std::string qualify(const std::string& name) {
  if (name.find('.') == std::string::npos && name.find('*') == std::string::npos && detail::is_python_builtin(name)) {
    return "builtins." + name;
  }
  return name;
}

// The T made from `text` while one made earlier is still alive (held by some rule set), else
// a new one from `make` (null: not kept). One table per call site.
template <class T, class Make>
std::shared_ptr<const T> shared_by_text(const std::string& text, Make make) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::weak_ptr<const T>> known;
  {
    const std::lock_guard lock(mutex);
    if (auto found = known[text].lock()) return found;
  }
  std::shared_ptr<const T> made = make();
  if (made) {
    const std::lock_guard lock(mutex);
    known[text] = made;
  }
  return made;
}

class Lowering {
 public:
  Lowering(const RuleFile& file, const RuleDecl& rule, std::vector<RuleFileError>& errors,
           const SignatureSource& signatures)
      : file_(file), rule_(rule), errors_(errors), signature_source_(signatures) {}

  std::optional<detail::CompiledRule> run() {
    if (rule_.taint && !rule_.match) return run_taint(*rule_.taint);
    if (!rule_.match) return std::nullopt;  // the parser reported the missing key
    if (is_weights(*rule_.match)) return run_weights(*rule_.match);
    MetavarSet bound;
    CompiledFormula formula = lower(*rule_.match, bound);
    check_message(bound);
    // After the whole formula: a report's {oct($X)} may name a `where int` written after it.
    for (const auto& [message, pos, report_bound] : report_messages_) check_template(message, pos, report_bound);
    if (failed_) return std::nullopt;
    detail::CompiledRule compiled;
    compiled.info = rule_.info;
    compiled.formula = std::make_shared<const CompiledFormula>(std::move(formula));
    compiled.message = rule_.message;
    compiled.group = rule_.group;
    return compiled;
  }

 private:
  // The words one of which a file must contain for any of `formulas` to match in it.
  static std::optional<std::vector<std::string>> words_of_any(const std::vector<detail::CompiledFormula>& formulas) {
    std::vector<std::string> words;
    for (const auto& f : formulas) {
      auto more = detail::required_words(f);
      if (!more) return std::nullopt;
      words.insert(words.end(), more->begin(), more->end());
    }
    return words;
  }

  // Each entry is lowered on its own; sinks must bind the message's {$X} (but $SOURCE and
  // $SINK, which the solver fills); steps must bind $FROM and $TO.
  std::optional<detail::CompiledRule> run_taint(const TaintDecl& t) {
    taint_ = true;
    auto compiled_taint = std::make_shared<detail::CompiledTaint>();
    if (t.sources.empty()) error(t.pos, "'taint' needs at least one 'source:'");
    if (t.sinks.empty()) error(t.pos, "'taint' needs at least one 'sink:'");
    for (const Formula& f : t.sources) {
      MetavarSet bound;
      compiled_taint->sources.push_back(lower(f, bound));
      compiled_taint->sources.back().shared_key = f.shared_key;
    }
    std::optional<MetavarSet> sink_bound;  // bound by every sink
    for (const Formula& f : t.sinks) {
      MetavarSet bound;
      compiled_taint->sinks.push_back(lower(f, bound));
      compiled_taint->sinks.back().shared_key = f.shared_key;
      if (!sink_bound) {
        sink_bound = std::move(bound);
      } else {
        MetavarSet both;
        std::set_intersection(sink_bound->begin(), sink_bound->end(), bound.begin(), bound.end(),
                              std::inserter(both, both.end()));
        sink_bound = std::move(both);
      }
    }
    for (const Formula& f : t.sanitizers) {
      MetavarSet bound;
      compiled_taint->sanitizers.push_back(lower(f, bound));
      compiled_taint->sanitizers.back().shared_key = f.shared_key;
    }
    compiled_taint->source_words = words_of_any(compiled_taint->sources);
    compiled_taint->sink_words = words_of_any(compiled_taint->sinks);
    for (const Formula& f : t.steps) {
      MetavarSet bound;
      compiled_taint->steps.push_back(lower(f, bound));
      require_bound("$FROM", bound, f.pos, "a taint 'step' (it names where taint comes from)");
      require_bound("$TO", bound, f.pos, "a taint 'step' (it names what receives the taint)");
    }
    MetavarSet message_bound = sink_bound.value_or(MetavarSet{});
    message_bound.insert("$SOURCE");
    message_bound.insert("$SINK");
    check_message(message_bound);
    if (failed_) return std::nullopt;
    detail::CompiledRule compiled;
    compiled.info = rule_.info;
    compiled.info.kind = RuleKind::taint;
    compiled.taint = std::move(compiled_taint);
    compiled.message = rule_.message;
    return compiled;
  }

  // A rule on weights files: `weights ...`, or `any` of them (a `weights` formula anywhere else
  // is an error of lower()).
  static bool is_weights(const Formula& f) {
    if (f.kind == Formula::Kind::weights) return true;
    return f.kind == Formula::Kind::any && !f.children.empty() &&
           std::all_of(f.children.begin(), f.children.end(), [](const Formula& c) { return is_weights(c); });
  }

  void lower_weights(const Formula& f, detail::CompiledWeightsMatch& out) {
    if (f.kind == Formula::Kind::any) {
      for (const Formula& c : f.children) lower_weights(c, out);
      return;
    }
    using Condition = detail::WeightsCondition;
    Condition c;
    static const std::map<std::string, Condition::Fact, std::less<>> facts = {
        {"call", Condition::Fact::callable},         {"unreadable", Condition::Fact::unreadable},
        {"anomaly", Condition::Fact::anomaly},       {"keras-lambda", Condition::Fact::keras_lambda},
        {"chat-template", Condition::Fact::chat_template}};
    c.fact = facts.at(f.text);
    if (f.verdict == "denied") c.verdict = Condition::VerdictFilter::denied;
    if (f.verdict == "unknown") c.verdict = Condition::VerdictFilter::unknown;
    if (f.verdict == "allowed") c.verdict = Condition::VerdictFilter::allowed;
    for (const std::string& name : f.callees) c.callees.emplace_back(qualify(name));
    if (!f.regex.empty()) c.regex = regex(f.regex, f.pos);
    out.alternatives.push_back(std::move(c));
  }

  std::optional<detail::CompiledRule> run_weights(const Formula& f) {
    auto match = std::make_shared<detail::CompiledWeightsMatch>();
    lower_weights(f, *match);
    weights_rule_ = true;
    check_message({});
    if (failed_) return std::nullopt;
    detail::CompiledRule compiled;
    compiled.info = rule_.info;
    compiled.info.kind = RuleKind::weights;
    compiled.weights = std::move(match);
    compiled.message = rule_.message;
    return compiled;
  }

  void error(Position pos, std::string message) {
    failed_ = true;
    errors_.push_back(error_at(file_, pos, std::move(message)));
  }

  std::string_view line_of(std::uint32_t line) const { return line_at(file_.text, line); }

  // Where a pattern's error lies in the rule file: the pattern's code starts after its opening
  // backtick (one line) or on the line after ``` (dedented: the indentation is added back).
  Position pattern_position(const Formula& f, const detail::PatternError& perr) const {
    const std::string_view line = line_of(f.pos.line);
    const std::size_t start = detail::byte_offset_of_column(line, f.pos.column);
    const std::size_t tick = line.find('`', start);
    if (tick == std::string_view::npos) return f.pos;
    const bool block = line.substr(tick, 3) == "```";
    if (!block) {
      if (perr.line != 1) return f.pos;
      return {f.pos.line, detail::code_point_count(line.substr(0, tick + 1)) + perr.column};
    }
    const std::uint32_t file_line = f.pos.line + perr.line;
    std::string_view code_line = f.text;
    for (std::uint32_t l = 1; l < perr.line && code_line.find('\n') != std::string_view::npos; ++l) {
      code_line.remove_prefix(code_line.find('\n') + 1);
    }
    code_line = code_line.substr(0, code_line.find('\n'));
    const auto indent = [](std::string_view text) {
      return static_cast<std::uint32_t>(std::min(text.find_first_not_of(" \t"), text.size()));
    };
    const std::uint32_t shift = indent(line_of(file_line)) - std::min(indent(line_of(file_line)), indent(code_line));
    return {file_line, perr.column + shift};
  }

  // One regex, and one compiled pattern, per text, shared by the rules (and rule sets) that
  // write it: packs repeat a regex for a string and for its decoded value, sets expand into
  // every rule naming them, snippets such as `$F($X, ...)` recur. Both are safe to share
  // between threads. Null after reporting an error.
  std::shared_ptr<const detail::Regex> regex(const std::string& text, Position pos) {
    return shared_by_text<detail::Regex>(text, [&]() -> std::shared_ptr<const detail::Regex> {
      std::string problem;
      auto re = detail::Regex::make(text, problem);
      if (!re) error(pos, fmt::format("invalid regular expression \"{}\": {}", text, problem));
      return re;
    });
  }

  std::shared_ptr<const detail::Pattern> pattern(const Formula& f) {
    return shared_by_text<detail::Pattern>(f.text, [&]() -> std::shared_ptr<const detail::Pattern> {
      detail::PatternError perr;
      auto compiled = detail::Pattern::compile(f.text, perr);
      if (!compiled) {
        error(pattern_position(f, perr), perr.message);
        return nullptr;
      }
      return std::make_shared<const detail::Pattern>(std::move(*compiled));
    });
  }

  std::optional<std::string> constant(const std::string& text, Position pos) {
    detail::PythonParser parser;
    const auto tree = parser.parse(text);
    if (tree) {
      const TSNode root = ts_tree_root_node(tree.get());
      if (!ts_node_has_error(root) && ts_node_named_child_count(root) == 1) {
        TSNode node = ts_node_named_child(root, 0);
        if (detail::kind_of(node) == detail::Kind::expression_statement && ts_node_named_child_count(node) == 1) {
          node = ts_node_named_child(node, 0);
        }
        if (auto value = detail::constant_text(node, text)) return value;
      }
    }
    error(pos, fmt::format("'{}' is not a Python constant (a string, a number, True, False or None)", text));
    return std::nullopt;
  }

  void require_bound(const std::string& metavar, const MetavarSet& bound, Position pos, std::string_view where) {
    if (!bound.count(metavar)) {
      error(pos, fmt::format("metavariable {} is used in {} but never bound by a pattern", metavar, where));
    }
  }

  static bool positive(Formula::Kind k) {
    return k == Formula::Kind::pattern || k == Formula::Kind::call || k == Formula::Kind::import ||
           k == Formula::Kind::node || k == Formula::Kind::all || k == Formula::Kind::any ||
           k == Formula::Kind::weights;  // lowered (to an error: weights formulas do not mix with code)
  }

  // Lowers `f`; `bound` receives the metavariables a match of `f` always binds.
  CompiledFormula lower(const Formula& f, MetavarSet& bound) {
    CompiledFormula out;
    switch (f.kind) {
      case Formula::Kind::pattern: {
        out.kind = CompiledFormula::Kind::pattern;
        out.pattern = pattern(f);
        if (out.pattern) {
          for (const auto& m : out.pattern->metavariables()) bound.insert(m);
        }
        break;
      }
      case Formula::Kind::call:
        out.kind = CompiledFormula::Kind::call;
        out.hidden = f.hidden;
        for (const auto& callee : f.callees) out.names.emplace_back(qualify(callee));
        for (const auto& a : f.args) {
          detail::CompiledArgCondition c;
          c.position = a.position;
          c.keyword = a.keyword;
          c.negated = a.negated;
          c.test = static_cast<detail::ArgTestKind>(a.test);
          if (a.test == ArgTest::equals) c.expected = constant(a.value, a.pos).value_or("");
          if (a.test == ArgTest::matches) c.regex = regex(a.value, a.pos);
          out.args.push_back(std::move(c));
        }
        break;
      case Formula::Kind::import:
        out.kind = CompiledFormula::Kind::import;
        has_import_ = true;
        for (const auto& name : f.names) out.names.emplace_back(name);
        break;
      case Formula::Kind::imports:  // a filter; here as the child of `not`
        out.kind = CompiledFormula::Kind::file_imports;
        for (const auto& name : f.names) out.names.emplace_back(name);
        break;
      case Formula::Kind::set_ref:  // sets are expanded before lowering, except where they cannot be
        error(f.pos, fmt::format("the set '{}' cannot be named inside 'where ... pattern'", f.text));
        break;
      case Formula::Kind::weights:
        error(f.pos, "a 'weights' formula matches what loading a weights file does, not code: "
                     "use it as the whole match, or in an 'any' of 'weights' formulas");
        break;
      case Formula::Kind::node: {
        out.kind = CompiledFormula::Kind::node;
        out.node_type = f.text;
        const TSLanguage* language = detail::PythonGrammar::get().language();
        if (ts_language_symbol_for_name(language, f.text.data(), static_cast<std::uint32_t>(f.text.size()), true) == 0) {
          error(f.pos, fmt::format("unknown node type '{}' (see tree-sitter-python's node-types.json)", f.text));
        }
        break;
      }
      case Formula::Kind::any: {
        out.kind = CompiledFormula::Kind::any;
        std::optional<MetavarSet> common;  // bound by every branch
        for (const auto& c : f.children) {
          MetavarSet branch;
          out.children.push_back(lower(c, branch));
          if (!common) {
            common = std::move(branch);
          } else {
            MetavarSet both;
            std::set_intersection(common->begin(), common->end(), branch.begin(), branch.end(), std::inserter(both, both.end()));
            common = std::move(both);
          }
        }
        if (common) bound.insert(common->begin(), common->end());
        break;
      }
      case Formula::Kind::all: {
        out.kind = CompiledFormula::Kind::all;
        // Positive children and `inside` bind; the filters may use what they bind.
        out.children.resize(f.children.size());
        for (std::size_t i = 0; i < f.children.size(); ++i) {
          const Formula& c = f.children[i];
          if (positive(c.kind)) out.children[i] = lower(c, bound);
          if (c.kind == Formula::Kind::inside) out.children[i] = wrap(c, bound);
        }
        if (!std::any_of(f.children.begin(), f.children.end(), [](const Formula& c) { return positive(c.kind); })) {
          error(f.pos, "'all' needs at least one pattern, call, import or node to match; filters alone match nothing");
        }
        for (std::size_t i = 0; i < f.children.size(); ++i) {
          const Formula& c = f.children[i];
          if (positive(c.kind) || c.kind == Formula::Kind::inside) continue;
          out.children[i] = lower_filter(c, bound);
        }
        break;
      }
      default:
        // not / inside / not-inside / where / focus outside `all`: the parser reports it.
        break;
    }
    return out;
  }

  // not, inside, not-inside: a wrapper holding the lowered child.
  CompiledFormula wrap(const Formula& f, MetavarSet& bound) {
    CompiledFormula out;
    out.kind = f.kind == Formula::Kind::not_       ? CompiledFormula::Kind::not_
               : f.kind == Formula::Kind::inside ? CompiledFormula::Kind::inside
                                                 : CompiledFormula::Kind::not_inside;
    MetavarSet inner = bound;
    ++report_blocked_;
    if (!f.children.empty()) out.children.push_back(lower(f.children.front(), inner));
    --report_blocked_;
    if (f.kind == Formula::Kind::inside) bound = std::move(inner);
    return out;
  }

  CompiledFormula lower_filter(const Formula& f, const MetavarSet& bound) {
    CompiledFormula out;
    switch (f.kind) {
      case Formula::Kind::not_:
      case Formula::Kind::not_inside: {
        MetavarSet scratch = bound;
        return wrap(f, scratch);
      }
      case Formula::Kind::where: {
        out.kind = CompiledFormula::Kind::where;
        const MetaCondition& m = *f.condition;
        require_bound(m.metavar, bound, m.pos, "'where'");
        detail::CompiledMetaCondition c;
        c.metavar = m.metavar;
        c.decoded = m.decoded;
        c.chain = m.chain;
        c.negated = m.negated;
        c.test = static_cast<detail::MetaTestKind>(m.test);
        if (m.test == MetaTest::matches) c.regex = regex(m.regex, m.pos);
        c.values = m.values;
        if (m.decoded) {
          has_decoded_ = true;
          has_decoded_yara_ = has_decoded_yara_ || m.test == MetaTest::matches_yara;
          has_decoded_kind_ = has_decoded_kind_ || m.test == MetaTest::is_kind;
          if (m.chain && m.test != MetaTest::matches) {
            error(m.pos, fmt::format("decoded({}).chain takes only `matches \"RE\"`", m.metavar));
          } else if (m.test != MetaTest::matches && m.test != MetaTest::matches_yara && m.test != MetaTest::is_kind) {
            error(m.pos, fmt::format("decoded({}) takes only `matches \"RE\"`, `matches yara [...]` or `is [...]`", m.metavar));
          }
        } else if (m.test == MetaTest::matches_yara) {
          error(m.pos, fmt::format("`matches yara` applies to a value: write decoded({}) matches yara [...]", m.metavar));
        } else if (m.test == MetaTest::is_kind) {
          error(m.pos, fmt::format("`is [...]` applies to a value: write decoded({}) is [...]", m.metavar));
        }
        if (m.test == MetaTest::is_kind) {
          for (const std::string& kind : m.values) {
            if (!detail::codec::content_kind_named(kind)) {
              error(m.pos, fmt::format("unknown content kind '{}' (elf, pe, mach-o, python-bytecode, pickle, shell-script, "
                                       "python-source, c-source, archive)", kind));
            }
          }
        }
        if (m.test == MetaTest::matches_yara) c.signatures = signature_indices(m);
        if (m.test == MetaTest::pattern && m.pattern) {
          MetavarSet scratch;
          ++report_blocked_;
          c.pattern = std::make_shared<const CompiledFormula>(lower(*m.pattern, scratch));
          --report_blocked_;
        }
        if (m.test == MetaTest::int_compare) int_metavars_.insert(m.metavar);
        c.mask = m.mask;
        c.op = static_cast<detail::IntOpKind>(m.op);
        c.number = m.number;
        out.condition = std::move(c);
        return out;
      }
      case Formula::Kind::focus:
        out.kind = CompiledFormula::Kind::focus;
        out.metavar = f.text;
        require_bound(f.text, bound, f.pos, "'focus'");
        return out;
      case Formula::Kind::report: {
        out.kind = CompiledFormula::Kind::report;
        if (taint_) {
          error(f.pos, "'report' applies to a rule's match: a taint rule reports its flows with the rule's severity, "
                       "confidence and message");
        } else if (report_blocked_ > 0) {
          error(f.pos, "'report' has no effect inside 'not', 'inside', 'not-inside' or a where pattern: put it in the "
                       "'all' that matches the code reported");
        }
        auto report = std::make_shared<detail::CompiledReport>();
        report->severity = f.report->severity;
        report->confidence = f.report->confidence;
        report->message = f.report->message;
        if (f.report->message) report_messages_.push_back({*f.report->message, f.report->message_pos, bound});
        out.report = std::move(report);
        return out;
      }
      case Formula::Kind::imports: {
        MetavarSet scratch;
        return lower(f, scratch);
      }
      default: return out;
    }
  }

  // The YARA rules a `matches yara [NAMES]` names: `rule` in any namespace or `ns.rule`,
  // `*` globs; each name must match some non-private rule.
  std::vector<std::uint32_t> signature_indices(const MetaCondition& m) {
    std::vector<std::uint32_t> out;
    const detail::SignatureSet* signatures = signature_source_ ? signature_source_() : nullptr;
    for (const std::string& name : m.values) {
      bool found = false;
      const bool qualified = name.find('.') != std::string::npos;
      const auto& rules = signatures ? signatures->rules() : std::vector<detail::SignatureRule>{};
      for (std::uint32_t i = 0; i < rules.size(); ++i) {
        const std::string full = rules[i].ns + "." + rules[i].name;
        if (rules[i].is_private || !detail::glob_match(name, qualified ? full : rules[i].name)) continue;
        out.push_back(i);
        found = true;
      }
      if (!found) {
        error(m.pos, signatures ? fmt::format("no YARA rule named '{}' among the loaded signature files", name)
                                : fmt::format("no YARA rule named '{}': no signature file (.yar) is loaded with these rules", name));
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // {callee} and {$X} with $X bound; with a decoded($X) condition also {decoded} (an excerpt
  // of the value), {decoded.chain} and {yara.rule}; `{{` and `}}` are literal braces; anything
  // else in braces is an error, and so is a '{' or '}' on its own.
  void check_message(const MetavarSet& bound) { check_template(rule_.message, rule_.message_pos, bound); }

  void check_template(const std::string& message, Position message_pos, const MetavarSet& bound) {
    detail::for_each_template_piece(message, [&](const detail::TemplatePiece& piece) {
      using Piece = detail::TemplatePiece;
      if (piece.kind == Piece::Kind::stray_close) {
        error(message_pos, "unmatched '}' in the message; write '}}' for a literal '}'");
        return;
      }
      if (piece.kind == Piece::Kind::unclosed_open) {
        error(message_pos, "unclosed '{' in the message; write '{{' for a literal '{'");
        return;
      }
      if (piece.kind != Piece::Kind::placeholder) return;
      const std::string name(piece.text);
      if (name == "callee") return;
      if (name == "imported" && !weights_rule_) {
        if (!has_import_) error(message_pos, "{imported} in the message needs an `import` formula");
        return;
      }
      if (weights_rule_) {
        if (name != "reason" && name != "detail") {
          error(message_pos, fmt::format("unknown placeholder {{{}}} in the message of a weights rule; use {{callee}}, {{reason}} or {{detail}}", name));
        }
        return;
      }
      if (name == "decoded" || name == "decoded.chain" || name == "decoded.size") {
        if (!has_decoded_) error(message_pos, fmt::format("{{{}}} in the message needs a `where decoded($X) ...` condition", name));
        return;
      }
      if (name == "decoded.kind") {
        if (!has_decoded_kind_) error(message_pos, "{decoded.kind} in the message needs a `where decoded($X) is [...]` condition");
        return;
      }
      if (name == "yara.rule") {
        if (!has_decoded_yara_) error(message_pos, "{yara.rule} in the message needs a `where decoded($X) matches yara [...]` condition");
        return;
      }
      if (name.starts_with("str($") && name.ends_with(")")) {
        require_bound(name.substr(4, name.size() - 5), bound, message_pos, "the message");
        return;
      }
      if (name.starts_with("oct(") && name.ends_with(")")) {
        const std::string metavar = name.substr(4, name.size() - 5);
        if (!int_metavars_.contains(metavar)) {
          error(message_pos, fmt::format("{{{}}} in the message needs a `where int({}) ...` condition", name, metavar));
        }
        return;
      }
      if (name.starts_with('$')) require_bound(name, bound, message_pos, "the message");
      else error(message_pos, fmt::format("unknown placeholder {{{}}} in the message; use {{callee}} or {{$NAME}}, and {{{{ and }}}} for literal braces", name));
    });
  }

  const RuleFile& file_;
  const RuleDecl& rule_;
  std::vector<RuleFileError>& errors_;
  const SignatureSource& signature_source_;
  bool weights_rule_ = false;
  bool has_decoded_ = false;       // some `where decoded($X)`: {decoded}, {decoded.chain}
  bool has_decoded_yara_ = false;  // some `where decoded($X) matches yara`: {yara.rule}
  bool has_decoded_kind_ = false;  // some `where decoded($X) is [...]`: {decoded.kind}
  bool failed_ = false;
  bool taint_ = false;         // lowering a taint rule's formulas
  bool has_import_ = false;    // some `import` formula: {imported}
  int report_blocked_ = 0;     // inside not / inside / not-inside / a where pattern
  std::set<std::string> int_metavars_;  // tested by some `where int($X)`: {oct($X)}
  struct ReportMessage {
    std::string message;
    Position pos;
    MetavarSet bound;
  };
  std::vector<ReportMessage> report_messages_;  // checked once the formula is lowered
};

using detail::FlowModel;

std::string_view end_name(FlowEnd::Kind kind) {
  switch (kind) {
    case FlowEnd::Kind::receiver: return "receiver";
    case FlowEnd::Kind::argument: return "arg";
    case FlowEnd::Kind::any_argument: return "args";
    case FlowEnd::Kind::keyword: return "kwarg";
    case FlowEnd::Kind::result: return "result";
  }
  return {};
}

FlowModel::End compiled_end(FlowEnd::Kind kind) {
  switch (kind) {
    case FlowEnd::Kind::receiver: return FlowModel::End::receiver;
    case FlowEnd::Kind::argument: return FlowModel::End::argument;
    case FlowEnd::Kind::any_argument: return FlowModel::End::any_argument;
    case FlowEnd::Kind::keyword: return FlowModel::End::keyword;
    case FlowEnd::Kind::result: return FlowModel::End::result;
  }
  return FlowModel::End::result;
}

// A file's `models` entries as FlowModels, one per callee. Checked here: sources and targets
// (`result` is only a target; `args` and `kwarg` only sources, since a call cannot write
// into "every argument" or a keyword), no flow from an end to itself, exact callees (no
// `*`, a method is one name), and one entry per callee within a file (a second one is
// almost certainly a mistake; across files the later file replaces, see merge_models).
std::vector<FlowModel> lower_models(const RuleFile& file, std::vector<RuleFileError>& errors) {
  std::vector<FlowModel> models;
  std::map<std::string, Position, std::less<>> first;
  for (const ModelsDecl& block : file.models) {
    for (const ModelEntry& entry : block.entries) {
      const std::size_t errors_before = errors.size();
      std::vector<FlowModel::Flow> flows;
      for (const FlowDecl& flow : entry.flows) {
        const FlowEnd& to = flow.target;
        if (to.kind == FlowEnd::Kind::any_argument || to.kind == FlowEnd::Kind::keyword) {
          errors.push_back(error_at(file, to.pos,
                                    fmt::format("'{}' can only be a source of flow; a target is receiver, arg N or result",
                                                end_name(to.kind))));
        }
        for (const FlowEnd& from : flow.sources) {
          if (from.kind == FlowEnd::Kind::result) {
            errors.push_back(error_at(file, from.pos,
                                      "'result' can only be a target of flow; a source is receiver, arg N, args or kwarg NAME"));
          } else if (from.kind == to.kind && (from.kind == FlowEnd::Kind::receiver ||
                                              (from.kind == FlowEnd::Kind::argument && from.index == to.index))) {
            errors.push_back(error_at(file, from.pos, "a flow from an end to itself says nothing"));
          }
          flows.push_back({compiled_end(from.kind), from.index, from.keyword, compiled_end(to.kind), to.index});
        }
      }
      for (const std::string& name : entry.callees) {
        if (name.find('*') != std::string::npos) {
          errors.push_back(error_at(file, entry.pos,
                                    fmt::format("'{}': a model names exact callees, without '*'", name)));
        } else if (name.starts_with('.') && name.find('.', 1) != std::string::npos) {
          errors.push_back(error_at(file, entry.pos,
                                    fmt::format("'{}': a method model is one name after '.', like .decode", name)));
        }
      }
      if (errors.size() != errors_before) continue;
      for (const std::string& name : entry.callees) {
        const std::string callee = qualify(name);
        const auto [it, inserted] = first.try_emplace(callee, entry.pos);
        if (!inserted) {
          errors.push_back(error_at(file, entry.pos,
                                    fmt::format("duplicate model for '{}' (first declared at {}:{})", callee,
                                                it->second.line, it->second.column)));
          continue;
        }
        models.push_back({callee, flows, file.path, entry.pos.line});
      }
    }
  }
  return models;
}

// A file's `verdicts` entries, in order.
void lower_verdicts(const RuleFile& file, detail::CallableVerdicts& out) {
  for (const VerdictsDecl& block : file.verdicts) {
    for (const VerdictDecl& entry : block.entries) {
      for (const std::string& name : entry.names) {
        out.add({entry.deny, detail::NameGlob(qualify(name)), entry.reason, file.path, entry.pos.line});
      }
    }
  }
}

}  // namespace

void merge_models(std::vector<detail::FlowModel>& models, std::vector<detail::FlowModel> later) {
  std::map<std::string, std::size_t, std::less<>> index;
  for (std::size_t i = 0; i < models.size(); ++i) index.emplace(models[i].callee, i);
  models.reserve(models.size() + later.size());
  for (detail::FlowModel& model : later) {
    const auto it = index.find(model.callee);
    if (it != index.end()) {
      models[it->second] = std::move(model);
    } else {
      index.emplace(model.callee, models.size());
      models.push_back(std::move(model));
    }
  }
}

CompiledRuleFiles compile_rule_files(const std::vector<std::pair<std::string, std::string>>& files,
                                     std::vector<RuleFileError>& errors, const detail::SignatureSet* signatures,
                                     const std::vector<std::pair<std::string, std::string>>& set_library) {
  return compile_rule_files(files, errors, SignatureSource([signatures] { return signatures; }), set_library);
}

CompiledRuleFiles compile_rule_files(const std::vector<std::pair<std::string, std::string>>& files,
                                     std::vector<RuleFileError>& errors, const SignatureSource& signatures,
                                     const std::vector<std::pair<std::string, std::string>>& set_library) {
  CompiledRuleFiles out;
  const std::size_t first_error = errors.size();
  // Every file first: a rule may name a set any file declares.
  std::vector<RuleFile> library, parsed;
  library.reserve(set_library.size());
  parsed.reserve(files.size());
  for (const auto& [path, text] : set_library) library.push_back(parse_rule_file(path, text, errors));
  for (const auto& [path, text] : files) parsed.push_back(parse_rule_file(path, text, errors));
  SetTable sets;
  for (const RuleFile& file : library) sets.add(file, true, errors);
  for (const RuleFile& file : parsed) sets.add(file, false, errors);
  sets.check(errors);
  // The rules to lower, in order: each set on its own, as a rule matching any of its members
  // (a set no rule names is checked too, and `test-rules` tests each set by this rule, id
  // KIND.NAME), then every rule with its sets expanded.
  struct Job {
    const RuleFile* file;
    RuleDecl decl;
    bool set_rule;
    std::optional<detail::CompiledRule> compiled;
    std::vector<RuleFileError> errors;
  };
  std::vector<Job> jobs;
  for (const SetTable::Declared& set : sets.declared()) {
    RuleDecl decl;
    decl.pos = set.decl->pos;
    decl.id_pos = set.decl->name_pos;
    decl.info.id = fmt::format("{}.{}", to_string(set.decl->kind), set.decl->name);
    decl.info.title = fmt::format("A member of {} '{}'", to_string(set.decl->kind), set.decl->name);
    decl.info.severity = Severity::low;
    decl.info.confidence = Confidence::low;
    Formula any;
    any.kind = Formula::Kind::any;
    any.pos = set.decl->pos;
    any.children = set.members;
    decl.match = std::move(any);
    jobs.push_back({set.file, std::move(decl), true, std::nullopt, {}});
  }
  std::map<std::string, std::pair<std::string, Position>, std::less<>> first_definition;
  for (const RuleFile& file : parsed) {
    for (const RuleDecl& parsed_decl : file.rules) {
      const auto [it, inserted] = first_definition.try_emplace(parsed_decl.info.id, file.path, parsed_decl.id_pos);
      if (!inserted) {
        if (it->second.first != file.path) {  // the parser reports duplicates within one file
          errors.push_back(error_at(file, parsed_decl.id_pos,
                                    fmt::format("duplicate rule id '{}' (first defined at {}:{}:{})", parsed_decl.info.id,
                                                it->second.first, it->second.second.line, it->second.second.column)));
        }
        continue;
      }
      RuleDecl decl = parsed_decl;
      if (!sets.expand(file, decl, errors)) continue;
      jobs.push_back({&file, std::move(decl), false, std::nullopt, {}});
    }
  }
  // Lowering is most of start-up (pattern snippets parsed, regexes checked, prefilter atoms)
  // and each rule lowers on its own, so the rules are shared out among threads; the results
  // and errors are gathered in the order above, so the output does not depend on the threads.
  std::atomic<std::size_t> next{0};
  const auto lower_jobs = [&] {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < jobs.size();) {
      Job& job = jobs[i];
      job.compiled = Lowering(*job.file, job.decl, job.errors, signatures).run();
    }
  };
  const std::size_t helpers = std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), 4) - 1;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < helpers && jobs.size() > 16 * (t + 1); ++t) threads.emplace_back(lower_jobs);
  lower_jobs();
  for (std::thread& thread : threads) thread.join();
  for (Job& job : jobs) {
    errors.insert(errors.end(), std::make_move_iterator(job.errors.begin()), std::make_move_iterator(job.errors.end()));
    if (job.compiled) (job.set_rule ? out.set_rules : out.rules).push_back(std::move(*job.compiled));
  }
  for (const RuleFile& file : parsed) {
    merge_models(out.models, lower_models(file, errors));
    lower_verdicts(file, out.verdicts);
  }
  out.sets = sets.describe();
  // Flow models are named blocks of the same kind of data (how a call passes taint), listed
  // beside the sets; every taint rule uses them, so none is listed as a user.
  for (const RuleFile& file : parsed) {
    for (const ModelsDecl& models : file.models) {
      NamedSet listed;
      listed.kind = "models";
      listed.name = models.name;
      listed.file = file.path;
      listed.position = models.pos;
      listed.members = models.entries.size();
      out.sets.push_back(std::move(listed));
    }
  }
  // Errors by file (in the order given) and, within one, by line, whichever step found them.
  std::map<std::string_view, std::size_t> file_order;
  for (const RuleFile& file : library) file_order.emplace(file.path, file_order.size());
  for (const RuleFile& file : parsed) file_order.emplace(file.path, file_order.size());
  std::stable_sort(errors.begin() + static_cast<std::ptrdiff_t>(first_error), errors.end(),
                   [&](const RuleFileError& a, const RuleFileError& b) {
                     const auto fa = file_order.find(a.file), fb = file_order.find(b.file);
                     const std::size_t ia = fa == file_order.end() ? SIZE_MAX : fa->second;
                     const std::size_t ib = fb == file_order.end() ? SIZE_MAX : fb->second;
                     return std::tie(ia, a.position) < std::tie(ib, b.position);
                   });
  return out;
}

}  // namespace warden::dsl
