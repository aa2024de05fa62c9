// The rule language's grammar (docs/rule-language.md, "Reference"), as PEGTL 3.2 rules.
//
// One rule per construct. Rules that can fail inside `must<>` carry
// `static constexpr const char* error_message`: what was expected there. The parser
// (dsl/rule_parser.cpp) turns those into errors, and builds the syntax tree with actions
// attached to the rules below; this header only recognises text.
//
// After a keyword has matched, everything that follows is `must<>`: a construct either
// parses completely or reports what it expected, so actions never run for a construct that
// is later backtracked.
#pragma once

#include <tao/pegtl.hpp>

namespace warden::grammar {

namespace pg = tao::pegtl;
using pg::any;
using pg::at;
using pg::digit;
using pg::eof;
using pg::eolf;
using pg::must;
using pg::not_at;
using pg::not_one;
using pg::one;
using pg::opt;
using pg::plus;
using pg::raise;
using pg::range;
using pg::ranges;
using pg::seq;
using pg::sor;
using pg::space;
using pg::star;
using pg::until;
using pg::xdigit;

// ---------------------------------------------------------------------------------------
// Lexical

// `#` to the end of the line; whitespace (newlines included) separates tokens.
struct comment : seq<one<'#'>, until<eolf>> {};
struct skip : star<sor<space, comment>> {};

struct name_char : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct name_start : ranges<'a', 'z', 'A', 'Z', '_'> {};
// Keys and keywords end where no name character or '-' follows (`not` vs `not-inside`).
struct word_tail : sor<name_char, one<'-'>> {};
template <typename Str>
struct kw : seq<Str, not_at<word_tail>> {};

// A bare word: severities, tags, other tools' ids (`B602`, `python.lang.x-y`).
struct word : seq<name_char, star<sor<name_char, one<'-', '.'>>>> {};
struct integer : seq<plus<digit>, not_at<name_char>> {};

// "..." with the escapes \" \\ \n \t (any other \c is kept as written), on one line.
struct escape : seq<one<'\\'>, not_one<'\n', '\r'>> {};
struct quoted_char : sor<escape, not_one<'"', '\\', '\n', '\r'>> {};
struct quoted_close : one<'"'> {
  static constexpr const char* error_message = "unterminated string";
};
struct quoted_string : seq<one<'"'>, star<quoted_char>, must<quoted_close>> {};

// """...""" over several lines, verbatim, dedented.
struct triple_quote : pg::string<'"', '"', '"'> {};
struct triple_close : triple_quote {
  static constexpr const char* error_message = "unterminated string";
};
struct triple_string : seq<triple_quote, star<not_at<triple_quote>, any>, must<triple_close>> {};

struct string_literal : sor<triple_string, quoted_string> {};

// `CODE` on one line, or ```CODE``` over several lines (dedented).
struct tick_close : one<'`'> {
  static constexpr const char* error_message = "unterminated pattern";
};
struct tick_pattern : seq<one<'`'>, star<not_one<'`', '\n', '\r'>>, must<tick_close>> {};
struct fence : pg::string<'`', '`', '`'> {};
struct fence_close : fence {
  static constexpr const char* error_message = "unterminated pattern";
};
struct fenced_pattern : seq<fence, star<not_at<fence>, any>, must<fence_close>> {};
struct pattern_literal : sor<fenced_pattern, tick_pattern> {
  static constexpr const char* error_message = "expected a code pattern in backticks, like `eval(...)`";
};

// $X, $CMD, $FN_2, and sequence metavariables $...ARGS
struct metavar : seq<one<'$'>, opt<pg::string<'.', '.', '.'>>, range<'A', 'Z'>, star<ranges<'A', 'Z', '0', '9', '_'>>,
                     not_at<name_char>> {
  static constexpr const char* error_message = "expected a metavariable like $X or $...ARGS";
};

// `[ITEM, ...]`, a trailing comma allowed. Each item type names itself in `list_error`.
template <typename Item>
struct list_end : one<']'> {
  static constexpr const char* error_message = Item::list_error;
};
template <typename Item>
struct bracket_list
    : seq<one<'['>, skip, opt<Item, skip, star<one<','>, skip, Item, skip>, opt<one<','>, skip>>,
          must<list_end<Item>>> {};
template <typename Item>
struct nonempty_list
    : seq<one<'['>, skip, must<Item>, skip, star<one<','>, skip, Item, skip>, opt<one<','>, skip>,
          must<list_end<Item>>> {};

// ---------------------------------------------------------------------------------------
// Qualified-name globs (CALLEES, NAMES): dotted segments of name characters and `*`, with
// `{a, b}` alternatives (no nesting): `subprocess.{run, call}`, `requests.*`.

struct glob_char : sor<name_char, one<'*'>> {};
struct alternative : seq<plus<glob_char>, star<one<'.'>, plus<glob_char>>> {
  static constexpr const char* error_message = "expected a name in '{...}'";
};
struct alternatives_close : one<'}'> {
  static constexpr const char* error_message = "expected ',' or '}' to close the alternatives";
};
struct alternatives
    : seq<one<'{'>, star<space>, must<alternative>, star<star<space>, one<','>, star<space>, alternative>,
          star<space>, opt<one<','>, star<space>>, must<alternatives_close>> {};
struct name_segment : plus<sor<glob_char, alternatives>> {
  static constexpr const char* error_message = "expected a name after '.'";
};
struct qualified_glob : seq<name_segment, star<one<'.'>, must<name_segment>>> {};

struct callee : qualified_glob {
  static constexpr const char* error_message = "expected a qualified name like subprocess.run";
  static constexpr const char* list_error = "expected a qualified name or ']'";
};
struct callees : sor<nonempty_list<callee>, callee> {
  static constexpr const char* error_message =
      "expected a callee: a qualified name like subprocess.run, or a list [a.b, c.d]";
};
struct import_name : qualified_glob {
  static constexpr const char* error_message = "expected a module or name like telnetlib";
  static constexpr const char* list_error = "expected a module or name or ']'";
};
struct import_names : sor<nonempty_list<import_name>, import_name> {
  static constexpr const char* error_message =
      "expected a module or name like telnetlib, or a list [a.b, c.d]";
};

// ---------------------------------------------------------------------------------------
// Argument conditions: `(0|command: not literal, shell: = True)`

struct regex_string : string_literal {
  static constexpr const char* error_message = "expected a regular expression in a string, like \"^http:\"";
};

// `= VALUE`: the Python constant's source text ('x', "x", b'x', 3, -1.5, True, None, (1, 2)),
// kept as written; lowering checks with the Python parser that it is a constant. Here it is
// a run of text up to a ',' or ')' outside brackets and strings.
struct py_string_close_single : one<'\''> {
  static constexpr const char* error_message = "unterminated string";
};
struct py_string_close_double : one<'"'> {
  static constexpr const char* error_message = "unterminated string";
};
struct py_single_quoted : seq<one<'\''>, star<sor<escape, not_one<'\'', '\\', '\n', '\r'>>>, must<py_string_close_single>> {};
struct py_double_quoted : seq<one<'"'>, star<sor<escape, not_one<'"', '\\', '\n', '\r'>>>, must<py_string_close_double>> {};
struct py_string : sor<py_single_quoted, py_double_quoted> {};
struct py_group;
struct py_group_body : star<sor<py_string, py_group, not_one<'(', ')', '[', ']', '{', '}', '\'', '"'>>> {};
struct py_paren_close : one<')'> {
  static constexpr const char* error_message = "expected ')' to close '(' in the value";
};
struct py_bracket_close : one<']'> {
  static constexpr const char* error_message = "expected ']' to close '[' in the value";
};
struct py_brace_close : one<'}'> {
  static constexpr const char* error_message = "expected '}' to close '{' in the value";
};
struct py_group
    : sor<seq<one<'('>, py_group_body, must<py_paren_close>>, seq<one<'['>, py_group_body, must<py_bracket_close>>,
          seq<one<'{'>, py_group_body, must<py_brace_close>>> {};
struct py_value_char : not_one<',', '(', ')', '[', ']', '{', '}', '\'', '"', '\n', '\r', '#'> {};
struct py_constant : plus<sor<py_string, py_group, py_value_char>> {
  static constexpr const char* error_message = "expected a Python constant ('x', 3, True, None)";
};

struct matches_kw : kw<TAO_PEGTL_STRING("matches")> {};

struct arg_not : kw<TAO_PEGTL_STRING("not")> {};
struct arg_present : kw<TAO_PEGTL_STRING("present")> {};
struct arg_absent : kw<TAO_PEGTL_STRING("absent")> {};
struct arg_truthy : kw<TAO_PEGTL_STRING("truthy")> {};
struct arg_falsy : kw<TAO_PEGTL_STRING("falsy")> {};
struct arg_literal : kw<TAO_PEGTL_STRING("literal")> {};
struct arg_computed : kw<TAO_PEGTL_STRING("computed")> {};
struct arg_equals : seq<one<'='>, skip, must<py_constant>> {};
struct arg_matches : seq<matches_kw, skip, must<regex_string>> {};
struct arg_test
    : sor<arg_present, arg_absent, arg_truthy, arg_falsy, arg_literal, arg_computed, arg_equals, arg_matches> {
  static constexpr const char* error_message =
      "expected an argument test (present, absent, truthy, falsy, literal, computed, = VALUE, matches \"RE\")";
};

struct arg_position : plus<digit> {};
struct arg_keyword : seq<name_start, star<name_char>> {
  static constexpr const char* error_message = "expected a keyword argument name after '|'";
};
struct arg_selector : sor<seq<arg_position, opt<one<'|'>, must<arg_keyword>>>, arg_keyword> {};
struct arg_colon : one<':'> {
  static constexpr const char* error_message = "expected ':' after the argument selector";
};
struct arg_condition : seq<arg_selector, skip, must<arg_colon>, skip, opt<arg_not, skip>, must<arg_test>> {
  static constexpr const char* error_message =
      "expected an argument condition like `shell: truthy` or `0|command: computed`";
};
struct arg_conditions_close : one<')'> {
  static constexpr const char* error_message = "expected ',' or ')' after an argument condition";
};
struct arg_conditions
    : seq<one<'('>, skip, must<arg_condition>, skip, star<one<','>, skip, arg_condition, skip>,
          opt<one<','>, skip>, must<arg_conditions_close>> {};

// ---------------------------------------------------------------------------------------
// Formulas

struct formula;

struct all_kw : kw<TAO_PEGTL_STRING("all")> {};
struct any_kw : kw<TAO_PEGTL_STRING("any")> {};
struct not_kw : kw<TAO_PEGTL_STRING("not")> {};
struct inside_kw : kw<TAO_PEGTL_STRING("inside")> {};
struct not_inside_kw : kw<TAO_PEGTL_STRING("not-inside")> {};
struct where_kw : kw<TAO_PEGTL_STRING("where")> {};
struct focus_kw : kw<TAO_PEGTL_STRING("focus")> {};
struct pattern_kw : kw<TAO_PEGTL_STRING("pattern")> {};
struct call_kw : kw<TAO_PEGTL_STRING("call")> {};
struct import_kw : kw<TAO_PEGTL_STRING("import")> {};
struct imports_kw : kw<TAO_PEGTL_STRING("imports")> {};
struct node_kw : kw<TAO_PEGTL_STRING("node")> {};

// all { F... } / any { F... }: children separated by whitespace, optionally by commas.
struct group_open : one<'{'> {
  static constexpr const char* error_message = "expected '{'";  // refined by the parser
};
struct group_close : one<'}'> {
  static constexpr const char* error_message = "expected '}'";  // refined by the parser
};
struct formula_list : star<formula, skip, opt<one<','>, skip>> {};
struct all_formula : seq<all_kw, skip, must<group_open>, skip, formula_list, must<group_close>> {};
struct any_formula : seq<any_kw, skip, must<group_open>, skip, formula_list, must<group_close>> {};

struct not_inside_formula : seq<not_inside_kw, skip, must<formula>> {};
struct not_formula : seq<not_kw, skip, must<formula>> {};
struct inside_formula : seq<inside_kw, skip, must<formula>> {};

// where $X [not] COND, where decoded($X) [not] COND
struct where_not : kw<TAO_PEGTL_STRING("not")> {};
struct meta_matches : seq<matches_kw, skip, must<regex_string>> {};
struct meta_string : string_literal {};
struct meta_word : plus<sor<name_char, one<'.', '-'>>> {};
struct meta_value : sor<meta_string, meta_word> {
  static constexpr const char* list_error = "expected a word, a string or ']'";
};
struct meta_values : bracket_list<meta_value> {
  static constexpr const char* error_message = "expected a list of words, like [run, call]";
};
struct meta_in : seq<kw<TAO_PEGTL_STRING("in")>, skip, must<meta_values>> {};
// matches yara [NAME, ...]: YARA rules by name, `rule` or `namespace.rule`, with `*` globs.
struct yara_kw : kw<TAO_PEGTL_STRING("yara")> {};
struct yara_name : plus<sor<name_char, one<'.', '*', '-'>>> {
  static constexpr const char* list_error = "expected a YARA rule name or ']'";
  static constexpr const char* error_message = "expected a YARA rule name";
};
struct yara_names : nonempty_list<yara_name> {
  static constexpr const char* error_message = "expected a list of YARA rule names, like [reverse_shell, shells.*]";
};
struct meta_matches_yara : seq<matches_kw, skip, yara_kw, skip, must<yara_names>> {};
struct meta_literal : kw<TAO_PEGTL_STRING("literal")> {};
struct meta_computed : kw<TAO_PEGTL_STRING("computed")> {};
// str: a str constant as Python's parser makes it (plain or raw literals and their
// concatenations; not bytes, not an f-string, even one without a replacement field).
struct meta_str : kw<TAO_PEGTL_STRING("str")> {};
struct meta_pattern : sor<seq<pattern_kw, skip, must<pattern_literal>>, pattern_literal> {};
// is [KIND, ...]: what the value is by content, once the encodings it may still be wrapped in
// are undone (decoded($X) only): elf, pe, mach-o, python-bytecode, pickle, shell-script,
// python-source, c-source, archive.
struct content_kind_name : plus<sor<range<'a', 'z'>, one<'-'>>> {
  static constexpr const char* list_error = "expected a content kind or ']'";
  static constexpr const char* error_message = "expected a content kind";
};
struct content_kinds : nonempty_list<content_kind_name> {
  static constexpr const char* error_message = "expected a list of content kinds, like [elf, shell-script]";
};
struct meta_is : seq<kw<TAO_PEGTL_STRING("is")>, skip, must<content_kinds>> {};
struct meta_test : sor<meta_matches_yara, meta_matches, meta_in, meta_literal, meta_computed, meta_str, meta_pattern, meta_is> {
  static constexpr const char* error_message =
      "expected a condition (matches \"RE\", matches yara [...], in [...], literal, computed, str, pattern `CODE`, is [...])";
};
struct decoded_kw : kw<TAO_PEGTL_STRING("decoded")> {};
struct decoded_open : one<'('> {
  static constexpr const char* error_message = "expected '(' after decoded";
};
struct decoded_close : one<')'> {
  static constexpr const char* error_message = "expected ')' after decoded($X";
};
// decoded($X).chain: the steps that computed the value, as `{decoded.chain}` writes them.
struct decoded_chain : TAO_PEGTL_STRING(".chain") {};
struct decoded_subject
    : seq<decoded_kw, skip, must<decoded_open>, skip, must<metavar>, skip, must<decoded_close>, opt<decoded_chain>> {};
struct where_subject : sor<decoded_subject, metavar> {
  static constexpr const char* error_message = "expected a metavariable ($X), decoded($X) or int($X)";
};
// where int($X) OP N, where int($X) & MASK [OP N]: $X is an integer literal (`0o777`, `0x1ff`,
// `1_000`, `-1`) whose value compares so; `& MASK` alone holds when a bit of MASK is set.
struct int_kw : kw<TAO_PEGTL_STRING("int")> {};
struct int_open : one<'('> {
  static constexpr const char* error_message = "expected '(' after int";
};
struct int_close : one<')'> {
  static constexpr const char* error_message = "expected ')' after int($X";
};
struct int_subject : seq<int_kw, skip, must<int_open>, skip, must<metavar>, skip, must<int_close>> {};
struct int_digits : plus<sor<digit, one<'_'>>> {};
struct int_number
    : seq<opt<one<'-'>>,
          sor<seq<one<'0'>, one<'x', 'X'>, plus<sor<xdigit, one<'_'>>>>, seq<one<'0'>, one<'o', 'O'>, plus<sor<range<'0', '7'>, one<'_'>>>>,
              seq<one<'0'>, one<'b', 'B'>, plus<one<'0', '1', '_'>>>, int_digits>,
          not_at<name_char>> {
  static constexpr const char* error_message = "expected an integer (123, 0o777, 0x1ff, 0b101)";
};
struct int_op : sor<TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="), TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), one<'<'>, one<'>'>> {};
struct int_compare : seq<int_op, skip, must<int_number>> {};
struct int_mask : seq<one<'&'>, skip, must<int_number>> {};
struct int_test : sor<seq<int_mask, opt<skip, int_compare>>, int_compare> {
  static constexpr const char* error_message =
      "expected a comparison (<, <=, >, >=, ==, != and an integer) or a bit mask (& N, & N == V) after int($X)";
};
struct where_int : seq<int_subject, skip, must<int_test>> {};
struct where_formula
    : seq<where_kw, skip, sor<where_int, seq<must<where_subject>, skip, opt<where_not, skip>, must<meta_test>>>> {};

struct focus_formula : seq<focus_kw, skip, must<metavar>> {};

// report { severity: S  confidence: C  message: "..." }: inside an `all`, what a finding says
// when the rule matched through it (each key optional; the innermost `report` that sets a key
// wins, the rule's own keys otherwise). Bandit's checks rate one call by the case it is.
struct report_kw : kw<TAO_PEGTL_STRING("report")> {};
template <typename Name>
struct report_key : kw<Name> {};
struct report_colon : one<':'> {
  static constexpr const char* error_message = "expected ':'";
};
struct report_severity : word {
  static constexpr const char* error_message = "expected a severity (low, medium, high, critical)";
};
struct report_confidence : word {
  static constexpr const char* error_message = "expected a confidence (low, medium, high)";
};
struct report_message : string_literal {
  static constexpr const char* error_message = "expected a string";
};
struct report_severity_entry
    : seq<report_key<TAO_PEGTL_STRING("severity")>, skip, must<report_colon>, skip, must<report_severity>> {};
struct report_confidence_entry
    : seq<report_key<TAO_PEGTL_STRING("confidence")>, skip, must<report_colon>, skip, must<report_confidence>> {};
struct report_message_entry
    : seq<report_key<TAO_PEGTL_STRING("message")>, skip, must<report_colon>, skip, must<report_message>> {};
struct report_item : sor<report_severity_entry, report_confidence_entry, report_message_entry> {};
struct report_close : one<'}'> {
  static constexpr const char* error_message = "expected 'severity:', 'confidence:', 'message:' or '}' in 'report'";
};
struct report_formula
    : seq<report_kw, skip, must<group_open>, skip, star<report_item, skip, opt<one<','>, skip>>, must<report_close>> {};

struct pattern_formula : sor<seq<pattern_kw, skip, must<pattern_literal>>, pattern_literal> {};

// call hidden CALLEES: only calls whose callee the code names through strings it computes
// (`getattr(__import__("o" + "s"), "system")`), not by writing the name.
struct hidden_kw : seq<kw<TAO_PEGTL_STRING("hidden")>, not_at<one<'.'>>> {};
struct call_formula : seq<call_kw, skip, opt<hidden_kw, skip>, must<callees>, opt<skip, arg_conditions>> {};
struct import_formula : seq<import_kw, skip, must<import_names>> {};
// imports NAMES: a filter on the whole file (inside `all`, or under `not`): it has an import
// statement, at any scope, importing a module or name that matches NAMES.
struct imports_formula : seq<imports_kw, skip, must<import_names>> {};

struct node_type : seq<name_start, star<name_char>> {
  static constexpr const char* error_message = "expected a syntax node type like assert_statement";
};
struct node_formula : seq<node_kw, skip, must<node_type>> {};

// weights call denied|unknown|allowed|CALLEES [matches "RE2"], weights unreadable|anomaly|
// keras-lambda|chat-template [matches "RE2"]: what loading a weights file would do.
struct weights_kw : kw<TAO_PEGTL_STRING("weights")> {};
template <typename Name>
struct verdict_word : seq<Name, not_at<sor<word_tail, one<'.'>>>> {};
struct weights_denied : verdict_word<TAO_PEGTL_STRING("denied")> {};
struct weights_unknown : verdict_word<TAO_PEGTL_STRING("unknown")> {};
struct weights_allowed : verdict_word<TAO_PEGTL_STRING("allowed")> {};
struct weights_callees : callees {};
struct weights_callables : sor<weights_denied, weights_unknown, weights_allowed, weights_callees> {
  static constexpr const char* error_message =
      "expected denied, unknown, allowed or the callables (a qualified name or a list) after 'weights call'";
};
struct weights_call : seq<call_kw, skip, must<weights_callables>> {};
struct weights_unreadable : kw<TAO_PEGTL_STRING("unreadable")> {};
struct weights_anomaly : kw<TAO_PEGTL_STRING("anomaly")> {};
struct weights_keras_lambda : kw<TAO_PEGTL_STRING("keras-lambda")> {};
struct weights_chat_template : kw<TAO_PEGTL_STRING("chat-template")> {};
struct weights_subject
    : sor<weights_call, weights_unreadable, weights_anomaly, weights_keras_lambda, weights_chat_template> {
  static constexpr const char* error_message =
      "expected what loading weights does after 'weights': call (denied, unknown, allowed or callables), "
      "unreadable, anomaly, keras-lambda or chat-template";
};
struct weights_matches : seq<matches_kw, skip, must<regex_string>> {};
struct weights_formula : seq<weights_kw, skip, must<weights_subject>, opt<skip, weights_matches>> {};

// A named set (`sources network { ... }`): the name alone, lowercase letters, digits, '-'
// and '_', last on its line or before ',' or '}' (so a misspelt keyword followed by more,
// `calls eval`, stays a syntax error); tried after every keyword, so `call` is never a
// set's name, and never a top-level item's keyword (an unclosed `all {` before `rule`).
struct set_name_chars : seq<range<'a', 'z'>, star<sor<ranges<'a', 'z', '0', '9'>, one<'-', '_'>>>> {};
struct item_keyword
    : sor<kw<TAO_PEGTL_STRING("rule")>, kw<TAO_PEGTL_STRING("models")>, kw<TAO_PEGTL_STRING("verdicts")>,
          kw<TAO_PEGTL_STRING("sources")>, kw<TAO_PEGTL_STRING("sinks")>, kw<TAO_PEGTL_STRING("sanitizers")>> {};
struct set_ref_end : seq<star<one<' ', '\t'>>, sor<comment, eolf, one<',', '}'>>> {};
struct set_ref_formula : seq<not_at<item_keyword>, set_name_chars, not_at<sor<name_char, one<'.', '(', ':'>>>, at<set_ref_end>> {};

struct formula
    : sor<all_formula, any_formula, not_inside_formula, not_formula, inside_formula, where_formula,
          focus_formula, report_formula, pattern_formula, call_formula, imports_formula, import_formula, node_formula,
          weights_formula, set_ref_formula> {
  static constexpr const char* error_message =
      "expected a formula (`CODE`, pattern, call, import, node, weights, all, any, not, inside, not-inside, "
      "where, focus, report) or the name of a set";
};

// ---------------------------------------------------------------------------------------
// Rules: `rule ID { KEY: VALUE ... }`

struct rule_kw : kw<TAO_PEGTL_STRING("rule")> {};
// Lowercase letters, digits, '-', '_' and '.', starting with a letter; whitespace, '{' or a
// comment follows.
struct rule_id
    : seq<range<'a', 'z'>, star<sor<ranges<'a', 'z', '0', '9'>, one<'-', '_', '.'>>>,
          at<sor<space, one<'{', '#'>, eof>>> {
  static constexpr const char* error_message = "invalid rule id";  // refined by the parser
};
struct rule_open : one<'{'> {
  static constexpr const char* error_message = "expected '{'";  // refined by the parser
};
struct rule_close : one<'}'> {
  static constexpr const char* error_message = "expected '}'";  // refined by the parser
};

template <typename Name>
struct key : kw<Name> {};
struct key_colon : one<':'> {
  static constexpr const char* error_message = "expected ':'";  // refined by the parser
};
template <typename Key, typename Value>
struct entry : seq<Key, skip, must<key_colon>, skip, must<Value>> {};

struct string_value : string_literal {
  static constexpr const char* error_message = "expected a string";  // refined by the parser
};
struct severity_value : word {
  static constexpr const char* error_message = "expected a severity (low, medium, high, critical)";
};
struct confidence_value : word {
  static constexpr const char* error_message = "expected a confidence (low, medium, high)";
};
struct cwe_number : integer {
  static constexpr const char* list_error = "expected a CWE number or ']'";
};
struct cwe_value : sor<bracket_list<cwe_number>, cwe_number> {
  static constexpr const char* error_message = "expected a CWE number or a list of them, like [78, 88]";
};
struct tag : word {
  static constexpr const char* list_error = "expected a tag or ']'";
};
struct tags_value : bracket_list<tag> {
  static constexpr const char* error_message = "expected a list of tags, like [exec, shell]";
};
struct reference : string_literal {
  static constexpr const char* list_error = "expected a string or ']'";
};
struct references_value : bracket_list<reference> {
  static constexpr const char* error_message = "expected a list of strings, like [\"https://...\"]";
};
struct xref_word : word {};
struct xref_value : sor<string_literal, xref_word> {
  static constexpr const char* error_message = "expected an id";  // refined by the parser
};

struct title_entry : entry<key<TAO_PEGTL_STRING("title")>, string_value> {};
struct message_entry : entry<key<TAO_PEGTL_STRING("message")>, string_value> {};
struct description_entry : entry<key<TAO_PEGTL_STRING("description")>, string_value> {};
struct severity_entry : entry<key<TAO_PEGTL_STRING("severity")>, severity_value> {};
struct confidence_entry : entry<key<TAO_PEGTL_STRING("confidence")>, confidence_value> {};
struct cwe_entry : entry<key<TAO_PEGTL_STRING("cwe")>, cwe_value> {};
struct tags_entry : entry<key<TAO_PEGTL_STRING("tags")>, tags_value> {};
struct references_entry : entry<key<TAO_PEGTL_STRING("references")>, references_value> {};
struct xref_entry
    : entry<sor<key<TAO_PEGTL_STRING("bandit")>, key<TAO_PEGTL_STRING("ruff")>, key<TAO_PEGTL_STRING("semgrep")>,
                key<TAO_PEGTL_STRING("codeql")>, key<TAO_PEGTL_STRING("pylint")>>,
            xref_value> {};
struct match_entry : entry<key<TAO_PEGTL_STRING("match")>, formula> {};
// group: NAME: of the rules of one group that match at one place, only the first (in the rule
// set's order) reports there, as a tool that stops at its first matching check does (Bandit's
// blacklists).
struct group_value : word {
  static constexpr const char* error_message = "expected a group name, like bandit-blacklist";
};
struct group_entry : entry<key<TAO_PEGTL_STRING("group")>, group_value> {};

// taint: { source: F  sink: F  sanitizer: F  step: F ... }: each entry a formula, each key
// repeatable (so these keys are not checked for duplicates like the rule's own keys).
template <typename Name>
struct taint_key : kw<Name> {};
struct taint_source_entry : entry<taint_key<TAO_PEGTL_STRING("source")>, formula> {};
struct taint_sink_entry : entry<taint_key<TAO_PEGTL_STRING("sink")>, formula> {};
struct taint_sanitizer_entry : entry<taint_key<TAO_PEGTL_STRING("sanitizer")>, formula> {};
struct taint_step_entry : entry<taint_key<TAO_PEGTL_STRING("step")>, formula> {};
struct taint_item : sor<taint_source_entry, taint_sink_entry, taint_sanitizer_entry, taint_step_entry> {};
struct taint_close : one<'}'> {
  static constexpr const char* error_message = "expected 'source:', 'sink:', 'sanitizer:', 'step:' or '}' in 'taint'";
};
struct taint_block : seq<one<'{'>, skip, star<taint_item, skip>, must<taint_close>> {
  static constexpr const char* error_message = "expected '{' after 'taint:'";
};
struct taint_entry : entry<key<TAO_PEGTL_STRING("taint")>, taint_block> {};

// Any other name before a ':' is an unknown key.
struct key_name : seq<name_start, star<word_tail>> {};
struct unknown_key {
  static constexpr const char* error_message = "unknown key";  // refined by the parser
};
struct unknown_entry : seq<key_name, raise<unknown_key>> {};

struct rule_entry
    : sor<title_entry, message_entry, description_entry, severity_entry, confidence_entry, cwe_entry,
          tags_entry, references_entry, xref_entry, match_entry, taint_entry, group_entry, unknown_entry> {};

struct rule_decl
    : seq<rule_kw, skip, must<rule_id>, skip, must<rule_open>, skip, star<rule_entry, skip>, must<rule_close>> {};

// ---------------------------------------------------------------------------------------
// Flow models: `models NAME { CALLEE: FLOWS ... }`, one entry per line, saying how a library
// call passes taint (docs/rule-language.md, "Flow models"):
//
//   base64.{b64decode, b64encode}: arg 0 -> result
//   .format: receiver, args -> result
//   json.loads: arg 0 -> result, kwarg cls -> result
//   builtins.len: none
//
// Which ends may be sources and which targets is checked by lowering, so that `result -> x`
// gets a message about meaning rather than a syntax error.

struct models_kw : kw<TAO_PEGTL_STRING("models")> {};
// Spaces and tabs only: an entry ends at the end of its line.
struct blanks : star<one<' ', '\t'>> {};

// A callee: a qualified name, or `.name` for a method on a value of any type; `{a, b}`
// alternatives as in CALLEES.
// (A dotted method, `.a.b`, parses so that lowering can say why it is wrong.)
struct model_callee : sor<seq<one<'.'>, must<name_segment>, star<one<'.'>, must<name_segment>>>, qualified_glob> {};

struct arg_index : integer {
  static constexpr const char* error_message = "expected an argument position after 'arg', like arg 0";
};
struct kwarg_name : seq<name_start, star<name_char>> {
  static constexpr const char* error_message = "expected a keyword argument name after 'kwarg', like kwarg cls";
};
struct end_receiver : kw<TAO_PEGTL_STRING("receiver")> {};
struct end_result : kw<TAO_PEGTL_STRING("result")> {};
struct end_args : kw<TAO_PEGTL_STRING("args")> {};
struct end_arg : seq<kw<TAO_PEGTL_STRING("arg")>, blanks, must<arg_index>> {};
struct end_kwarg : seq<kw<TAO_PEGTL_STRING("kwarg")>, blanks, must<kwarg_name>> {};
struct flow_end : sor<end_receiver, end_result, end_args, end_arg, end_kwarg> {
  static constexpr const char* error_message = "expected receiver, arg N, args, kwarg NAME or result";
};
struct flow_source : flow_end {};
struct flow_target : flow_end {};
struct flow_arrow : pg::string<'-', '>'> {
  static constexpr const char* error_message = "expected '->' or ',' after a source";
};
// `SOURCE, SOURCE -> TARGET`; several flows are separated by ',' (a line may break after it).
struct flow : seq<flow_source, star<blanks, one<','>, skip, must<flow_source>>, blanks, must<flow_arrow>, blanks,
                  must<flow_target>> {
  static constexpr const char* error_message = "expected a flow like `arg 0 -> result` after ','";
};
struct flows : seq<flow, star<blanks, one<','>, skip, must<flow>>> {};
struct flow_none : kw<TAO_PEGTL_STRING("none")> {};
struct model_spec : sor<flow_none, flows> {
  static constexpr const char* error_message = "expected 'none' or a flow like `arg 0 -> result`";
};
struct model_colon : one<':'> {
  static constexpr const char* error_message = "expected ':' after the callee";
};
struct model_entry_end : sor<comment, eolf, at<one<'}'>>> {
  static constexpr const char* error_message = "expected ',' or the end of the line";  // refined by the parser
};
struct model_entry : seq<model_callee, blanks, must<model_colon>, blanks, must<model_spec>, blanks, must<model_entry_end>> {
  static constexpr const char* error_message =
      "expected a callee (a qualified name like base64.b64decode, or .method) or '}'";
};

struct models_name : rule_id {
  static constexpr const char* error_message = "invalid models name";  // refined by the parser
};
struct models_open : one<'{'> {
  static constexpr const char* error_message = "expected '{'";  // refined by the parser
};
struct models_close : one<'}'> {
  static constexpr const char* error_message = "expected '}'";  // refined by the parser
};
struct models_head : seq<models_kw, skip, must<models_name>, skip, must<models_open>> {};
// The parser matches `models_head` and then one `model_entry` at a time, to recover at the
// next line after an error; this is the block's grammar as a whole.
struct models_decl : seq<models_head, skip, star<model_entry, skip>, must<models_close>> {};

// ---------------------------------------------------------------------------------------
// Verdicts for the callables a weights file's load imports or calls: `verdicts NAME { ... }`,
// one entry per line (docs/rule-language.md, "Verdicts"):
//
//   allow collections.OrderedDict
//   allow torch._utils.{_rebuild_tensor_v2, _rebuild_parameter}
//   deny os "runs commands, reads and writes files"

struct verdicts_kw : kw<TAO_PEGTL_STRING("verdicts")> {};
struct verdict_allow : kw<TAO_PEGTL_STRING("allow")> {};
struct verdict_deny : kw<TAO_PEGTL_STRING("deny")> {};
struct verdict_names : callees {
  static constexpr const char* error_message = "expected a qualified name or a list of them, like [os, posix]";
};
struct verdict_reason : string_literal {};
struct verdict_entry_end : sor<comment, eolf, at<one<'}'>>> {
  static constexpr const char* error_message = "expected a reason (a string) or the end of the line";
};
struct verdict_entry : seq<sor<verdict_allow, verdict_deny>, blanks, must<verdict_names>, blanks,
                           opt<verdict_reason, blanks>, must<verdict_entry_end>> {
  static constexpr const char* error_message = "expected 'allow NAMES', 'deny NAMES \"reason\"' or '}'";
};
struct verdicts_name : rule_id {
  static constexpr const char* error_message = "invalid verdicts name";
};
struct verdicts_open : one<'{'> {
  static constexpr const char* error_message = "expected '{' after the verdicts name";
};
struct verdicts_close : one<'}'> {
  static constexpr const char* error_message = "expected '}'";  // refined by the parser
};
struct verdicts_head : seq<verdicts_kw, skip, must<verdicts_name>, skip, must<verdicts_open>> {};
// Parsed like `models`: the head, then one entry at a time.
struct verdicts_decl : seq<verdicts_head, skip, star<verdict_entry, skip>, must<verdicts_close>> {};

// ---------------------------------------------------------------------------------------
// Named sets of taint rules' ends (docs/rule-language.md, "Sets"): `sources NAME { F... }`,
// `sinks NAME { F... }`, `sanitizers NAME { F... }`. Each member is a formula (a place it
// matches is one of the set's) or the name of another set of the same kind; a taint rule names
// the set where it would write the formulas (`source: network`).
struct set_sources_kw : kw<TAO_PEGTL_STRING("sources")> {};
struct set_sinks_kw : kw<TAO_PEGTL_STRING("sinks")> {};
struct set_sanitizers_kw : kw<TAO_PEGTL_STRING("sanitizers")> {};
struct set_name : seq<set_name_chars, at<sor<space, one<'{', '#'>, eof>>> {
  static constexpr const char* error_message = "invalid set name";  // refined by the parser
};
struct set_open : one<'{'> {
  static constexpr const char* error_message = "expected '{'";  // refined by the parser
};
struct set_close : one<'}'> {
  static constexpr const char* error_message = "expected '}'";  // refined by the parser
};
struct set_member : seq<formula> {};
struct set_decl : seq<sor<set_sources_kw, set_sinks_kw, set_sanitizers_kw>, skip, must<set_name>, skip, must<set_open>,
                      skip, star<set_member, skip, opt<one<','>, skip>>, must<set_close>> {};

struct file_end : eof {
  static constexpr const char* error_message = "expected 'rule', 'models', 'verdicts', 'sources', 'sinks' or 'sanitizers'";
};
// A whole file. The parser matches `rule_decl`s, `models_decl`s, `verdicts_decl`s and
// `set_decl`s one at a time so that it can recover after an error; this rule is the file's
// grammar as a whole (and what `analyze` checks).
struct rule_file : seq<skip, star<sor<rule_decl, models_decl, verdicts_decl, set_decl>, skip>, must<file_end>> {};

}  // namespace warden::grammar
