// The `warden` command: a thin user of libwarden.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>

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

// The `.rule` files the paths name: files as given, directories searched recursively (sorted,
// so output is deterministic). Duplicates are dropped.
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
      if (it->path().extension() == ".rule" && it->is_regular_file(type_ec)) found.push_back(it->path());
    }
    if (ec) throw warden::ScanError(fmt::format("cannot read directory '{}': {}", path.string(), ec.message()));
    std::sort(found.begin(), found.end());
    for (auto& f : found) {
      if (seen.insert(f.lexically_normal()).second) out.push_back(std::move(f));
    }
  }
  return out;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(bytes).str();
}

// `warden check-rules PATH...`: compiles the rule files without scanning.
int check_rules(const std::vector<std::string>& paths) {
  const auto files = find_rule_files(existing_paths(paths));
  if (files.empty()) return fail("no .rule files found");
  const warden::RuleSet rules = warden::RuleSet::load(files);
  std::cout << fmt::format("{} rule{} in {} file{}: OK\n", rules.size(), rules.size() == 1 ? "" : "s", files.size(),
                           files.size() == 1 ? "" : "s");
  return kExitClean;
}

// ---- warden test-rules -------------------------------------------------------------------
//
// Each X.rule is tested against its sibling X.py, annotated as Semgrep's tests are: a comment
// line `# ruleid: ID[, ID...]` says the next code line must have a finding of ID starting on
// it, `# ok: ID` that it must have none; `# todoruleid:` and `# todook:` record known false
// negatives and false positives, counted but not failed.

enum class Expect : std::uint8_t { ruleid, ok, todoruleid, todook };

struct Annotation {
  Expect kind;
  std::string id;
  std::uint32_t comment_line;  // where the annotation is written
};

struct AnnotatedLine {
  std::uint32_t column = 1;  // the first code character, 1-based (code points)
  std::vector<Annotation> annotations;
};

struct TestFile {
  std::map<std::uint32_t, AnnotatedLine> lines;  // code line -> its annotations
  std::vector<std::pair<std::uint32_t, std::string>> problems;  // malformed annotations
};

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\f')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\f')) s.remove_suffix(1);
  return s;
}

std::uint32_t code_points(std::string_view s) {
  std::uint32_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

TestFile parse_annotations(std::string_view text) {
  static constexpr std::pair<std::string_view, Expect> kKinds[] = {
      {"todoruleid:", Expect::todoruleid}, {"todook:", Expect::todook}, {"ruleid:", Expect::ruleid}, {"ok:", Expect::ok}};
  TestFile out;
  std::vector<Annotation> pending;
  std::uint32_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto nl = text.find('\n', pos);
    const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    const std::string_view line = trim_view(raw);
    if (line.empty()) continue;
    if (line.front() == '#') {
      const std::string_view body = trim_view(line.substr(1));
      for (const auto& [prefix, kind] : kKinds) {
        if (!body.starts_with(prefix)) continue;
        std::string_view ids = body.substr(prefix.size());
        bool any = false;
        while (!ids.empty()) {
          const auto comma = ids.find(',');
          const std::string_view id = trim_view(ids.substr(0, comma));
          ids = comma == std::string_view::npos ? std::string_view() : ids.substr(comma + 1);
          if (id.empty()) continue;
          pending.push_back({kind, std::string(id), line_no});
          any = true;
        }
        if (!any) out.problems.emplace_back(line_no, fmt::format("'{}' names no rule id", prefix));
        break;
      }
      continue;
    }
    if (pending.empty()) continue;
    auto& target = out.lines[line_no];
    target.column = code_points(raw.substr(0, raw.find_first_not_of(" \t\f"))) + 1;
    for (auto& a : pending) target.annotations.push_back(std::move(a));
    pending.clear();
  }
  for (const auto& a : pending) {
    out.problems.emplace_back(a.comment_line, fmt::format("annotation for '{}' is not followed by a code line", a.id));
  }
  return out;
}

struct TestCounts {
  std::size_t passed = 0, failed = 0, todo_ruleid = 0, todo_ok = 0, fixed = 0;
  void add(const TestCounts& o) {
    passed += o.passed;
    failed += o.failed;
    todo_ruleid += o.todo_ruleid;
    todo_ok += o.todo_ok;
    fixed += o.fixed;
  }
};

std::string todo_summary(const TestCounts& c) {
  return fmt::format("{} todoruleid (known false negative{}), {} todook (known false positive{}), {} fixed",
                     c.todo_ruleid, c.todo_ruleid == 1 ? "" : "s", c.todo_ok, c.todo_ok == 1 ? "" : "s", c.fixed);
}

// Tests one rule file against its sibling .py, printing each mismatch and a summary line.
void test_rule_file(const fs::path& rule_path, TestCounts& total, bool& load_error) {
  const std::string rule_name = rule_path.string();
  fs::path test_path = rule_path;
  test_path.replace_extension(".py");
  const std::string test_name = test_path.string();
  TestCounts counts;
  const auto finish = [&] {
    std::cout << fmt::format("{}: {} passed, {} failed", rule_name, counts.passed, counts.failed);
    if (counts.todo_ruleid + counts.todo_ok + counts.fixed > 0) std::cout << "; " << todo_summary(counts);
    std::cout << '\n';
    total.add(counts);
  };

  std::error_code ec;
  if (!fs::is_regular_file(test_path, ec)) {
    std::cout << fmt::format("{}: error: no test file {}\n", rule_name, test_path.filename().string());
    ++counts.failed;
    finish();
    return;
  }
  std::optional<warden::RuleSet> loaded;
  try {
    loaded.emplace(warden::RuleSet::load({rule_path}));
  } catch (const warden::RuleError& e) {
    fail_rules(e);
    std::cout << fmt::format("{}: error: the rule file did not load (errors on standard error)\n", rule_name);
    load_error = true;
    finish();
    return;
  }
  const warden::RuleSet& rules = *loaded;
  const auto source = read_file(test_path);
  if (!source) {
    std::cout << fmt::format("{}: error: cannot read: {}\n", test_name, std::strerror(errno));
    ++counts.failed;
    finish();
    return;
  }
  const warden::ScanResult result = warden::Scanner(rules).scan_buffer(test_name, *source);
  const TestFile test = parse_annotations(*source);

  // Mismatches, printed in line order once all are known: (line, column, text).
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::string>> messages;
  const auto say = [&](std::uint32_t line, std::uint32_t column, std::string text) {
    messages.emplace_back(line, column, fmt::format("{}:{}:{}: {}\n", test_name, line, column, text));
  };

  std::set<std::string, std::less<>> ids;
  for (const auto& rule : rules.rules()) ids.insert(rule.id);

  for (const auto& d : result.diagnostics) {
    if (d.level != warden::DiagnosticLevel::error) continue;
    say(d.position.line, std::max<std::uint32_t>(d.position.column, 1),
        fmt::format("error: the test file has a problem: {} [{}]", d.message, d.code));
    ++counts.failed;
  }
  for (const auto& [line, message] : test.problems) {
    say(line, 1, "error: " + message);
    ++counts.failed;
  }

  // Findings by (rule id, start line).
  std::map<std::pair<std::string, std::uint32_t>, std::vector<const warden::Finding*>> found;
  for (const auto& f : result.findings) found[{f.rule_id, f.range.start.line}].push_back(&f);

  std::set<std::pair<std::string, std::uint32_t>> allowed;  // (id, line) where findings are expected
  std::set<std::string, std::less<>> positive;              // ids with a ruleid or todoruleid line
  for (const auto& [line, annotated] : test.lines) {
    for (const auto& a : annotated.annotations) {
      if (!ids.contains(a.id)) {
        say(a.comment_line, 1, fmt::format("error: annotation names '{}', which is not a rule of {}", a.id, rule_name));
        ++counts.failed;
        continue;
      }
      const bool flagged = found.contains({a.id, line});
      switch (a.kind) {
        case Expect::ruleid:
          allowed.insert({a.id, line});
          positive.insert(a.id);
          if (flagged) {
            ++counts.passed;
          } else {
            say(line, annotated.column, fmt::format("error: expected finding of '{}' here", a.id));
            ++counts.failed;
          }
          break;
        case Expect::ok:
          if (!flagged) ++counts.passed;  // a finding here is reported as unexpected below
          break;
        case Expect::todoruleid:
          allowed.insert({a.id, line});
          positive.insert(a.id);
          if (flagged) {
            say(line, annotated.column, fmt::format("note: todoruleid now passes: promote it to 'ruleid: {}'", a.id));
            ++counts.fixed;
          } else {
            ++counts.todo_ruleid;
          }
          break;
        case Expect::todook:
          allowed.insert({a.id, line});
          if (flagged) {
            ++counts.todo_ok;
          } else {
            say(line, annotated.column, fmt::format("note: todook no longer fires: promote it to 'ok: {}'", a.id));
            ++counts.fixed;
          }
          break;
      }
    }
  }
  for (const auto& [key, findings] : found) {
    if (allowed.contains(key)) continue;
    for (const auto* f : findings) {
      say(f->range.start.line, f->range.start.column,
          fmt::format("error: unexpected finding of '{}': {}", f->rule_id, f->message));
      ++counts.failed;
    }
  }
  std::stable_sort(messages.begin(), messages.end(), [](const auto& x, const auto& y) {
    return std::tie(std::get<0>(x), std::get<1>(x)) < std::tie(std::get<0>(y), std::get<1>(y));
  });
  for (const auto& m : messages) std::cout << std::get<2>(m);
  for (const auto& id : ids) {
    if (!positive.contains(id)) {
      std::cout << fmt::format("{}: warning: no '# ruleid: {}' annotation: the rule is never shown to fire\n",
                               test_name, id);
    }
  }
  finish();
}

// `warden test-rules PATH...`
int test_rules(const std::vector<std::string>& paths) {
  const auto files = find_rule_files(existing_paths(paths));
  if (files.empty()) return fail("no .rule files found");
  TestCounts total;
  bool load_error = false;
  for (const auto& file : files) test_rule_file(file, total, load_error);
  std::cout << fmt::format("{} passed, {} failed\n", total.passed, total.failed);
  std::cout << todo_summary(total) << '\n';
  if (load_error) {
    std::cerr << "warden: error: some rule files did not load (see above)\n";
    return kExitError;
  }
  return total.failed > 0 ? kExitFindings : kExitClean;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Warden: static analysis of the Python code that model repositories run on load", "warden"};
  app.set_version_flag("--version", fmt::format("warden {} (tree-sitter-python {})", warden::version(),
                                                 warden::python_grammar_version()));
  app.require_subcommand(1);

  auto* scan = app.add_subcommand("scan", "Scan files and directories for risky code");
  std::vector<std::string> paths;
  std::string format = "text", output, checks, min_severity = "low";
  std::vector<std::string> rule_paths;
  unsigned jobs = 0;
  std::uint64_t max_file_size = 10u << 20;
  bool stats = false, no_color = false;
  scan->add_option("paths", paths, "Files and directories to scan")->required();
  scan->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json", "sarif"}));
  scan->add_option("-o,--output", output, "Write the report to FILE instead of standard output");
  scan->add_option("-j,--jobs", jobs, "Worker threads (default: all cores)")->check(CLI::Range(1u, 1024u));
  // One path per --rules (repeat it for more), so the option never swallows the paths to scan.
  scan->add_option("--rules", rule_paths, "A rule file or a directory of them, used instead of the built-in checks (repeatable)")
      ->allow_extra_args(false);
  scan->add_option("--checks", checks, "Enable/disable checks with clang-tidy-style globs, e.g. '-*,py-exec-*'");
  scan->add_option("--min-severity", min_severity, "Report findings at or above: low, medium, high, critical")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  scan->add_option("--max-file-size", max_file_size, "Skip files larger than this many bytes (default 10 MiB)");
  scan->add_flag("--stats", stats, "Print time per phase and throughput to standard error");
  scan->add_flag("--no-color", no_color, "Never colour text output");

  auto* list = app.add_subcommand("list-checks", "List the available checks");
  std::vector<std::string> list_rule_paths;
  list->add_option("--rules", list_rule_paths, "List the rules of a file or directory instead of the built-in checks (repeatable)")
      ->allow_extra_args(false);

  auto* check = app.add_subcommand("check-rules", "Check rule files for errors without scanning");
  std::vector<std::string> check_paths;
  check->add_option("paths", check_paths, "Rule files, or directories searched for *.rule")->required();

  auto* test = app.add_subcommand("test-rules", "Run each rule file against its annotated sibling .py test file");
  std::vector<std::string> test_paths;
  test->add_option("paths", test_paths, "Rule files, or directories searched for *.rule")->required();

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
    if (test->parsed()) return test_rules(test_paths);
    if (list->parsed()) {
      const warden::RuleSet rules = list_rule_paths.empty() ? warden::RuleSet::builtin()
                                                            : warden::RuleSet::load(existing_paths(list_rule_paths));
      for (const auto& rule : rules.rules()) {
        std::cout << fmt::format("{:<28} {:<8} {}\n", rule.id, warden::to_string(rule.severity), rule.title);
      }
      return kExitClean;
    }
    warden::RuleSet rules = rule_paths.empty() ? warden::RuleSet::builtin()
                                               : warden::RuleSet::load(existing_paths(rule_paths));
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
    options.min_severity = *warden::parse_severity(min_severity);
    options.on_progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };

    const warden::Scanner scanner(rules, options);
    warden::ScanResult result = scanner.scan(scan_paths);
    progress.finish();

    const auto report_start = std::chrono::steady_clock::now();
    if (format == "json") {
      warden::write_json(out, result, rules);
    } else if (format == "sarif") {
      warden::write_sarif(out, result, rules);
    } else {
      warden::TextOptions text;
      text.color = !no_color && output.empty() && ::isatty(STDOUT_FILENO) != 0;
      warden::write_text(out, result, text);
    }
    out.flush();
    if (!out) return fail(output.empty() ? "cannot write to standard output" : fmt::format("cannot write '{}'", output));
    result.stats.report_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - report_start).count();
    if (stats) warden::write_stats(std::cerr, result.stats);

    return result.has_findings_at_or_above(options.min_severity) ? kExitFindings : kExitClean;
  } catch (const warden::RuleError& e) {
    return fail_rules(e);
  } catch (const warden::ScanError& e) {
    return fail(e.what());
  } catch (const std::exception& e) {
    return fail(fmt::format("internal error: {}", e.what()));
  }
}
