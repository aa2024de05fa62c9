// `warden test-rules`.
//
// Each X.rule is tested against its sibling X.py and/or the small project in its sibling
// directory X/ (scanned as one tree, so imports between its files resolve), annotated as
// Semgrep's tests are: a comment line `# ruleid: ID[, ID...]` says the next code line must have
// a finding of ID starting on it, `# ok: ID` that it must have none; `# todoruleid:` and
// `# todook:` record known false negatives and false positives, counted but not failed.
// After an id of `ruleid:`, `(severity: S, confidence: C)` (either key) also asks the finding
// there to have that severity and confidence: a rule that rates cases differently
// (`report { ... }`) is tested case by case.
// `# source: ID` says a flow of ID starts on the next code line: the first step of the trace
// of every expected finding of ID must start on such a line (in whichever file of the test),
// and every such line must start some finding's flow. `# todosource:` is its known gap.
// A file of X/ that cannot carry comments (a weights file: a pickle, a zip) is annotated by its
// name instead: `ruleid-NAME`, `ok-NAME`, `todoruleid-NAME` or `todook-NAME` say the same of
// the whole file, for every rule of X.rule (its findings are at byte offsets, not lines).
#include "rule_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "warden/warden.hpp"

namespace warden_cli {
namespace {

namespace fs = std::filesystem;

enum class Expect : std::uint8_t { ruleid, ok, todoruleid, todook, source, todosource };

struct Annotation {
  Expect kind;
  std::string id;
  std::uint32_t comment_line;  // where the annotation is written
  std::optional<warden::Severity> severity;      // `(severity: S)` after the id
  std::optional<warden::Confidence> confidence;  // `(confidence: C)`
};

struct AnnotatedLine {
  std::uint32_t column = 1;  // the first code character, 1-based (code points)
  std::vector<Annotation> annotations;
};

struct Annotations {
  std::map<std::uint32_t, AnnotatedLine> lines;  // code line -> its annotations
  std::vector<std::pair<std::uint32_t, std::string>> problems;  // malformed annotations
  // Where each line starts (comment annotations only): a finding at a byte offset of the file
  // itself (a binary test file with comment lines above its data) is on the line holding it.
  std::vector<std::uint64_t> line_starts;

  std::uint32_t line_of(const warden::Finding& f) const {
    if (!f.bytes || !f.bytes->member.empty() || line_starts.empty()) return f.range.start.line;
    return static_cast<std::uint32_t>(std::upper_bound(line_starts.begin(), line_starts.end(), f.bytes->offset) -
                                      line_starts.begin());
  }
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

Annotations parse_annotations(std::string_view text) {
  static constexpr std::pair<std::string_view, Expect> kKinds[] = {
      {"todoruleid:", Expect::todoruleid}, {"todook:", Expect::todook}, {"todosource:", Expect::todosource},
      {"ruleid:", Expect::ruleid},         {"ok:", Expect::ok},         {"source:", Expect::source}};
  Annotations out;
  std::vector<Annotation> pending;
  std::uint32_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto nl = text.find('\n', pos);
    const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    out.line_starts.push_back(pos);
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
          // Commas inside `( ... )` separate the expectations, not the ids.
          std::size_t comma = 0;
          for (int depth = 0; comma < ids.size() && (ids[comma] != ',' || depth > 0); ++comma) {
            depth += ids[comma] == '(' ? 1 : ids[comma] == ')' ? -1 : 0;
          }
          std::string_view entry = trim_view(ids.substr(0, comma));
          ids = comma >= ids.size() ? std::string_view() : ids.substr(comma + 1);
          if (entry.empty()) continue;
          Annotation a{kind, {}, line_no, {}, {}};
          if (const auto open = entry.find('('); open != std::string_view::npos) {
            std::string_view rest = entry.substr(open + 1);
            entry = trim_view(entry.substr(0, open));
            any = true;  // named, even when what follows is wrong (reported below)
            if (kind != Expect::ruleid || rest.empty() || rest.back() != ')') {
              out.problems.emplace_back(line_no, kind != Expect::ruleid
                                                     ? fmt::format("'(...)' after '{}' is only for 'ruleid:'", entry)
                                                     : fmt::format("'(' after '{}' is not closed by ')'", entry));
              continue;
            }
            rest.remove_suffix(1);
            bool good = true;
            while (good && !rest.empty()) {
              const auto next = rest.find(',');
              const std::string_view item = trim_view(rest.substr(0, next));
              rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
              const auto colon = item.find(':');
              const std::string_view key = trim_view(item.substr(0, colon));
              const std::string_view value = colon == std::string_view::npos ? std::string_view() : trim_view(item.substr(colon + 1));
              if (key == "severity" && warden::parse_severity(value)) {
                a.severity = warden::parse_severity(value);
              } else if (key == "confidence" && warden::parse_confidence(value)) {
                a.confidence = warden::parse_confidence(value);
              } else {
                out.problems.emplace_back(
                    line_no, fmt::format("'{}' after '{}': expected severity: low|medium|high|critical or confidence: low|medium|high", item, entry));
                good = false;
              }
            }
            if (!good) continue;
          }
          a.id = std::string(entry);
          pending.push_back(std::move(a));
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

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(bytes).str();
}

struct TestCounts {
  std::size_t passed = 0, failed = 0, todo_ruleid = 0, todo_ok = 0, todo_source = 0, fixed = 0;
  void add(const TestCounts& o) {
    passed += o.passed;
    failed += o.failed;
    todo_ruleid += o.todo_ruleid;
    todo_ok += o.todo_ok;
    todo_source += o.todo_source;
    fixed += o.fixed;
  }
  bool any_todo() const { return todo_ruleid + todo_ok + todo_source + fixed > 0; }
};

// The todosource count only appears when there is one, so rule packs without flows print
// what they always printed.
std::string todo_summary(const TestCounts& c) {
  std::string out = fmt::format("{} todoruleid (known false negative{}), {} todook (known false positive{}), ",
                                c.todo_ruleid, c.todo_ruleid == 1 ? "" : "s", c.todo_ok, c.todo_ok == 1 ? "" : "s");
  if (c.todo_source > 0) {
    out += fmt::format("{} todosource (known missed flow source{}), ", c.todo_source, c.todo_source == 1 ? "" : "s");
  }
  out += fmt::format("{} fixed", c.fixed);
  return out;
}

// One annotated file of a test and the findings reported in it.
struct TestedFile {
  std::string display;  // as findings name it
  Annotations annotations;
};

// Checks one scan (of X.py or of X/) against the annotations of its files.
class Checker {
 public:
  // `flow_ids`: the taint rules among `ids`, whose findings' traces are flows to check.
  Checker(const std::string& rule_name, const std::set<std::string, std::less<>>& ids,
          const std::set<std::string, std::less<>>& flow_ids, TestCounts& counts)
      : rule_name_(rule_name), ids_(ids), flow_ids_(flow_ids), counts_(counts) {}

  void check(const warden::ScanResult& result, const std::vector<TestedFile>& files);

  // Prints the mismatches in file, line and column order.
  void print() {
    std::stable_sort(messages_.begin(), messages_.end(), [](const auto& x, const auto& y) {
      return std::tie(std::get<0>(x), std::get<1>(x), std::get<2>(x)) < std::tie(std::get<0>(y), std::get<1>(y), std::get<2>(y));
    });
    for (const auto& m : messages_) std::cout << std::get<3>(m);
    messages_.clear();
  }

  const std::set<std::string, std::less<>>& positive() const { return positive_; }

 private:
  void say(const std::string& file, std::uint32_t line, std::uint32_t column, const std::string& text) {
    const auto order = file_order_.try_emplace(file, file_order_.size()).first->second;
    messages_.emplace_back(order, line, column, fmt::format("{}:{}:{}: {}\n", file, line, column, text));
  }

  const std::string& rule_name_;
  const std::set<std::string, std::less<>>& ids_;
  const std::set<std::string, std::less<>>& flow_ids_;
  TestCounts& counts_;
  std::map<std::string, std::size_t, std::less<>> file_order_;  // files in the order first checked
  std::vector<std::tuple<std::size_t, std::uint32_t, std::uint32_t, std::string>> messages_;
  std::set<std::string, std::less<>> positive_;  // ids with a ruleid or todoruleid line
};

void Checker::check(const warden::ScanResult& result, const std::vector<TestedFile>& files) {
  for (const auto& file : files) file_order_.try_emplace(file.display, file_order_.size());
  for (const auto& d : result.diagnostics) {
    if (d.level != warden::DiagnosticLevel::error) continue;
    say(d.file, d.position.line, std::max<std::uint32_t>(d.position.column, 1),
        fmt::format("error: the test file has a problem: {} [{}]", d.message, d.code));
    ++counts_.failed;
  }

  using Key = std::tuple<std::string, std::string, std::uint32_t>;  // (file, rule id, line)
  std::map<Key, std::vector<const warden::Finding*>> found;
  std::map<std::string_view, const Annotations*> annotations_of;
  for (const auto& file : files) annotations_of.emplace(file.display, &file.annotations);
  for (const auto& f : result.findings) {
    const auto annotations = annotations_of.find(f.file);
    const std::uint32_t line = annotations == annotations_of.end() ? f.range.start.line : annotations->second->line_of(f);
    found[{f.file, f.rule_id, line}].push_back(&f);
  }

  struct SourceLine {
    Expect kind;
    std::uint32_t column;
    bool used = false;
  };
  std::map<Key, SourceLine> sources;  // `# source:` and `# todosource:` lines
  std::map<Key, Expect> allowed;      // where findings are expected: ruleid, todoruleid or todook
  for (const auto& file : files) {
    for (const auto& [line, message] : file.annotations.problems) {
      say(file.display, line, 1, "error: " + message);
      ++counts_.failed;
    }
    for (const auto& [line, annotated] : file.annotations.lines) {
      for (const auto& a : annotated.annotations) {
        if (!ids_.contains(a.id)) {
          say(file.display, a.comment_line, 1,
              fmt::format("error: annotation names '{}', which is not a rule of {}", a.id, rule_name_));
          ++counts_.failed;
          continue;
        }
        const Key key{file.display, a.id, line};
        const bool flagged = found.contains(key);
        switch (a.kind) {
          case Expect::ruleid:
            allowed.emplace(key, a.kind);
            positive_.insert(a.id);
            if (flagged && (a.severity || a.confidence)) {
              // One finding of the rule on the line must have what the annotation asks.
              const auto& here = found.at(key);
              const bool rated = std::any_of(here.begin(), here.end(), [&](const warden::Finding* f) {
                return (!a.severity || f->severity == *a.severity) && (!a.confidence || f->confidence == *a.confidence);
              });
              if (rated) {
                ++counts_.passed;
              } else {
                say(file.display, line, annotated.column,
                    fmt::format("error: expected '{}' here with{}{}, found severity {}, confidence {}", a.id,
                                a.severity ? fmt::format(" severity {}", warden::to_string(*a.severity)) : "",
                                a.confidence ? fmt::format(" confidence {}", warden::to_string(*a.confidence)) : "",
                                warden::to_string(here.front()->severity), warden::to_string(here.front()->confidence)));
                ++counts_.failed;
              }
            } else if (flagged) {
              ++counts_.passed;
            } else {
              say(file.display, line, annotated.column, fmt::format("error: expected finding of '{}' here", a.id));
              ++counts_.failed;
            }
            break;
          case Expect::ok:
            if (!flagged) ++counts_.passed;  // a finding here is reported as unexpected below
            break;
          case Expect::todoruleid:
            allowed.emplace(key, a.kind);
            positive_.insert(a.id);
            if (flagged) {
              say(file.display, line, annotated.column,
                  fmt::format("note: todoruleid now passes: promote it to 'ruleid: {}'", a.id));
              ++counts_.fixed;
            } else {
              ++counts_.todo_ruleid;
            }
            break;
          case Expect::todook:
            allowed.emplace(key, a.kind);
            if (flagged) {
              ++counts_.todo_ok;
            } else {
              say(file.display, line, annotated.column,
                  fmt::format("note: todook no longer fires: promote it to 'ok: {}'", a.id));
              ++counts_.fixed;
            }
            break;
          case Expect::source:
          case Expect::todosource:
            sources.emplace(key, SourceLine{a.kind, annotated.column});
            break;
        }
      }
    }
  }

  for (const auto& [key, findings] : found) {
    const auto expected = allowed.find(key);
    for (const auto* f : findings) {
      if (expected == allowed.end()) {
        say(f->file, std::get<2>(key), f->range.start.column,
            fmt::format("error: unexpected finding of '{}': {}", f->rule_id, f->message));
        ++counts_.failed;
      }
      if (f->trace.empty() || !flow_ids_.contains(f->rule_id)) continue;
      // Where the flow starts: its source, the trace's first step.
      const warden::TraceStep& start = f->trace.front();
      const auto source = sources.find({start.file, f->rule_id, start.range.start.line});
      const bool annotated = source != sources.end();
      if (annotated) {
        if (!source->second.used && source->second.kind == Expect::todosource) {
          say(start.file, start.range.start.line, source->second.column,
              fmt::format("note: todosource now passes: promote it to 'source: {}'", f->rule_id));
          ++counts_.fixed;
        }
        source->second.used = true;
      }
      // A finding that is itself unexpected or a known false positive is not checked further.
      if (annotated || expected == allowed.end() || expected->second == Expect::todook) continue;
      const std::string where = start.file == f->file ? fmt::format("line {}", start.range.start.line)
                                                      : fmt::format("{}:{}", start.file, start.range.start.line);
      say(f->file, f->range.start.line, f->range.start.column,
          fmt::format("error: flow of '{}' starts at {}, which has no '# source: {}'", f->rule_id, where, f->rule_id));
      ++counts_.failed;
    }
  }
  for (const auto& [key, source] : sources) {
    const auto& [file, id, line] = key;
    if (source.kind == Expect::todosource) {
      if (!source.used) ++counts_.todo_source;
    } else if (source.used) {
      ++counts_.passed;
    } else {
      say(file, line, source.column, fmt::format("error: expected a flow of '{}' to start here", id));
      ++counts_.failed;
    }
  }
}

// The whole-file annotation a file's name gives (`ruleid-...`, `ok-...`), for each of `ids`:
// on line 0, where findings at byte offsets are. None for Python files, which carry comments.
std::optional<Annotations> name_annotations(const std::string& display, const std::set<std::string, std::less<>>& ids) {
  const std::string name = fs::path(display).filename().string();
  if (name.ends_with(".py")) return std::nullopt;
  static const std::pair<std::string_view, Expect> prefixes[] = {
      {"ruleid-", Expect::ruleid}, {"ok-", Expect::ok}, {"todoruleid-", Expect::todoruleid}, {"todook-", Expect::todook}};
  for (const auto& [prefix, kind] : prefixes) {
    if (!name.starts_with(prefix)) continue;
    Annotations out;
    for (const std::string& id : ids) out.lines[0].annotations.push_back({kind, id, 0, std::nullopt, std::nullopt});
    return out;
  }
  return std::nullopt;
}

// The files among `rule_files` that declare sets and no rule (rulesets/sets/). Tested together
// with other files, they are loaded beneath each of them, so a pack is tested against the sets
// as they are on disk, not as they were when the built-in ones were compiled in.
std::vector<fs::path> set_only_files(const std::vector<fs::path>& rule_files) {
  std::vector<fs::path> out;
  for (const auto& path : rule_files) {
    if (path.extension() != ".rule") continue;
    try {
      const warden::RuleSet alone = warden::RuleSet::load({path});
      const auto& sets = alone.sets();
      if (alone.size() == 0 && std::any_of(sets.begin(), sets.end(), [&](const warden::NamedSet& set) {
            return set.file == path.string();
          })) {
        out.push_back(path);
      }
    } catch (const warden::RuleError&) {
      // Reported when the file itself is tested.
    }
  }
  return out;
}

// `rule_path` with the set files before it (it last, once).
std::vector<fs::path> with_sets(const std::vector<fs::path>& set_files, const fs::path& rule_path) {
  std::vector<fs::path> paths;
  for (const auto& set : set_files) {
    if (set != rule_path) paths.push_back(set);
  }
  paths.push_back(rule_path);
  return paths;
}

// Tests one rule file (X.rule, or YARA's X.yar) against its sibling X.py and X/, printing each
// mismatch and a summary line.
void test_rule_file(const fs::path& rule_path, const std::vector<fs::path>& set_files, TestCounts& total,
                    bool& load_error) {
  const std::string rule_name = rule_path.string();
  fs::path test_path = rule_path;
  test_path.replace_extension(".py");
  fs::path test_dir = rule_path;
  test_dir.replace_extension();
  const std::string test_name = test_path.string();
  TestCounts counts;
  const auto finish = [&] {
    std::cout << fmt::format("{}: {} passed, {} failed", rule_name, counts.passed, counts.failed);
    if (counts.any_todo()) std::cout << "; " << todo_summary(counts);
    std::cout << '\n';
    total.add(counts);
  };

  std::error_code ec;
  const bool has_file = fs::is_regular_file(test_path, ec);
  const bool has_dir = fs::is_directory(test_dir, ec);
  if (!has_file && !has_dir) {
    std::cout << fmt::format("{}: error: no test file {} (or test directory {}/)\n", rule_name,
                             test_path.filename().string(), test_dir.filename().string());
    ++counts.failed;
    finish();
    return;
  }
  std::optional<warden::RuleSet> loaded;
  try {
    if (std::find(set_files.begin(), set_files.end(), rule_path) != set_files.end()) {
      // A file of sets only: each set is tested as the rule KIND.NAME matching any member.
      loaded.emplace(warden::RuleSet::load_set_tests({rule_path}));
    } else {
      loaded.emplace(warden::RuleSet::load(with_sets(set_files, rule_path)));
    }
  } catch (const warden::RuleError& e) {
    if (e.errors().empty()) std::cerr << "warden: error: " << e.what() << '\n';
    else std::cerr << warden::format_rule_errors(e.errors());
    std::cout << fmt::format("{}: error: the rule file did not load (errors on standard error)\n", rule_name);
    load_error = true;
    finish();
    return;
  }
  const warden::RuleSet& rules = *loaded;
  std::set<std::string, std::less<>> ids, flow_ids;
  for (const auto& rule : rules.rules()) {
    ids.insert(rule.id);
    if (rule.kind == warden::RuleKind::taint) flow_ids.insert(rule.id);
  }
  Checker checker(rule_name, ids, flow_ids, counts);

  if (has_file) {
    if (const auto source = read_file(test_path)) {
      const warden::ScanResult result = warden::Scanner(rules).scan_buffer(test_name, *source);
      checker.check(result, {{test_name, parse_annotations(*source)}});
    } else {
      std::cout << fmt::format("{}: error: cannot read: {}\n", test_name, std::strerror(errno));
      ++counts.failed;
    }
  }
  if (has_dir) {
    // One scan of the whole tree, as `warden scan X/` does; findings name files by the
    // scanner's display path (the directory as given, then the relative path), and so do
    // the annotations read here.
    warden::ScanResult result;
    try {
      result = warden::Scanner(rules).scan({test_dir});
    } catch (const warden::ScanError& e) {
      std::cout << fmt::format("{}: error: cannot scan the test directory: {}\n", test_dir.string(), e.what());
      ++counts.failed;
    }
    std::vector<TestedFile> files;
    for (const auto& display : result.analysed) {
      if (auto by_name = name_annotations(display, ids)) {
        files.push_back({display, std::move(*by_name)});
      } else if (const auto source = read_file(fs::path(display))) {
        files.push_back({display, parse_annotations(*source)});
      } else {
        std::cout << fmt::format("{}: error: cannot read: {}\n", display, std::strerror(errno));
        ++counts.failed;
      }
    }
    for (const auto& skipped : result.skipped) {
      if (skipped.reason == warden::SkipReason::not_python) continue;
      std::cout << fmt::format("{}: error: the test file was not analysed: {}\n", skipped.file, skipped.detail);
      ++counts.failed;
    }
    checker.check(result, files);
  }
  checker.print();
  for (const auto& id : ids) {
    if (!checker.positive().contains(id)) {
      std::cout << fmt::format("{}: warning: no '# ruleid: {}' annotation: the rule is never shown to fire\n",
                               has_file ? test_name : test_dir.string(), id);
    }
  }
  finish();
}

}  // namespace

int test_rules(const std::vector<fs::path>& rule_files) {
  TestCounts total;
  bool load_error = false;
  const std::vector<fs::path> set_files = set_only_files(rule_files);
  for (const auto& file : rule_files) test_rule_file(file, set_files, total, load_error);
  std::cout << fmt::format("{} passed, {} failed\n", total.passed, total.failed);
  std::cout << todo_summary(total) << '\n';
  if (load_error) {
    std::cerr << "warden: error: some rule files did not load (see above)\n";
    return 2;
  }
  return total.failed > 0 ? 1 : 0;
}

}  // namespace warden_cli
