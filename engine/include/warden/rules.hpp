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

// What a rule matches: code (a formula), a flow (taint), or bytes (a YARA signature).
enum class RuleKind : std::uint8_t { pattern, taint, signature };
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

  // Keeps the rules the clang-tidy-style glob list enables, e.g. "-*,py-exec-*":
  // comma-separated globs applied in order to the current set, '-' removes. A glob matches a
  // rule's id or one of its Bandit ids ("-*,B602" keeps the rules cross-referenced to B602).
  // Flow models are not checks: they all stay.
  // Throws RuleError when a glob matches no rule or nothing is left.
  RuleSet select(std::string_view globs) const;

  std::span<const RuleInfo> rules() const noexcept;
  const RuleInfo* find(std::string_view id) const noexcept;
  bool enabled(std::string_view id) const noexcept;
  std::size_t size() const noexcept;

  const detail::CompiledRules& compiled() const noexcept { return *compiled_; }
  // Whether the compiled rule at `index` (its position in compiled()) is enabled.
  bool enabled_at(std::size_t index) const noexcept { return index < enabled_.size() && enabled_[index]; }

  explicit RuleSet(std::shared_ptr<const detail::CompiledRules> compiled, std::vector<bool> enabled);

 private:
  std::shared_ptr<const detail::CompiledRules> compiled_;
  std::vector<bool> enabled_;     // parallel to compiled_->rules()
  std::vector<RuleInfo> active_;  // the enabled rules' metadata
};

}  // namespace warden
