// Rule metadata and the compiled, immutable rule set shared by every scanning thread.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "warden/finding.hpp"

namespace warden {

namespace detail {
class CompiledRules;  // engine-internal: matchers and their indexes
}

// What a rule matches: code (a formula), a flow (taint), bytes (a YARA signature), or what
// loading a weights file would do (a `weights` formula).
enum class RuleKind : std::uint8_t { pattern, taint, signature, weights };
std::string_view to_string(RuleKind k) noexcept;

struct RuleInfo {
  std::string id;           // e.g. "py-exec-os-system"
  RuleKind kind = RuleKind::pattern;
  std::string title;        // one line, e.g. "Shell command run with os.system"
  std::string description;  // help text: why it matters and what to do instead (Markdown)
  std::vector<int> cwes;
  Severity severity = Severity::medium;
  Confidence confidence = Confidence::medium;
  std::vector<std::string> tags;
  std::vector<std::string> references;          // URLs
  std::map<std::string, std::string> xrefs;     // other tools' ids: {"bandit": "B605", "ruff": "S605"}
};

// One error in a rule file, printed clang-style: `file:line:col: error: message`, the line,
// a caret (see format_rule_errors).
struct RuleFileError {
  std::string file;
  Position position;  // 1-based line and code-point column
  std::string message;
  std::string source_line;
};

// Thrown for bad rule input (with every error found, across all files) or a bad selection
// (e.g. a --checks glob that matches nothing; then errors() is empty).
class RuleError : public std::runtime_error {
 public:
  explicit RuleError(const std::string& message, std::vector<RuleFileError> errors = {})
      : std::runtime_error(message), errors_(std::move(errors)) {}
  const std::vector<RuleFileError>& errors() const noexcept { return errors_; }

 private:
  std::vector<RuleFileError> errors_;
};

// A named set of taint rules' ends (`sources network { ... }`), or a block of flow models, as
// `warden list-checks --sets` shows it: where it is declared, its members (a models block's
// entries), the sets it includes and the rules that name it.
struct NamedSet {
  std::string kind;     // "sources", "sinks", "sanitizers"; "models" for a flow models block
  std::string name;
  std::string file;
  Position position;
  std::size_t members = 0;            // formulas, after including other sets
  std::vector<std::string> includes;  // sets named among its members
  std::vector<std::string> used_by;   // rules naming it, directly or through another set
};

// The errors as clang prints them, each with its source line and a caret.
std::string format_rule_errors(const std::vector<RuleFileError>& errors);

// An immutable compiled rule set. Copies share the compiled form; select() makes a
// narrower view without recompiling.
class RuleSet {
 public:
  // Warden's built-in checks and flow models (rulesets/).
  static RuleSet builtin();

  // Compiles rule files: each path a `.rule` file or a directory searched recursively for
  // them. Every file is checked; throws RuleError carrying every error when any is wrong.
  // The built-in flow models (`models` blocks, for taint) are kept beneath the files' own:
  // a file's model for a callee replaces the built-in one, and a later file's an earlier's.
  static RuleSet load(const std::vector<std::filesystem::path>& paths);
  // Compiles rules from text, reported under `name`; flow models as for load().
  static RuleSet from_text(const std::string& name, std::string_view text);
  // The sets (`sources NAME { ... }`) the rule files declare, each as a rule `KIND.NAME`
  // (`sources.network`) matching any of its members, instead of the files' rules: what
  // `warden test-rules` checks a set's annotated test file against.
  static RuleSet load_set_tests(const std::vector<std::filesystem::path>& paths);

  // Keeps the rules the clang-tidy-style glob list enables, e.g. "-*,py-exec-*":
  // comma-separated globs applied in order to the current set, '-' removes. A glob matches a
  // rule's id or one of its Bandit ids ("-*,B602" keeps the rules cross-referenced to B602).
  // Within a profile (with_profile), only the profile's rules can be enabled.
  // Flow models are not checks: they all stay.
  // Throws RuleError when a glob matches no rule (or only rules outside the profile) or
  // nothing is left.
  RuleSet select(std::string_view globs) const;

  // Enables exactly the rules of a profile, a named selection (rulesets/profiles/NAME.profile):
  //   "default"  Warden's own packs and the Bandit checks that signal risk in hostile code;
  //   "bandit"   Bandit's default set of checks, the rulesets/bandit pack;
  //   "all"      every rule.
  // `name` may also be the path of a profile file: one glob per line as for select() ('-'
  // removes, '#' starts a comment), applied in order to every rule of the set starting from
  // none; a glob that matches nothing is allowed (a rule set of one's own lacks the packs).
  // builtin() comes with "default" applied; load() and from_text() with every rule enabled.
  // Throws RuleError for an unknown name, an unreadable file, or a profile that enables nothing.
  RuleSet with_profile(std::string_view name) const;
  // The built-in profiles' names, sorted.
  static std::vector<std::string> profile_names();
  // The profile applied last ("" when none was).
  const std::string& profile() const noexcept { return profile_; }

  std::span<const RuleInfo> rules() const noexcept;
  const RuleInfo* find(std::string_view id) const noexcept;
  bool enabled(std::string_view id) const noexcept;
  std::size_t size() const noexcept;

  const detail::CompiledRules& compiled() const noexcept { return *compiled_; }
  // The named sets of the rule files loaded (the built-in ones beneath a pack of one's own).
  const std::vector<NamedSet>& sets() const noexcept;
  // Whether the compiled rule at `index` (its position in compiled()) is enabled.
  bool enabled_at(std::size_t index) const noexcept { return index < enabled_.size() && enabled_[index]; }

  explicit RuleSet(std::shared_ptr<const detail::CompiledRules> compiled, std::vector<bool> enabled);

 private:
  std::shared_ptr<const detail::CompiledRules> compiled_;
  std::vector<bool> enabled_;     // parallel to compiled_->rules()
  std::vector<RuleInfo> active_;  // the enabled rules' metadata
  std::vector<bool> profile_rules_;  // the rules select() may enable (empty: all)
  std::string profile_;
};

}  // namespace warden
