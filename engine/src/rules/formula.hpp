// The compiled formula IR, the layer every rule language lowers into: Semgrep's operators
// (pattern, all, any, not, inside, not-inside, where, focus) plus call, import and node
// matchers, and what rule compilation reads off a formula (its anchors, its prefilter words).
// Evaluation is in matching/evaluate.hpp. Evaluation is anchored: the engine only tries a
// rule at nodes its anchor can match (by node type and callee), so the cost per node does
// not grow with the number of rules.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "name_glob.hpp"
#include "pattern.hpp"
#include "regex.hpp"
#include "warden/finding.hpp"

#include <re2/set.h>

namespace warden::detail {

enum class ArgTestKind : std::uint8_t { present, absent, truthy, falsy, literal, computed, equals, matches };

struct CompiledArgCondition {
  std::optional<std::uint32_t> position;
  std::string keyword;
  bool negated = false;
  ArgTestKind test = ArgTestKind::present;
  std::string expected;                    // equals: the constant's canonical text (see constant_text)
  std::shared_ptr<const Regex> regex;      // matches
};

// is_kind: decoded only; `values` are content kinds (codecs/content.hpp names).
// int_compare: on an integer literal's value (`int($X) & 0o002`); same order as dsl::MetaTest.
enum class MetaTestKind : std::uint8_t { matches, in_list, literal, computed, pattern, matches_yara, is_kind, int_compare, str_constant };
enum class IntOpKind : std::uint8_t { lt, le, gt, ge, eq, ne, nonzero };

struct CompiledFormula;

struct CompiledMetaCondition {
  std::string metavar;
  bool decoded = false;  // on the metavariable's static value (static_value.hpp), not its code
  bool chain = false;    // decoded: on the steps that computed it (decoding_chain_text), not its bytes
  bool negated = false;
  MetaTestKind test = MetaTestKind::matches;
  std::shared_ptr<const Regex> regex;
  std::vector<std::string> values;
  std::shared_ptr<const CompiledFormula> pattern;
  std::vector<std::uint32_t> signatures;  // matches_yara: indices into the rule set's SignatureSet, sorted
  std::optional<std::int64_t> mask;       // int_compare: value & mask first
  IntOpKind op = IntOpKind::nonzero;      // int_compare
  std::int64_t number = 0;                // int_compare
};

// `report { ... }`: what a finding matched through the enclosing `all` says (unset: the rule's).
struct CompiledReport {
  std::optional<Severity> severity;
  std::optional<Confidence> confidence;
  std::optional<std::string> message;
};

struct CompiledFormula {
  // file_imports (`imports NAMES`): a filter on the file, not the place: it imports a name in `names`.
  // report: a filter that always holds and says what the finding reports.
  enum class Kind : std::uint8_t { all, any, not_, inside, not_inside, pattern, call, import, node, where, focus, file_imports, report };
  Kind kind = Kind::pattern;
  std::vector<CompiledFormula> children;
  std::shared_ptr<const Pattern> pattern;     // pattern
  std::vector<NameGlob> names;                // call: callees; import, file_imports: imported names
  std::vector<CompiledArgCondition> args;     // call
  bool hidden = false;                        // call: only callees of NameOrigin::hidden
  TSSymbol node_symbol = 0;                   // node
  std::string node_type;                      // node
  std::optional<CompiledMetaCondition> condition;  // where
  std::string metavar;                        // focus
  std::shared_ptr<const CompiledReport> report;  // report
  // A taint entry from a named set: equal nonzero keys are the same formula in several rules.
  std::uint64_t shared_key = 0;
};

// Where a rule can start matching: every node of a type, or calls to given callees.
struct Anchor {
  std::string node_type;             // tree-sitter type name; "" = any node
  std::optional<std::string> callee; // for call anchors with an exact callee
  bool any_callee_glob = false;      // a call anchor with a glob callee: try every call
  const NameGlob* glob = nullptr;    // that glob
  std::optional<std::string> method; // a call anchor of a pattern calling this method on any value
};
// The anchors of a formula (those of its positive root; `any` unions its children).
std::vector<Anchor> anchors_of(const CompiledFormula& formula);

// Words of which one must appear in a file's text for `formula` to match anywhere in it (the
// module a qualified name comes from is named by the file's own import); nullopt when unknown.
// Names resolved through other files of the tree escape this, so it only serves rules that do
// not use cross-file resolution (taint, for now).
// `written_only`: only the words a matching file writes itself even when its calls resolve
// through other files of the tree (method and keyword names, `where $X in`), not callee names.
std::optional<std::vector<std::string>> required_words(const CompiledFormula& formula, bool written_only = false);
// The literal strings ("atoms", lowercase) one of which every text `regex` matches contains,
// read off its syntax (literal_atoms); empty when there is no such list (`.*`, `^\d+$`).
std::vector<std::string> regex_atoms(const Regex& regex);

// The prefilter words of many formulas, looked up in a file's text in one pass: each run of
// identifier bytes is looked up among the words that are identifiers (a word is the most
// selective part of a name, which code that uses the name writes as a whole identifier, in an
// import, an attribute or a getattr string); other words, and words written with a leading
// `*` (`*chmod`, from the glob `*chmod*`), are searched as substrings. Words written with a
// leading `~` are a regex's atoms (regex_atoms), tested on what a string literal's value can
// hold: found in any case, all in one pass of an RE2::Set, and all present in a file whose
// strings hold escapes that can spell letters (`\x41`, `\u0041`, `\101`, `\N{...}`, a
// line continuation). kNonAsciiWord stands for any non-ASCII character, in the text or
// spelled by an escape.
inline constexpr std::string_view kNonAsciiWord = "~\x80";

class WordSet {
 public:
  // The id of `word`, added when new. Call finish() after the last add().
  std::uint32_t add(const std::string& word);
  void finish();
  // Which words (by id) `text` contains.
  std::vector<bool> present_in(std::string_view text) const;
  bool empty() const noexcept { return words_.empty(); }

 private:
  std::vector<std::string> words_;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::unordered_map<std::string_view, std::uint32_t> identifier_words_;
  std::vector<std::uint32_t> other_words_;
  std::vector<std::uint32_t> non_ascii_words_;  // kNonAsciiWord
  std::vector<std::uint32_t> atom_words_;      // `~` words, in the order of atom_set_'s patterns
  std::shared_ptr<const re2::RE2::Set> atom_set_;
  std::size_t min_word_ = 0xFFFF, max_word_ = 0;
};

}  // namespace warden::detail
