// Rule files by their kind, through the front end that reads each: `.rule` (dsl/), `.yar` and
// `.yara` (the YARA bridge), `.profile` (check globs); and the packs built into the library.
// The one place above the rule languages: a new front end is one more kind here.
#include "warden/rules.hpp"

#include <algorithm>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <system_error>

#include "compiled_rules.hpp"
#include "embedded_rules.hpp"
#include "lower.hpp"
#include "rule_selection.hpp"
#include "signatures.hpp"

namespace warden {

namespace {

bool is_signature_file(const std::filesystem::path& path) {
  return path.extension() == ".yar" || path.extension() == ".yara";
}

bool is_profile_file(const std::filesystem::path& path) { return path.extension() == ".profile"; }

// Reads every `.rule` and YARA (`.yar`, `.yara`) file under the paths, in a stable order;
// unreadable paths become errors.
std::vector<std::pair<std::string, std::string>> read_rule_files(const std::vector<std::filesystem::path>& paths,
                                                                 std::vector<RuleFileError>& errors) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> files;
  auto read = [&](const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      errors.push_back({path.string(), {}, "cannot read rule file: " + std::generic_category().message(errno), {}});
      return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    files.emplace_back(path.string(), text.str());
  };
  for (const auto& path : paths) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back({path.string(), {}, "no such rule file or directory", {}});
    } else if (fs::is_directory(status)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const bool wanted = it->path().extension() == ".rule" || is_signature_file(it->path());
        if (wanted && it->is_regular_file(ec)) found.push_back(it->path());
      }
      if (ec) errors.push_back({path.string(), {}, "cannot list rule directory: " + ec.message(), {}});
      std::sort(found.begin(), found.end());
      for (const auto& file : found) read(file);
    } else {
      read(path);
    }
  }
  return files;
}

using Files = std::vector<std::pair<std::string, std::string>>;

// `models` are the flow models the files' own extend: their entry for a callee replaces the
// one given here. `library` are YARA files whose rules `decoded($X) matches yara` may name
// without them being file-level checks; a file of `files` with the same stem (namespace)
// replaces one. YARA files are compiled first: rules may apply their signatures to values.
// `set_library` are the rule files whose sets `files` may name (the built-in sets). With
// `set_tests`, the rule set holds each set the files declare as a rule KIND.NAME instead of
// their rules (what `test-rules` checks a set's test file against).
RuleSet compile(const Files& files, std::vector<RuleFileError>& errors, std::vector<detail::FlowModel> models,
                const Files& library = {}, detail::CallableVerdicts verdicts = {}, const Files& set_library = {},
                bool set_tests = false) {
  Files rule_files;
  std::vector<detail::SignatureSet::File> signature_files;
  std::set<std::string, std::less<>> namespaces;
  for (const auto& [path, text] : files) {
    if (is_signature_file(path)) {
      signature_files.push_back({path, text, true});
      namespaces.insert(std::filesystem::path(path).stem().string());
    } else {
      rule_files.emplace_back(path, text);
    }
  }
  for (const auto& [path, text] : library) {
    if (!namespaces.contains(std::filesystem::path(path).stem().string())) signature_files.push_back({path, text, false});
  }
  // YARA compiles on its own thread while the rules lower; a rule naming a signature waits.
  std::vector<RuleFileError> signature_errors;
  const std::shared_future<std::shared_ptr<const detail::SignatureSet>> signatures_ready =
      std::async(signature_files.empty() ? std::launch::deferred : std::launch::async,
                 [&]() -> std::shared_ptr<const detail::SignatureSet> {
                   if (signature_files.empty()) return nullptr;
                   return detail::SignatureSet::compile(signature_files, signature_errors);
                 });
  const dsl::SignatureSource signature_source = [&signatures_ready]() -> const detail::SignatureSet* {
    auto ready = signatures_ready;  // one shared_future per caller thread
    return ready.get().get();
  };
  const std::size_t read_errors = errors.size();
  auto compiled = dsl::compile_rule_files(rule_files, errors, signature_source, set_library);
  std::shared_ptr<const detail::SignatureSet> signatures = signatures_ready.get();
  errors.insert(errors.begin() + static_cast<std::ptrdiff_t>(read_errors), std::make_move_iterator(signature_errors.begin()),
                std::make_move_iterator(signature_errors.end()));
  if (!errors.empty()) {
    const std::size_t n = errors.size();
    throw RuleError(std::to_string(n) + (n == 1 ? " error" : " errors") + " in rule files", std::move(errors));
  }
  dsl::merge_models(models, std::move(compiled.models));
  for (const detail::VerdictEntry& entry : compiled.verdicts.entries()) verdicts.add(entry);
  auto rules = std::make_shared<detail::CompiledRules>(set_tests ? std::move(compiled.set_rules) : std::move(compiled.rules),
                                                       std::move(models), set_tests ? nullptr : std::move(signatures),
                                                       std::move(verdicts));
  rules->describe_sets(std::move(compiled.sets));
  return RuleSet(std::move(rules), {});
}

// Loaded rule files keep the built-in flow models beneath their own: the models describe
// Python's library, not a check, so a rule pack of one's own should not lose them. So do the
// built-in signatures, for `decoded($X) matches yara [...]` (not as checks).
std::vector<detail::FlowModel> builtin_models() { return RuleSet::builtin().compiled().models(); }
// And the built-in verdicts: a weights rule of one's own judges callables by them too.
detail::CallableVerdicts builtin_verdicts() { return RuleSet::builtin().compiled().verdicts(); }

// The built-in sets (rulesets/sets/): a pack of one's own may name them.
Files builtin_set_files() {
  Files out;
  for (const auto& [path, text] : detail::embedded_rule_files()) {
    if (path.starts_with("rulesets/sets/") && path.ends_with(".rule")) out.emplace_back(path, text);
  }
  return out;
}

Files builtin_signature_files() {
  Files out;
  for (const auto& [path, text] : detail::embedded_rule_files()) {
    if (is_signature_file(std::string(path))) out.emplace_back(path, text);
  }
  return out;
}

}  // namespace

RuleSet RuleSet::builtin() {
  // Compiled once per process; a broken embedded pack is a build defect, caught by the tests.
  static const RuleSet rules = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [path, text] : detail::embedded_rule_files()) {
      if (!is_profile_file(std::string(path))) files.emplace_back(path, text);
    }
    std::vector<RuleFileError> errors;
    return compile(files, errors, {}).with_profile("default");
  }();
  return rules;
}

RuleSet RuleSet::load(const std::vector<std::filesystem::path>& paths) {
  std::vector<RuleFileError> errors;
  const auto files = read_rule_files(paths, errors);
  return compile(files, errors, builtin_models(), builtin_signature_files(), builtin_verdicts(), builtin_set_files());
}

RuleSet RuleSet::load_set_tests(const std::vector<std::filesystem::path>& paths) {
  std::vector<RuleFileError> errors;
  const auto files = read_rule_files(paths, errors);
  return compile(files, errors, builtin_models(), builtin_signature_files(), builtin_verdicts(), builtin_set_files(), true);
}

RuleSet RuleSet::from_text(const std::string& name, std::string_view text) {
  std::vector<RuleFileError> errors;
  return compile({{name, std::string(text)}}, errors, builtin_models(), builtin_signature_files(), builtin_verdicts(),
                 builtin_set_files());
}

namespace {

// The text of a built-in profile (rulesets/profiles/NAME.profile), or of a profile file.
std::string profile_text(std::string_view name) {
  for (const auto& [path, text] : detail::embedded_rule_files()) {
    const std::filesystem::path p(path);
    if (is_profile_file(p) && p.stem() == name) return std::string(text);
  }
  if (name.find('/') != std::string_view::npos || is_profile_file(std::filesystem::path(name))) {
    std::ifstream in{std::filesystem::path(name), std::ios::binary};
    if (!in) throw RuleError("--profile: cannot read '" + std::string(name) + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::string known;
  for (const auto& n : RuleSet::profile_names()) known += (known.empty() ? "" : ", ") + n;
  throw RuleError("--profile: unknown profile '" + std::string(name) + "' (built-in: " + known +
                  "; or the path of a .profile file)");
}

}  // namespace

std::vector<std::string> RuleSet::profile_names() {
  std::vector<std::string> names;
  for (const auto& [path, text] : detail::embedded_rule_files()) {
    const std::filesystem::path p(path);
    if (is_profile_file(p)) names.push_back(p.stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

RuleSet RuleSet::with_profile(std::string_view name) const {
  const std::string text = profile_text(name);
  const auto& infos = compiled_->infos();
  std::vector<bool> enabled(infos.size(), false);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::string_view glob = detail::trim_blanks(std::string_view(line).substr(0, line.find('#')));
    if (!glob.empty() && glob.back() == '\r') glob.remove_suffix(1);
    if (glob.empty()) continue;
    const bool remove = glob.front() == '-';
    if (remove) glob = detail::trim_blanks(glob.substr(1));
    for (std::size_t i = 0; i < infos.size(); ++i) {
      if (detail::check_glob_selects(glob, infos[i])) enabled[i] = !remove;
    }
  }
  if (std::none_of(enabled.begin(), enabled.end(), [](bool on) { return on; })) {
    throw RuleError("--profile: profile '" + std::string(name) + "' enables no check of this rule set");
  }
  RuleSet out(compiled_, enabled);
  out.profile_rules_ = std::move(enabled);
  out.profile_ = std::string(name);
  return out;
}

}  // namespace warden
