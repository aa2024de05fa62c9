// The rule language's syntax tree: what the PEGTL parser (dsl/rule_parser.cpp) builds from a
// rule file, before lowering (dsl/lower.cpp) checks it and compiles it into the formula IR.
// Every node keeps its position so every error can point at the exact place.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "warden/rules.hpp"

namespace warden::dsl {

// 1-based line and column (code points) in a rule file.
using SourcePos = Position;

// A condition on one argument of a call:  `shell: truthy`, `0|command: computed`,
// `weights_only: not true`, `url: matches "^http:"`.
enum class ArgTest : std::uint8_t {
  present,   // the argument is given (by position or keyword)
  absent,    // it is not
  truthy,    // a constant whose Python truth value is True
  falsy,     // a constant whose truth value is False
  literal,   // a constant (strings without interpolation, numbers, True/False/None, containers of them)
  computed,  // given and not a literal
  equals,    // a constant equal to `value` (a Python literal: 'x', 3, True, None)
  matches,   // a string constant matching the RE2 regex `value`
};

struct ArgCondition {
  SourcePos pos;
  std::optional<std::uint32_t> position;  // 0-based positional index
  std::string keyword;                    // keyword name; may be set together with position
  bool negated = false;                   // `not truthy`: the test does not hold (absent counts as not holding)
  ArgTest test = ArgTest::present;
  std::string value;                      // for equals and matches
};

// A condition on a metavariable:  `where $X matches "regex"`, `where $FN in [run, call]`,
// `where $X literal`, `where $X computed`, `where $X pattern `...``; on the value Warden
// computes for it: `where decoded($X) matches "regex"`, `where decoded($X) matches yara [...]`.
// `where int($X) < 10`, `where int($X) & 0o002`, `where int($X) & 0o7 == 5`: int_compare, on
// an integer literal's value.
enum class MetaTest : std::uint8_t { matches, in_list, literal, computed, pattern, matches_yara, is_kind, int_compare, str_constant };
enum class IntOp : std::uint8_t { lt, le, gt, ge, eq, ne, nonzero };

struct Formula;

struct MetaCondition {
  SourcePos pos;
  std::string metavar;  // with its '$': "$X"
  bool decoded = false;  // decoded($X): the test applies to the statically computed value
  bool chain = false;    // decoded($X).chain: to the steps that computed it, as text
  bool negated = false;
  MetaTest test = MetaTest::matches;
  std::string regex;                  // matches
  std::vector<std::string> values;    // in_list; matches_yara: the rule names (globs)
  std::shared_ptr<Formula> pattern;   // pattern: a nested formula matched against the bound code
  std::optional<std::int64_t> mask;   // int_compare: `& MASK` first
  IntOp op = IntOp::nonzero;          // int_compare (nonzero: `& MASK` alone)
  std::int64_t number = 0;            // int_compare: the right-hand side
};

// `report { severity: S  confidence: C  message: "..." }`: what a finding that matched through
// the enclosing `all` says instead of the rule's own keys (each optional).
struct ReportDecl {
  std::optional<Severity> severity;
  std::optional<Confidence> confidence;
  std::optional<std::string> message;  // a template like the rule's message
  SourcePos message_pos;
};

// The formula IR's surface form. Semgrep's operators: a rule matches where its formula does.
struct Formula {
  enum class Kind : std::uint8_t {
    all,         // every child holds at the same place (children: formulas, including where/focus)
    any,         // some child holds
    not_,        // the child does not hold here (only inside `all`)
    inside,      // the place is inside code the child matches
    not_inside,  // the place is not inside code the child matches
    pattern,     // Python code with metavariables: `text`
    call,        // a call to one of `callees` (globs on qualified names) meeting `args`
    import,      // an import of a module or name matching one of `names` (qualified globs)
    imports,     // the file imports a module or name matching one of `names` (a filter: inside `all`, or under `not`)
    node,        // a syntax node of kind `text` (tree-sitter-python's node type name)
    where,       // a metavariable condition: `condition`
    focus,       // report the range bound to metavariable `text` instead of the whole match
    report,      // a filter that always holds: severity, confidence, message for matches through it
    weights,     // what loading a weights file does: fact `text` ("call", "unreadable", "anomaly",
                 // "keras-lambda", "chat-template"); a call's `verdict` or `callees`; `regex`
    set_ref,     // the named set `text` (sources, sinks, sanitizers): any of its members; replaced
                 // by them before lowering (expand_sets)
  };
  Kind kind = Kind::pattern;
  SourcePos pos;
  std::vector<Formula> children;
  std::string text;
  std::vector<std::string> callees;    // call: "subprocess.Popen", "subprocess.*", expanded from {a,b}
  std::vector<ArgCondition> args;      // call
  bool hidden = false;                 // call hidden: only callees named through computed strings
  std::vector<std::string> names;      // import, imports: "telnetlib", "Crypto.Cipher.DES", "Crypto.Cipher.*"
  std::optional<MetaCondition> condition;  // where
  std::optional<ReportDecl> report;        // report
  std::string verdict;                 // weights call: "denied", "unknown", "allowed"; "" with callees
  std::string regex;                   // weights: `matches "RE2"` ("" when not given)
  // A taint entry that is a member of a named set: the same nonzero key in every rule that
  // names the set (and nowhere else), so matchers try it once per place for all of them.
  std::uint64_t shared_key = 0;
};

// `taint: { ... }`: where tainted values come from, where they must not go, what cleans
// them, and extra propagation steps (a formula binding $FROM and $TO).
struct TaintDecl {
  SourcePos pos;  // of the `taint` key
  std::vector<Formula> sources, sinks, sanitizers, steps;
};

// One `rule ID { ... }` block. `info` holds the metadata; each key's position is kept for errors.
struct RuleDecl {
  SourcePos pos;         // of the `rule` keyword
  SourcePos id_pos;
  RuleInfo info;
  std::string message;   // template: "{callee}", "{$X}" are replaced per finding
  SourcePos message_pos;
  std::optional<Formula> match;
  std::optional<TaintDecl> taint;  // a rule has `match` or `taint`, not both
  std::string group;               // `group:`: the first rule of a group to match a place reports
};

// One end of a flow in a `models` entry: `receiver`, `arg 2`, `args`, `kwarg cls`, `result`.
// Which ends may be sources and which targets is lowering's check.
struct FlowEnd {
  enum class Kind : std::uint8_t { receiver, argument, any_argument, keyword, result };
  SourcePos pos;
  Kind kind = Kind::result;
  std::uint32_t index = 0;  // argument
  std::string keyword;      // keyword
};

// `SOURCE, SOURCE -> TARGET`
struct FlowDecl {
  std::vector<FlowEnd> sources;
  FlowEnd target;
};

// One line of a `models` block: `base64.{b64decode, b64encode}: arg 0 -> result`.
struct ModelEntry {
  SourcePos pos;                     // of the callee
  std::vector<std::string> callees;  // expanded from {a,b}: "base64.b64decode", ".append"
  std::vector<FlowDecl> flows;       // empty for `none`
};

// `models NAME { ENTRY... }`: the name documents the block; models are not rules.
struct ModelsDecl {
  SourcePos pos;  // of the `models` keyword
  std::string name;
  std::vector<ModelEntry> entries;
};

// One line of a `verdicts` block: `allow collections.OrderedDict`, `deny os "runs commands"`.
struct VerdictDecl {
  SourcePos pos;  // of `allow` or `deny`
  bool deny = false;
  std::vector<std::string> names;  // expanded from {a,b}
  std::string reason;
};

// `verdicts NAME { ENTRY... }`: how the callables a weights file's load names are judged.
struct VerdictsDecl {
  SourcePos pos;
  std::string name;
  std::vector<VerdictDecl> entries;
};

// `sources NAME { F... }`, `sinks NAME { ... }`, `sanitizers NAME { ... }`: a named set of
// formulas a taint rule (or any formula) can name. Members may name other sets of the kind.
enum class SetKind : std::uint8_t { sources, sinks, sanitizers };
std::string_view to_string(SetKind kind) noexcept;

struct SetDecl {
  SourcePos pos;       // of the keyword
  SourcePos name_pos;
  SetKind kind = SetKind::sources;
  std::string name;
  std::vector<Formula> members;
};

struct RuleFile {
  std::string path;
  std::string text;  // kept for error snippets
  std::vector<RuleDecl> rules;
  std::vector<ModelsDecl> models;
  std::vector<VerdictsDecl> verdicts;
  std::vector<SetDecl> sets;
};

// Line `line` (1-based) of `text`, for an error's snippet.
std::string_view line_at(std::string_view text, std::uint32_t line);

// An error at `pos` of `file`, with its line for the snippet.
RuleFileError error_at(const RuleFile& file, Position pos, std::string message);

// " (did you mean 'K'?)" for the nearest of `known` when it is a near miss of `word`, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known);

// Parses one rule file. Syntax errors, unknown keys, bad values and duplicate ids within the
// file are appended to `errors`; the parser recovers at the next `rule` or `models` (and, in a
// `models` block, at the next line) so one file reports all its errors.
RuleFile parse_rule_file(std::string path, std::string text, std::vector<RuleFileError>& errors);

}  // namespace warden::dsl
