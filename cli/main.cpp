// The `warden` command: a thin user of libwarden.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>

#include "rule_tests.hpp"
#include "warden/warden.hpp"

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

int fail(const std::string& message) {
  std::cerr << "warden: error: " << message << '\n';
  return kExitError;
}

// A progress line on stderr for long scans, only when stderr is a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const std::lock_guard lock(mutex_);
    if (now - last_ < std::chrono::milliseconds(200) && done != total) return;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < 0.5) return;  // short scans print nothing
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "\r\033[Kscanning: %zu/%zu files, %.0f files/s", done, total,
                 static_cast<double>(done) / elapsed);
    std::fflush(stderr);
  }
  // Clears the line, so the report that follows starts clean.
  void finish() {
    const std::lock_guard lock(mutex_);
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
    enabled_ = false;
  }
  ~Progress() { finish(); }

 private:
  bool enabled_;
  bool shown_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_, last_{};
};

namespace fs = std::filesystem;

// A RuleError as the user should see it: every error in the rule files clang-style, or the
// one-line message for errors that concern no file (a --checks glob that matches nothing).
int fail_rules(const warden::RuleError& e) {
  if (e.errors().empty()) return fail(e.what());
  std::cerr << warden::format_rule_errors(e.errors());
  return kExitError;
}

// The paths as given, each checked to exist; throws ScanError naming the first that does not.
std::vector<fs::path> existing_paths(const std::vector<std::string>& paths) {
  std::vector<fs::path> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(p, ec)) || ec) {
      throw warden::ScanError(fmt::format("no such file or directory: '{}'", p));
    }
    out.emplace_back(p);
  }
  return out;
}

// The rule files the paths name (`.rule`, and YARA's `.yar` and `.yara`): files as given,
// directories searched recursively (sorted, so output is deterministic). Duplicates are dropped.
std::vector<fs::path> find_rule_files(const std::vector<fs::path>& paths) {
  std::vector<fs::path> out;
  std::set<fs::path> seen;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      if (seen.insert(path.lexically_normal()).second) out.push_back(path);
      continue;
    }
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code type_ec;
      const auto extension = it->path().extension();
      const bool wanted = extension == ".rule" || extension == ".yar" || extension == ".yara";
      if (wanted && it->is_regular_file(type_ec)) found.push_back(it->path());
    }
    if (ec) throw warden::ScanError(fmt::format("cannot read directory '{}': {}", path.string(), ec.message()));
    std::sort(found.begin(), found.end());
    for (auto& f : found) {
      if (seen.insert(f.lexically_normal()).second) out.push_back(std::move(f));
    }
  }
  return out;
}

// `warden check-rules PATH...`: compiles the rule files without scanning.
int check_rules(const std::vector<std::string>& paths) {
  const auto files = find_rule_files(existing_paths(paths));
  if (files.empty()) return fail("no rule files (.rule, .yar) found");
  const warden::RuleSet rules = warden::RuleSet::load(files);
  std::cout << fmt::format("{} rule{} in {} file{}: OK\n", rules.size(), rules.size() == 1 ? "" : "s", files.size(),
                           files.size() == 1 ? "" : "s");
  return kExitClean;
}

// Rule files given with --rules are what the user asked for: all of them run unless a profile
// is named; the built-in checks run as the default profile.
std::string profile_or_default(const std::string& profile, const std::vector<std::string>& rule_paths) {
  if (!profile.empty()) return profile;
  return rule_paths.empty() ? "default" : "all";
}

// The rule set and every file's results are freed by the end of the process, not one
// allocation at a time (as clang's -disable-free): freeing took longer than scanning a small
// repository. Sanitizer builds still tear down, so leaks stay visible.
[[noreturn]] void exit_without_teardown(int code) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  std::exit(code);
#else
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Warden: static analysis of the Python code that model repositories run on load", "warden"};
  app.set_version_flag("--version", fmt::format("warden {} (tree-sitter-python {})", warden::version(),
                                                 warden::python_grammar_version()));
  app.require_subcommand(1);

  auto* scan = app.add_subcommand("scan", "Scan files and directories for risky code");
  std::vector<std::string> paths;
  std::string format = "text", output, checks, min_severity = "low", profile;
  std::vector<std::string> rule_paths;
  unsigned jobs = 0;
  std::uint64_t max_file_size = 10u << 20;
  std::uint64_t max_weights_file_size = warden::ScanOptions{}.max_weights_file_size;
  bool stats = false, no_color = false, on_load_only = false, ignore_nosec = false, syntax_only = false;
  scan->add_option("paths", paths, "Files and directories to scan")->required();
  scan->add_option("--format", format, "Output format: text, json, sarif, or bandit-json (Bandit's own JSON document)")
      ->check(CLI::IsMember({"text", "json", "sarif", "bandit-json"}));
  scan->add_option("-o,--output", output, "Write the report to FILE instead of standard output");
  scan->add_option("-j,--jobs", jobs, "Worker threads (default: all cores)")->check(CLI::Range(1u, 1024u));
  // One path per --rules (repeat it for more), so the option never swallows the paths to scan.
  scan->add_option("--rules", rule_paths, "A rule file or a directory of them, used instead of the built-in checks (repeatable)")
      ->allow_extra_args(false);
  scan->add_option("--profile", profile,
                   "Which checks run: default (Warden's), bandit (Bandit's default set), all, or a .profile file "
                   "(default: 'default', or 'all' with --rules)");
  scan->add_option("--checks", checks,
                   "Enable/disable checks of the profile with clang-tidy-style globs, e.g. '-*,py-exec-*'");
  scan->add_option("--min-severity", min_severity, "Report findings at or above: low, medium, high, critical")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  scan->add_option("--max-file-size", max_file_size, "Skip files larger than this many bytes (default 10 MiB)");
  scan->add_option("--max-weights-file-size", max_weights_file_size,
                   "Read serialized weights (found by content) up to this many bytes, mapped, also above "
                   "--max-file-size (default 256 GiB)");
  scan->add_flag("--on-load-only", on_load_only,
                 "In a model repository, report only findings in code that runs when the model loads");
  scan->add_flag("--ignore-nosec", ignore_nosec, "Report findings that '# nosec' comments would silence");
  scan->add_flag("--stats", stats, "Print time per phase, throughput and the slowest rules to standard error");
  scan->add_flag("--syntax-only", syntax_only,
                 "Only read and parse the Python files (syntax errors are reported): the floor a scan's time is measured against");
  scan->add_flag("--no-color", no_color, "Never colour text output");

  auto* list = app.add_subcommand("list-checks", "List the available checks");
  std::vector<std::string> list_rule_paths;
  std::string list_profile;
  list->add_option("--profile", list_profile, "List the checks of this profile: default, bandit, all, or a .profile file "
                   "(default: 'default', or 'all' with --rules)");
  list->add_option("--rules", list_rule_paths, "List the rules of a file or directory instead of the built-in checks (repeatable)")
      ->allow_extra_args(false);
  bool list_sets = false;
  list->add_flag("--sets", list_sets,
                 "List the named sets (sources, sinks, sanitizers) instead: where each is declared, its members, "
                 "the sets it includes and the rules that name it");

  auto* check = app.add_subcommand("check-rules", "Check rule files for errors without scanning");
  std::vector<std::string> check_paths;
  check->add_option("paths", check_paths, "Rule files, or directories searched for *.rule and *.yar")->required();

  auto* test = app.add_subcommand("test-rules", "Run each rule file against its annotated sibling X.py test file and/or X/ test directory");
  std::vector<std::string> test_paths;
  test->add_option("paths", test_paths, "Rule files, or directories searched for *.rule and *.yar")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One clear line; CLI11's own text already names the flag or argument.
    std::string what = e.what();
    if (what.empty()) what = "bad command line";
    fail(what + " (see 'warden --help')");
    return kExitError;
  }

  try {
    if (check->parsed()) return check_rules(check_paths);
    if (test->parsed()) {
      const auto files = find_rule_files(existing_paths(test_paths));
      if (files.empty()) return fail("no rule files (.rule, .yar) found");
      return warden_cli::test_rules(files);
    }
    if (list->parsed()) {
      const warden::RuleSet rules = (list_rule_paths.empty() ? warden::RuleSet::builtin()
                                                             : warden::RuleSet::load(existing_paths(list_rule_paths)))
                                        .with_profile(profile_or_default(list_profile, list_rule_paths));
      if (list_sets) {
        // KIND NAME  FILE:LINE  N members[; includes A, B][; used by R, S]
        std::size_t width = 16;
        for (const auto& set : rules.sets()) width = std::max(width, set.kind.size() + 1 + set.name.size());
        const auto joined = [](const std::vector<std::string>& names) {
          std::string out;
          for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
          return out;
        };
        for (const auto& set : rules.sets()) {
          std::string line = fmt::format("{:<{}} {}:{}  {} member{}", set.kind + " " + set.name, width, set.file,
                                         set.position.line, set.members, set.members == 1 ? "" : "s");
          if (!set.includes.empty()) line += "; includes " + joined(set.includes);
          if (set.kind == "models") {
            line += "; used by every flow rule";
          } else {
            line += set.used_by.empty() ? "; named by no rule" : "; used by " + joined(set.used_by);
          }
          std::cout << line << '\n';
        }
        return kExitClean;
      }
      std::size_t width = 28;
      for (const auto& rule : rules.rules()) width = std::max(width, rule.id.size());
      for (const auto& rule : rules.rules()) {
        std::cout << fmt::format("{:<{}} {:<8} {}\n", rule.id, width, warden::to_string(rule.severity), rule.title);
      }
      return kExitClean;
    }
    warden::RuleSet rules = (rule_paths.empty() ? warden::RuleSet::builtin()
                                                : warden::RuleSet::load(existing_paths(rule_paths)))
                                .with_profile(profile_or_default(profile, rule_paths));
    if (!checks.empty()) rules = rules.select(checks);

    std::vector<std::filesystem::path> scan_paths;
    for (const auto& p : paths) {
      std::error_code ec;
      if (!std::filesystem::exists(std::filesystem::symlink_status(p, ec)) || ec) {
        return fail(fmt::format("no such file or directory: '{}'", p));
      }
      scan_paths.emplace_back(p);
    }

    std::ofstream file_out;
    if (!output.empty()) {
      file_out.open(output, std::ios::binary | std::ios::trunc);
      if (!file_out) return fail(fmt::format("cannot write '{}': {}", output, std::strerror(errno)));
    }
    std::ostream& out = output.empty() ? std::cout : file_out;

    Progress progress(::isatty(STDERR_FILENO) != 0);
    warden::ScanOptions options;
    options.jobs = jobs;
    options.max_file_size = max_file_size;
    options.max_weights_file_size = max_weights_file_size;
    options.min_severity = *warden::parse_severity(min_severity);
    options.on_load_only = on_load_only;
    options.ignore_nosec = ignore_nosec;
    options.syntax_only = syntax_only;
    options.rule_times = stats;
    options.on_progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };

    const warden::Scanner scanner(rules, options);
    warden::ScanResult result = scanner.scan(scan_paths);
    progress.finish();

    const auto report_start = std::chrono::steady_clock::now();
    if (format == "json") {
      warden::write_json(out, result, rules);
    } else if (format == "sarif") {
      warden::write_sarif(out, result, rules);
    } else if (format == "bandit-json") {
      warden::write_bandit_json(out, result, rules);
    } else {
      warden::TextOptions text;
      text.color = !no_color && output.empty() && ::isatty(STDOUT_FILENO) != 0;
      warden::write_text(out, result, text);
    }
    out.flush();
    if (!out) return fail(output.empty() ? "cannot write to standard output" : fmt::format("cannot write '{}'", output));
    result.stats.report_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - report_start).count();
    if (stats) warden::write_stats(std::cerr, result.stats);
    if (file_out.is_open()) {
      file_out.close();
      if (file_out.fail()) return fail(fmt::format("cannot write '{}'", output));
    }
    exit_without_teardown(result.has_findings_at_or_above(options.min_severity) ? kExitFindings : kExitClean);
  } catch (const warden::RuleError& e) {
    return fail_rules(e);
  } catch (const warden::ScanError& e) {
    return fail(e.what());
  } catch (const std::exception& e) {
    return fail(fmt::format("internal error: {}", e.what()));
  }
}
