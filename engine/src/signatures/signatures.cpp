// The only file that includes <yara.h> (see signatures.hpp).
#include "signatures.hpp"

#include <fmt/format.h>
#include <fnmatch.h>
#include <yara.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <semaphore>
#include <sstream>

namespace warden::detail {
namespace {

// yr_initialize once per process, yr_finalize at exit (after every static rule set, which
// was built after this and so is destroyed before it).
struct Library {
  int status;
  Library() : status(yr_initialize()) {}
  ~Library() {
    if (status == ERROR_SUCCESS) yr_finalize();
  }
};

void ensure_library() {
  static const Library library;
  if (library.status != ERROR_SUCCESS) throw std::runtime_error(fmt::format("libyara failed to initialise (error {})", library.status));
}

// libyara lets at most YR_MAX_THREADS threads scan at once; a worker beyond that waits.
std::counting_semaphore<YR_MAX_THREADS>& scan_slots() {
  static std::counting_semaphore<YR_MAX_THREADS> slots(YR_MAX_THREADS);
  return slots;
}

std::string stem_of(const std::string& path) { return std::filesystem::path(path).stem().string(); }

std::string line_of_text(std::string_view text, std::uint32_t line) {
  std::size_t start = 0;
  for (std::uint32_t l = 1; l < line && start != std::string_view::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start > text.size()) return {};
  std::string_view rest = text.substr(start);
  rest = rest.substr(0, rest.find('\n'));
  if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
  return std::string(rest);
}

// The line of `rule NAME` in a file's text, for errors about a rule's metadata (libyara keeps
// no line per rule); 0 when not found.
std::uint32_t line_of_rule(std::string_view text, std::string_view name) {
  std::uint32_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      continue;
    }
    if (text.compare(i, 4, "rule") != 0 || (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_'))) continue;
    std::size_t j = i + 4;
    if (j >= text.size() || !std::isspace(static_cast<unsigned char>(text[j]))) continue;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (text.compare(j, name.size(), name) == 0) {
      const std::size_t end = j + name.size();
      if (end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) return line;
    }
  }
  return 0;
}

struct CompileState {
  const SignatureSet::File* file = nullptr;
  std::vector<RuleFileError>* errors = nullptr;
  bool failed = false;
};

void on_compile_message(int level, const char* file_name, int line, const YR_RULE* /*rule*/, const char* message,
                        void* user_data) {
  auto& state = *static_cast<CompileState*>(user_data);
  if (level != YARA_ERROR_LEVEL_ERROR) return;  // warnings (slow strings) are the pack tests' business
  state.failed = true;
  RuleFileError e;
  // Errors inside an included file carry its name; the top-level file's are ours.
  const bool top_level = file_name == nullptr || *file_name == '\0';
  e.file = top_level ? state.file->path : std::string(file_name);
  e.position = {static_cast<std::uint32_t>(std::max(line, 0)), 0};
  e.message = message ? message : "YARA compile error";
  if (top_level && line > 0) e.source_line = line_of_text(state.file->text, static_cast<std::uint32_t>(line));
  state.errors->push_back(std::move(e));
}

// `include "x.yar"`: read relative to the including top-level file's directory.
const char* on_include(const char* include_name, const char* /*calling_file*/, const char* /*ns*/, void* user_data) {
  const auto& state = *static_cast<CompileState*>(user_data);
  std::filesystem::path path(include_name);
  if (path.is_relative()) path = std::filesystem::path(state.file->path).parent_path() / path;
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  char* copy = static_cast<char*>(std::malloc(s.size() + 1));
  if (!copy) return nullptr;
  std::memcpy(copy, s.c_str(), s.size() + 1);
  return copy;
}

void free_include(const char* text, void* /*user_data*/) { std::free(const_cast<char*>(text)); }

struct Compiler {
  YR_COMPILER* compiler = nullptr;
  CompileState state;
  Compiler() {
    if (yr_compiler_create(&compiler) != ERROR_SUCCESS) throw std::bad_alloc();
    yr_compiler_set_callback(compiler, on_compile_message, &state);
    yr_compiler_set_include_callback(compiler, on_include, free_include, &state);
  }
  ~Compiler() { yr_compiler_destroy(compiler); }
  Compiler(const Compiler&) = delete;
  Compiler& operator=(const Compiler&) = delete;
  // Adds one file; false when it has errors (they are in `errors`).
  bool add(const SignatureSet::File& file, std::vector<RuleFileError>& errors) {
    state.file = &file;
    state.errors = &errors;
    state.failed = false;
    const int count = yr_compiler_add_string(compiler, file.text.c_str(), stem_of(file.path).c_str());
    return count == 0 && !state.failed;
  }
};

std::vector<int> parse_cwes(std::string_view text) {
  std::vector<int> out;
  int value = -1;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ',';
    if (c >= '0' && c <= '9') {
      value = (value < 0 ? 0 : value * 10) + (c - '0');
      if (value > 1'000'000) return {};
    } else {
      if (value >= 0) out.push_back(value);
      value = -1;
      if (c == 'C' || c == 'W' || c == 'E' || c == '-' || c == ',' || c == ' ' || c == '[' || c == ']') continue;
      return {};
    }
  }
  return out;
}

}  // namespace

struct SignatureSet::Impl {
  YR_RULES* rules = nullptr;
};

SignatureSet::SignatureSet() : impl_(std::make_unique<Impl>()) {}

SignatureSet::~SignatureSet() {
  if (impl_->rules) yr_rules_destroy(impl_->rules);
}

std::shared_ptr<const SignatureSet> SignatureSet::compile(const std::vector<File>& files,
                                                          std::vector<RuleFileError>& errors) {
  ensure_library();
  const std::size_t errors_before = errors.size();
  // libyara's compiler cannot take more files after one fails, so each later file is checked
  // in a compiler of its own: every broken file is reported, not only the first.
  Compiler all;
  bool ok = true;
  for (const File& file : files) {
    if (ok) {
      ok = all.add(file, errors);
    } else {
      Compiler alone;
      alone.add(file, errors);
    }
  }
  if (!ok) return nullptr;

  std::shared_ptr<SignatureSet> set(new SignatureSet());
  if (yr_compiler_get_rules(all.compiler, &set->impl_->rules) != ERROR_SUCCESS) {
    errors.push_back({files.empty() ? std::string("<signatures>") : files.front().path, {}, "libyara could not build the rules (out of memory)", {}});
    return nullptr;
  }
  const YR_RULES* rules = set->impl_->rules;
  for (std::uint32_t i = 0; i < rules->num_rules; ++i) {
    const YR_RULE* rule = &rules->rules_table[i];
    SignatureRule out;
    out.ns = rule->ns->name;
    out.name = rule->identifier;
    out.is_private = RULE_IS_PRIVATE(rule) != 0;
    RuleInfo& info = out.info;
    info.id = "yara." + out.ns + "." + out.name;
    info.kind = RuleKind::signature;
    info.xrefs["yara"] = out.ns + ":" + out.name;
    const char* tag = nullptr;
    yr_rule_tags_foreach(rule, tag) info.tags.emplace_back(tag);
    const File* file = nullptr;
    for (const File& f : files) {
      if (stem_of(f.path) == out.ns) file = &f;
    }
    out.is_check = file == nullptr || file->checks;
    auto meta_error = [&](std::string message) {
      const std::uint32_t line = file ? line_of_rule(file->text, out.name) : 0;
      errors.push_back({file ? file->path : out.ns, {line, 0}, std::move(message),
                        file && line ? line_of_text(file->text, line) : std::string()});
    };
    const YR_META* meta = nullptr;
    yr_rule_metas_foreach(rule, meta) {
      const std::string_view key = meta->identifier;
      const bool is_string = meta->type == META_TYPE_STRING;
      const std::string value = is_string ? std::string(meta->string) : std::to_string(meta->integer);
      if (key == "title") {
        info.title = value;
      } else if (key == "description") {
        info.description = value;
      } else if (key == "message") {
        out.message = value;
      } else if (key == "severity") {
        if (auto s = parse_severity(value)) info.severity = *s;
        else meta_error(fmt::format("rule '{}': severity must be low, medium, high or critical, not '{}'", out.name, value));
      } else if (key == "confidence") {
        if (auto c = parse_confidence(value)) info.confidence = *c;
        else meta_error(fmt::format("rule '{}': confidence must be low, medium or high, not '{}'", out.name, value));
      } else if (key == "cwe") {
        auto cwes = meta->type == META_TYPE_INTEGER ? std::vector<int>{static_cast<int>(meta->integer)} : parse_cwes(value);
        if (cwes.empty()) meta_error(fmt::format("rule '{}': cwe must be a number or a list such as \"78, 94\", not '{}'", out.name, value));
        info.cwes.insert(info.cwes.end(), cwes.begin(), cwes.end());
      } else if (key == "reference" || key == "references" || key == "url") {
        info.references.push_back(value);
      } else if (key == "files") {
        for (std::string_view rest = value; !rest.empty();) {
          const auto comma = rest.find(',');
          std::string_view glob = rest.substr(0, comma);
          rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
          while (!glob.empty() && glob.front() == ' ') glob.remove_prefix(1);
          while (!glob.empty() && glob.back() == ' ') glob.remove_suffix(1);
          if (!glob.empty()) out.file_globs.emplace_back(glob);
        }
        if (out.file_globs.empty()) meta_error(fmt::format("rule '{}': files must list file-name globs such as \"*.py, *.pyw\"", out.name));
      } else if (key == "bandit" || key == "ruff" || key == "semgrep" || key == "codeql" || key == "pylint") {
        info.xrefs[std::string(key)] = value;  // other tools' ids, as a .rule file's keys
      }
    }
    if (info.title.empty()) info.title = info.description.empty() ? "YARA rule " + out.name : info.description;
    set->rules_.push_back(std::move(out));
  }
  if (errors.size() != errors_before) return nullptr;
  return set;
}

bool SignatureRule::applies_to(std::string_view file_name) const {
  if (file_globs.empty()) return true;
  const std::string base_name(file_name);  // NUL-terminated, for fnmatch
  return std::any_of(file_globs.begin(), file_globs.end(),
                     [&](const std::string& glob) { return ::fnmatch(glob.c_str(), base_name.c_str(), 0) == 0; });
}

namespace {

struct ScanState {
  const YR_RULES* rules = nullptr;
  std::vector<SignatureMatch>* matches = nullptr;
};

int on_scan_message(YR_SCAN_CONTEXT* context, int message, void* data, void* user_data) {
  if (message != CALLBACK_MSG_RULE_MATCHING) return CALLBACK_CONTINUE;
  auto& state = *static_cast<ScanState*>(user_data);
  const auto* rule = static_cast<const YR_RULE*>(data);
  if (RULE_IS_PRIVATE(rule)) return CALLBACK_CONTINUE;
  SignatureMatch match;
  match.rule = static_cast<std::uint32_t>(rule - state.rules->rules_table);
  const YR_STRING* string = nullptr;
  yr_rule_strings_foreach(rule, string) {
    // libyara's match pool hands out YR_MATCHes at 4-byte alignment, so each one is copied
    // out with memcpy rather than read through a misaligned pointer (undefined behaviour;
    // yr_string_matches_foreach does the latter).
    std::size_t kept = 0;
    for (const void* at = context->matches[string->idx].head; at != nullptr && kept < SignatureScanner::kMaxStringMatches;) {
      YR_MATCH m;
      std::memcpy(&m, at, sizeof m);
      at = m.next;
      if (m.is_private) continue;
      ++kept;
      match.strings.push_back({string->identifier, static_cast<std::uint64_t>(m.base + m.offset),
                               static_cast<std::uint32_t>(m.match_length)});
    }
  }
  std::sort(match.strings.begin(), match.strings.end(),
            [](const auto& a, const auto& b) { return std::tie(a.offset, a.identifier) < std::tie(b.offset, b.identifier); });
  if (match.strings.size() > SignatureScanner::kMaxStringMatches) match.strings.resize(SignatureScanner::kMaxStringMatches);
  state.matches->push_back(std::move(match));
  return CALLBACK_CONTINUE;
}

}  // namespace

SignatureScanner::SignatureScanner(std::shared_ptr<const SignatureSet> set, int timeout_seconds) : set_(std::move(set)) {
  YR_SCANNER* scanner = nullptr;
  if (yr_scanner_create(set_->impl().rules, &scanner) != ERROR_SUCCESS) throw std::bad_alloc();
  yr_scanner_set_flags(scanner, SCAN_FLAGS_REPORT_RULES_MATCHING);
  yr_scanner_set_timeout(scanner, timeout_seconds);
  scanner_ = scanner;
}

SignatureScanner::~SignatureScanner() { yr_scanner_destroy(static_cast<YR_SCANNER*>(scanner_)); }

SignatureScanner::Status SignatureScanner::scan(std::string_view bytes, std::vector<SignatureMatch>& matches,
                                                std::string& error) {
  auto* scanner = static_cast<YR_SCANNER*>(scanner_);
  ScanState state{set_->impl().rules, &matches};
  yr_scanner_set_callback(scanner, on_scan_message, &state);
  const std::size_t first = matches.size();
  auto& slots = scan_slots();
  slots.acquire();
  const int result = yr_scanner_scan_mem(scanner, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  slots.release();
  std::sort(matches.begin() + static_cast<std::ptrdiff_t>(first), matches.end(),
            [](const SignatureMatch& a, const SignatureMatch& b) { return a.rule < b.rule; });
  switch (result) {
    case ERROR_SUCCESS: return Status::ok;
    case ERROR_SCAN_TIMEOUT: error = "signature scan timed out"; return Status::timeout;
    case ERROR_TOO_MANY_MATCHES: error = "signature scan stopped: too many matches of one string"; return Status::error;
    case ERROR_INSUFFICIENT_MEMORY: error = "signature scan ran out of memory"; return Status::error;
    default: error = fmt::format("signature scan failed (libyara error {})", result); return Status::error;
  }
}

}  // namespace warden::detail
