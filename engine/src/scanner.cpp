#include "warden/scanner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <fstream>
#include <mutex>
#include <system_error>
#include <thread>

#include "analysis.hpp"
#include "compiled_rules.hpp"
#include "discovery.hpp"

namespace warden {
namespace {

using Clock = std::chrono::steady_clock;

// What one worker produced for one discovered file.
struct Slot {
  detail::FileOutcome outcome;
  std::optional<SkippedFile> skipped;
  bool analysed = false;
};

// Reads a whole file; an error message instead when it cannot.
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::error_code(errno, std::generic_category()).message();
    return std::nullopt;
  }
  std::string bytes;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size > 0) {
    bytes.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(bytes.data(), size);
    bytes.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  return bytes;
}

std::optional<std::string> read_timed(const std::filesystem::path& path, std::string& error, detail::PhaseTimes& times) {
  const auto start = Clock::now();
  auto bytes = read_file(path, error);
  times.read += std::chrono::duration<double>(Clock::now() - start).count();
  return bytes;
}

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.file, a.position, a.code, a.message) < std::tie(b.file, b.position, b.code, b.message);
}

void finish(ScanResult& result, Severity min_severity) {
  std::erase_if(result.findings, [&](const Finding& f) { return f.severity < min_severity; });
  detail::assign_fingerprints(result.findings);  // sorts by finding_less
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), diagnostic_less);
  std::sort(result.skipped.begin(), result.skipped.end(),
            [](const SkippedFile& a, const SkippedFile& b) { return a.file < b.file; });
  std::sort(result.analysed.begin(), result.analysed.end());
  result.stats.files_analysed = result.analysed.size();
  result.stats.files_skipped = result.skipped.size();
}

void add_times(ScanStats& stats, const detail::PhaseTimes& t) {
  stats.read_s += t.read;
  stats.parse_s += t.parse;
  stats.resolve_s += t.resolve;
  stats.match_s += t.match;
}

// Runs work(analyser, times, i) for i in [0, count) on `jobs` threads, each with its own
// analyser (and so its own parser). Rethrows the first exception after all threads stop.
template <typename Work>
void for_each_file(const RuleSet& rules, std::size_t count, unsigned jobs, ScanStats& stats, Work&& work) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::exception_ptr failure;
  auto worker = [&] {
    detail::PhaseTimes times;
    try {
      detail::FileAnalyser analyser(rules);
      for (std::size_t i; (i = next.fetch_add(1)) < count;) work(analyser, times, i);
    } catch (...) {
      const std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      next = count;  // stop the other workers early
    }
    const std::lock_guard lock(mutex);
    add_times(stats, times);
  };
  if (jobs <= 1 || count <= 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    threads.reserve(jobs);
    for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);
  }
  if (failure) std::rethrow_exception(failure);
}

// Phase 2 over every analysed file at once: the call graph from their call facts, the taint
// solve (its findings go to their files). `load(i)` reads slot i's text again for traces.
void cross_file_phase(const RuleSet& rules, std::vector<Slot>& slots, const detail::ProjectIndex& project,
                      const std::function<std::shared_ptr<const detail::SourceFile>(std::size_t)>& load,
                      ScanStats& stats) {
  const auto start = Clock::now();
  std::vector<detail::FileFunctions> functions;
  std::vector<detail::FileDataflow> dataflow;
  std::vector<std::size_t> slot_of;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    auto& outcome = slots[i].outcome;
    if (!slots[i].analysed || !outcome.functions) continue;
    functions.push_back(std::move(*outcome.functions));
    outcome.functions.reset();
    if (outcome.dataflow) {
      dataflow.push_back(std::move(*outcome.dataflow));
      outcome.dataflow.reset();
    }
    slot_of.push_back(i);
  }
  if (functions.empty()) return;
  const detail::CallGraph graph = detail::CallGraph::build(functions, project);
  if (!dataflow.empty()) {
    const detail::SourceLoader by_index = [&](std::size_t k) { return load(slot_of[k]); };
    auto found = detail::solve_taint(rules, dataflow, functions, graph, project, by_index);
    for (std::size_t k = 0; k < found.size(); ++k) {
      auto& out = slots[slot_of[k]].outcome.findings;
      std::move(found[k].begin(), found[k].end(), std::back_inserter(out));
    }
  }
  stats.taint_s += std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

Scanner::Scanner(RuleSet rules, ScanOptions options) : rules_(std::move(rules)), options_(std::move(options)) {}

ScanResult Scanner::scan(const std::vector<std::filesystem::path>& paths) const {
  const auto wall_start = Clock::now();
  ScanResult result;

  auto start = Clock::now();
  detail::Discovery discovery = detail::discover(paths, {options_.max_file_size});
  result.stats.discover_s = std::chrono::duration<double>(Clock::now() - start).count();
  result.skipped = std::move(discovery.skipped);

  const std::size_t total = discovery.files.size();
  std::vector<std::string> module_names;
  for (const auto& file : discovery.files) module_names.push_back(file.module);
  detail::ProjectIndex project(std::move(module_names));

  unsigned jobs = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(total, 1)));
  result.stats.jobs = jobs;

  // Phase 1: every file on its own.
  std::vector<Slot> slots(total);
  std::atomic<std::size_t> done{0};
  for_each_file(rules_, total, jobs, result.stats, [&](detail::FileAnalyser& analyser, detail::PhaseTimes& times, std::size_t i) {
    const detail::DiscoveredFile& file = discovery.files[i];
    Slot& slot = slots[i];
    std::string error;
    auto bytes = read_timed(file.path, error, times);
    if (!bytes) {
      slot.skipped = SkippedFile{file.display, SkipReason::unreadable, error};
    } else if (bytes->size() > options_.max_file_size) {  // grew since discovery
      slot.skipped = SkippedFile{file.display, SkipReason::too_large,
                                 detail::too_large_detail(bytes->size(), options_.max_file_size)};
    } else if (detail::cannot_be_python_source(std::string_view(*bytes).substr(0, 8192))) {
      slot.skipped = SkippedFile{file.display, SkipReason::binary,
                                 "binary content with NUL bytes, which Python cannot run as source"};
    } else {
      detail::FileInput input{file.display, {file.module, file.is_package}, std::move(*bytes)};
      slot.outcome = analyser.analyse(std::move(input), times, &project);
      slot.analysed = true;
    }
    const std::size_t finished = done.fetch_add(1) + 1;
    if (options_.on_progress) options_.on_progress(finished, total);
  });

  // Phase 2: calls to names imported from other files of the tree, resolved through them.
  for (std::size_t i = 0; i < total; ++i) {
    if (slots[i].analysed) {
      project.set_exports(discovery.files[i].module, std::move(slots[i].outcome.exports),
                          std::move(slots[i].outcome.star_imports));
    }
  }
  std::vector<std::pair<std::size_t, std::vector<detail::DeferredCall>>> rematch;
  for (std::size_t i = 0; i < total; ++i) {
    std::vector<detail::DeferredCall> resolved;
    for (const auto& call : slots[i].outcome.deferred) {
      auto name = project.resolve(call.callee);
      if (name && !rules_.compiled().rules_for_callee(name->name).empty()) {
        resolved.push_back({call.call_index, std::move(name->name)});
      }
    }
    if (!resolved.empty()) rematch.emplace_back(i, std::move(resolved));
  }
  for_each_file(rules_, rematch.size(), jobs, result.stats, [&](detail::FileAnalyser& analyser, detail::PhaseTimes& times, std::size_t r) {
    const auto& [index, calls] = rematch[r];
    const detail::DiscoveredFile& file = discovery.files[index];
    std::string error;
    auto bytes = read_timed(file.path, error, times);
    if (!bytes) return;  // it was readable a moment ago; its own findings are kept
    detail::FileInput input{file.display, {file.module, file.is_package}, std::move(*bytes)};
    auto findings = analyser.match_resolved(std::move(input), calls, times);
    auto& out = slots[index].outcome.findings;
    std::move(findings.begin(), findings.end(), std::back_inserter(out));
  });

  // Phase 2, continued: the call graph and the taint solve over every file at once. Trace
  // steps read their files again (decoded as in phase 1): cheaper than keeping every text.
  cross_file_phase(rules_, slots, project, [&](std::size_t i) -> std::shared_ptr<const detail::SourceFile> {
    const detail::DiscoveredFile& file = discovery.files[i];
    std::string error;
    auto bytes = read_file(file.path, error);
    if (!bytes) return nullptr;
    std::vector<Diagnostic> ignored;
    return std::make_shared<const detail::SourceFile>(detail::decode_source(file.display, std::move(*bytes), ignored));
  }, result.stats);

  // Merge in discovery order: the output does not depend on which thread did what.
  for (std::size_t i = 0; i < total; ++i) {
    Slot& slot = slots[i];
    if (slot.skipped) {
      result.skipped.push_back(std::move(*slot.skipped));
      continue;
    }
    result.analysed.push_back(discovery.files[i].display);
    result.stats.lines += slot.outcome.lines;
    result.stats.bytes += discovery.files[i].size;
    std::move(slot.outcome.findings.begin(), slot.outcome.findings.end(), std::back_inserter(result.findings));
    std::move(slot.outcome.diagnostics.begin(), slot.outcome.diagnostics.end(), std::back_inserter(result.diagnostics));
  }
  finish(result, options_.min_severity);
  result.stats.wall_s = std::chrono::duration<double>(Clock::now() - wall_start).count();
  return result;
}

ScanResult Scanner::scan_buffer(std::string_view name, std::string_view content) const {
  const auto wall_start = Clock::now();
  ScanResult result;
  detail::FileAnalyser analyser(rules_);
  detail::PhaseTimes times;
  detail::FileInput input;
  input.display = name;
  input.raw = content;
  // A buffer is a top-level module named after the file's stem.
  input.module.name = input.display.substr(input.display.find_last_of('/') + 1);
  if (const auto dot = input.module.name.rfind('.'); dot != std::string::npos) input.module.name.resize(dot);
  const std::string project_module = input.module.name;
  detail::ProjectIndex project({project_module});
  std::vector<Slot> slots(1);
  slots[0].outcome = analyser.analyse(std::move(input), times, &project);
  slots[0].analysed = true;
  auto& outcome = slots[0].outcome;
  outcome.deferred.clear();  // one file: nothing to settle across files
  add_times(result.stats, times);
  project.set_exports(project_module, outcome.exports, outcome.star_imports);
  cross_file_phase(rules_, slots, project, [&](std::size_t) {
    std::vector<Diagnostic> ignored;
    return std::make_shared<const detail::SourceFile>(detail::decode_source(std::string(name), std::string(content), ignored));
  }, result.stats);
  result.findings = std::move(outcome.findings);
  result.diagnostics = std::move(outcome.diagnostics);
  result.analysed.emplace_back(name);
  result.stats.lines = outcome.lines;
  result.stats.bytes = content.size();
  result.stats.jobs = 1;
  finish(result, options_.min_severity);
  result.stats.wall_s = std::chrono::duration<double>(Clock::now() - wall_start).count();
  return result;
}

}  // namespace warden
