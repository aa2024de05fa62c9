#include "warden/scanner.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>

#include "analysis.hpp"
#include "compiled_rules.hpp"
#include "discovery.hpp"
#include "mapped_file.hpp"
#include "model_repo.hpp"
#include "on_load.hpp"
#include "signature_findings.hpp"
#include "suppression.hpp"
#include "weights_file.hpp"
#include "weights_findings.hpp"

namespace warden {
namespace {

using Clock = std::chrono::steady_clock;

// What one worker produced for one discovered file.
// A scanned directory that is a model repository, and its files (indices into the slots).
struct RepoScan {
  std::string root;  // as given, without a trailing '/'
  detail::ModelRepo repo;
  std::vector<std::size_t> slots;
  // A path written in a weights loader's call that runs on load (mark_on_load), for
  // mark_weights_on_load to match against the repository's weights files.
  struct WeightsRead {
    std::string path;
    bool complete = true;
    std::string caller_dir;            // relative to the root, "" for the root
    std::string loader;                // "torch.load"
    std::vector<TraceStep> chain;      // from the entry point to the loader's function
    TraceStep call;                    // the loader call; its message is written when matched
  };
  std::vector<WeightsRead> reads;
};

struct Slot {
  detail::FileOutcome outcome;
  std::optional<SkippedFile> skipped;
  bool analysed = false;
};

std::optional<std::string> read_timed(const std::filesystem::path& path, std::string& error, detail::PhaseTimes& times) {
  const auto start = Clock::now();
  auto bytes = detail::read_file(path, error);
  times.read += std::chrono::duration<double>(Clock::now() - start).count();
  return bytes;
}

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.file, a.position, a.code, a.message) < std::tie(b.file, b.position, b.code, b.message);
}

void finish(ScanResult& result, const ScanOptions& options, const RuleSet& rules) {
  if (!options.ignore_nosec) {
    const auto silenced = std::stable_partition(result.findings.begin(), result.findings.end(), [&](const Finding& f) {
      return !detail::suppressed_by_comment(f, rules.find(f.rule_id));
    });
    result.suppressed.assign(std::make_move_iterator(silenced), std::make_move_iterator(result.findings.end()));
    result.findings.erase(silenced, result.findings.end());
    std::sort(result.suppressed.begin(), result.suppressed.end(), finding_less);
  }
  std::erase_if(result.findings, [&](const Finding& f) {
    return f.severity < options.min_severity || (options.on_load_only && f.on_load != OnLoad::yes);
  });
  // A call resolved through another file is matched again; a rule on every call that held
  // before the resolution too reports it twice: drop exact repeats.
  std::sort(result.findings.begin(), result.findings.end(), finding_less);
  const auto same_step = [](const TraceStep& a, const TraceStep& b) {
    return a.file == b.file && a.range == b.range && a.message == b.message;
  };
  result.findings.erase(std::unique(result.findings.begin(), result.findings.end(),
                                    [&](const Finding& a, const Finding& b) {
                                      return a.rule_id == b.rule_id && a.file == b.file && a.range == b.range &&
                                             a.message == b.message &&
                                             std::equal(a.trace.begin(), a.trace.end(), b.trace.begin(), b.trace.end(), same_step);
                                    }),
                        result.findings.end());
  detail::assign_fingerprints(result.findings);  // sorts by finding_less
  // What runs on load first: in a model repository those are the findings that matter.
  std::stable_partition(result.findings.begin(), result.findings.end(),
                        [](const Finding& f) { return f.on_load == OnLoad::yes; });
  for (RepositorySummary& repo : result.repositories) {
    const std::string prefix = repo.root + "/";
    for (const Finding& f : result.findings) {
      if (f.on_load == OnLoad::yes && f.file.starts_with(prefix)) ++repo.on_load_findings[static_cast<int>(f.severity)];
    }
  }
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), diagnostic_less);
  std::sort(result.skipped.begin(), result.skipped.end(),
            [](const SkippedFile& a, const SkippedFile& b) { return a.file < b.file; });
  std::sort(result.analysed.begin(), result.analysed.end());
  std::sort(result.weights.begin(), result.weights.end(), [](const WeightsFile& a, const WeightsFile& b) { return a.file < b.file; });
  result.stats.files_analysed = result.analysed.size();
  result.stats.files_skipped = result.skipped.size();
}

// Adds a worker's times; ScanStats::rules is indexed by rule until sort_rule_times.
void add_times(ScanStats& stats, const detail::PhaseTimes& t) {
  stats.read_s += t.read;
  stats.parse_s += t.parse;
  stats.resolve_s += t.resolve;
  stats.match_s += t.match;
  stats.dataflow_s += t.dataflow;
  stats.signatures_s += t.signatures;
  stats.weights_s += t.weights;
  const auto& timed = t.rules;
  if (stats.rules.size() < timed.seconds.size()) stats.rules.resize(timed.seconds.size());
  for (std::size_t i = 0; i < timed.seconds.size(); ++i) {
    stats.rules[i].cpu_s += timed.seconds[i];
    stats.rules[i].tries += timed.tries[i];
    stats.rules[i].matches += timed.matches[i];
  }
}

// Names the timed rules and keeps those tried, slowest first.
void sort_rule_times(ScanStats& stats, const RuleSet& rules) {
  const auto& compiled = rules.compiled().rules();
  for (std::size_t i = 0; i < stats.rules.size() && i < compiled.size(); ++i) stats.rules[i].id = compiled[i].info.id;
  std::erase_if(stats.rules, [](const ScanStats::RuleTime& r) { return r.tries == 0; });
  std::stable_sort(stats.rules.begin(), stats.rules.end(),
                   [](const ScanStats::RuleTime& a, const ScanStats::RuleTime& b) { return a.cpu_s > b.cpu_s; });
}

// A file listed above the size limit: only serialized weights are read, mapped rather than
// copied; anything else is skipped as too large.
void analyse_large(detail::FileAnalyser& analyser, const detail::DiscoveredFile& file, const ScanOptions& options,
                   detail::PhaseTimes& times, Slot& slot) {
  std::string error;
  const auto head = detail::read_file_head(file.path, detail::kWeightSniffBytes, error);
  if (!head) {
    slot.skipped = SkippedFile{file.display, SkipReason::unreadable, error};
    return;
  }
  if (!analyser.scans_weights() || detail::identify_weights(*head) == detail::WeightFormat::none) {
    slot.skipped = SkippedFile{file.display, SkipReason::too_large, detail::too_large_detail(file.size, options.max_file_size)};
    return;
  }
  const auto start = Clock::now();
  auto mapped = detail::MappedFile::open(file.path, error);
  times.read += std::chrono::duration<double>(Clock::now() - start).count();
  if (!mapped) {
    slot.skipped = SkippedFile{file.display, SkipReason::unreadable, error};
    return;
  }
  slot.outcome = analyser.analyse_other(file.display, mapped->bytes(), times, false);
  slot.analysed = true;
  if (analyser.scans_file_signatures()) {
    slot.outcome.diagnostics.push_back(
        {file.display, {}, DiagnosticLevel::note, "signatures-skipped",
         "read as serialized weights only: the file is larger than the signature checks' limit (" +
             detail::too_large_detail(file.size, options.max_file_size) + ")",
         {}});
  }
}

// Runs work(analyser, times, i) for i in [0, count) on `jobs` threads, each with its own
// analyser (and so its own parser). Rethrows the first exception after all threads stop.
template <typename Work>
void for_each_file(const RuleSet& rules, const ScanOptions& options, std::size_t count, unsigned jobs, ScanStats& stats,
                   bool call_facts, Work&& work) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::exception_ptr failure;
  const auto taint = std::make_shared<const detail::TaintMatchers>(rules);  // compiled once, for every worker
  auto worker = [&] {
    detail::PhaseTimes times;
    try {
      detail::FileAnalyser analyser(rules, options.signature_timeout_s, taint);
      analyser.want_call_facts(call_facts);
      analyser.syntax_only(options.syntax_only);
      analyser.time_rules(options.rule_times);
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
using Loader = std::function<std::shared_ptr<const detail::SourceFile>(std::size_t)>;

// One line of a file read for a trace step's snippet ("" when it cannot be read).
std::string line_of(const detail::SourceFile* source, std::uint32_t line) {
  return source ? std::string(source->line(line)) : std::string();
}

// Marks the findings of a model repository's files as running on load or not, with the chain
// from the entry point, and fills its summary.
void mark_on_load(RepoScan& repo, std::vector<Slot>& slots, const detail::CallGraph& graph,
                  const detail::ProjectIndex& project,
                  const std::vector<detail::FileFunctions>& functions, const std::vector<std::size_t>& slot_of,
                  const std::function<std::string(std::size_t)>& display_of, const Loader& load,
                  RepositorySummary& summary) {
  std::vector<std::uint32_t> index_of_slot(slots.size(), detail::CallGraph::kNone);
  for (std::uint32_t k = 0; k < slot_of.size(); ++k) index_of_slot[slot_of[k]] = k;
  std::vector<std::uint32_t> files;
  for (const std::size_t slot : repo.slots) {
    if (index_of_slot[slot] != detail::CallGraph::kNone) files.push_back(index_of_slot[slot]);
  }
  const detail::LoadAnalysis analysis(repo.repo, graph, functions, files, project);
  summary.root = repo.root;
  for (std::size_t e = 0; e < repo.repo.entries.size(); ++e) {
    const detail::EntryPoint& entry = repo.repo.entries[e];
    RepositorySummary::Entry out;
    out.kind = std::string(detail::to_string(entry.kind));
    out.target = entry.symbol.empty() ? entry.module : entry.module + "." + entry.symbol;
    out.declared_in = entry.declared_in;
    out.key = entry.key;
    out.position = entry.position;
    out.found = analysis.entry_found()[e];
    summary.entry_points.push_back(std::move(out));
  }
  for (const std::uint32_t k : analysis.files_on_load()) summary.files_on_load.push_back(display_of(slot_of[k]));
  std::sort(summary.files_on_load.begin(), summary.files_on_load.end());
  for (const detail::RemoteReference& r : repo.repo.remote) {
    summary.remote_references.push_back({r.kind, r.target, r.detail, r.declared_in, r.position});
  }
  // Texts read again for the chains' snippets, once each.
  std::map<std::string, std::shared_ptr<const detail::SourceFile>> texts;
  const auto text_of_slot = [&](std::size_t slot) -> const detail::SourceFile* {
    auto& t = texts[display_of(slot)];
    if (!t) t = load(slot);
    return t.get();
  };
  const auto text_of_config = [&](const std::string& relative) -> const detail::SourceFile* {
    const std::string display = repo.root + "/" + relative;
    auto& t = texts[display];
    if (!t) {
      std::string error;
      if (auto bytes = detail::read_file(std::filesystem::path(repo.root) / relative, error)) {
        std::vector<Diagnostic> ignored;
        t = std::make_shared<const detail::SourceFile>(detail::decode_source(display, std::move(*bytes), ignored));
      }
    }
    return t.get();
  };
  // URLs and pip installs written in the code that runs on load.
  for (const std::uint32_t k : analysis.files_on_load()) {
    const detail::SourceFile* text = text_of_slot(slot_of[k]);
    if (!text) continue;
    const std::string file = display_of(slot_of[k]);
    for (auto& ref : detail::remote_references_in(text->text())) {
      summary.remote_references.push_back({std::move(ref.kind), std::move(ref.target), "written in code", file,
                                           text->position_at(ref.line - 1, ref.column - 1)});
    }
  }
  // The chain from the entry point to `v` (which runs on load) as trace steps; `file` is where
  // the chain ends, for an entry step without a file of its own.
  const auto chain_of = [&](detail::CallGraph::Vertex v, const std::string& file) {
    std::vector<TraceStep> out;
    for (const detail::LoadAnalysis::Step& step : analysis.chain(v)) {
      TraceStep t;
      const detail::SourceFile* text = nullptr;
      if (step.file != detail::CallGraph::kNone) {
        t.file = display_of(slot_of[step.file]);
        text = text_of_slot(slot_of[step.file]);
      } else {
        t.file = step.declared_in.empty() ? file : repo.root + "/" + step.declared_in;
        if (!step.declared_in.empty()) text = text_of_config(step.declared_in);
      }
      const std::uint32_t line = std::max<std::uint32_t>(step.line, 1);
      t.range = {{line, std::max<std::uint32_t>(step.column, 1)}, {line, std::max<std::uint32_t>(step.column, 1)}};
      t.message = step.message;
      t.snippet = line_of(text, line);
      out.push_back(std::move(t));
    }
    return out;
  };
  const std::string prefix = repo.root + "/";
  for (const std::size_t slot : repo.slots) {
    const std::uint32_t k = index_of_slot[slot];
    if (!slots[slot].analysed || k == detail::CallGraph::kNone) continue;  // unknown: no call facts
    for (Finding& f : slots[slot].outcome.findings) {
      const detail::CallGraph::Vertex v = analysis.function_at(k, f.range.start.line, f.range.start.column);
      if (v == detail::CallGraph::kNone) continue;
      if (!analysis.runs_on_load_at(v, f.range.start.line, f.range.start.column)) {
        f.on_load = OnLoad::no;
        continue;
      }
      f.on_load = OnLoad::yes;
      f.load_chain = chain_of(v, f.file);
    }
    // The weights loaders' calls that run on load, with the paths they were given.
    for (const detail::LoaderCallFact& call : functions[k].loader_calls) {
      const std::uint32_t line = call.span.start.row + 1;
      const detail::CallGraph::Vertex v = analysis.function_at(k, line, call.span.start.column + 1);
      if (!analysis.runs_on_load_at(v, line, call.span.start.column + 1)) continue;
      const std::string file = display_of(slot);
      const detail::SourceFile* text = text_of_slot(slot);
      RepoScan::WeightsRead read;
      read.caller_dir = std::filesystem::path(file.substr(prefix.size())).parent_path().generic_string();
      read.loader = call.loader;
      read.chain = chain_of(v, file);
      read.call.file = file;
      const Position at = text ? text->position_at(call.span.start.row, call.span.start.column)
                               : Position{line, call.span.start.column + 1};
      read.call.range = {at, at};
      read.call.snippet = line_of(text, line);
      for (const detail::PathLiteral& path : call.paths) {
        read.path = path.path;
        read.complete = path.complete;
        repo.reads.push_back(read);
      }
    }
  }
}

// The weights files that code running on load passes to a loader by a path written in the
// call (torch.load(os.path.join(here, "weights", "ckpt.pt"))): their weights findings run on
// load, with the chain to the loader's function and a last step at the call. A file already
// marked keeps its first chain (from_pretrained's, or the first call's in discovery order).
void mark_weights_read_on_load(const RepoScan& repo, const detail::Discovery& discovery, std::vector<Slot>& slots) {
  if (repo.reads.empty()) return;
  const std::string prefix = repo.root + "/";
  std::vector<std::size_t> weights;  // discovery indices
  std::vector<std::string> relative;
  for (std::size_t i = 0; i < discovery.files.size(); ++i) {
    const detail::DiscoveredFile& file = discovery.files[i];
    if (file.kind != detail::FileKind::other || !file.display.starts_with(prefix)) continue;
    const auto& findings = slots[i].outcome.findings;
    if (std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return f.bytes.has_value(); })) continue;
    weights.push_back(i);
    relative.push_back(file.display.substr(prefix.size()));
  }
  for (const RepoScan::WeightsRead& read : repo.reads) {
    for (const std::size_t w : detail::files_named_by(read.path, read.complete, read.caller_dir, relative)) {
      std::vector<TraceStep> chain = read.chain;
      chain.push_back(read.call);
      chain.back().message = fmt::format("{} reads {}", read.loader, relative[w]);
      for (Finding& f : slots[weights[w]].outcome.findings) {
        if (!f.bytes || f.on_load == OnLoad::yes) continue;
        f.on_load = OnLoad::yes;
        f.load_chain = chain;
      }
    }
  }
}

// The checkpoint a model repository's loader reads with torch.load on its own: transformers'
// and diffusers' from_pretrained take `pytorch_model.bin` (or its shards) when no safetensors
// file of the same name stands beside it. Its weights findings run on load; the chain says why.
void mark_weights_on_load(const RepoScan& repo, const detail::Discovery& discovery, std::vector<Slot>& slots) {
  namespace fs = std::filesystem;
  static const re2::RE2 checkpoint(R"(((?:diffusion_)?pytorch_model)(?:-\d+-of-\d+)?\.bin)");
  const std::string prefix = repo.root + "/";
  for (std::size_t i = 0; i < discovery.files.size(); ++i) {
    const detail::DiscoveredFile& file = discovery.files[i];
    if (file.kind != detail::FileKind::other || !file.display.starts_with(prefix)) continue;
    auto& findings = slots[i].outcome.findings;
    if (std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return f.bytes.has_value(); })) continue;
    const std::string name = file.path.filename().string();
    std::string stem;
    if (!re2::RE2::FullMatch(name, checkpoint, &stem)) continue;
    const fs::path dir = file.path.parent_path();
    std::error_code ec;
    if (fs::exists(dir / (stem + ".safetensors"), ec) || fs::exists(dir / (stem + ".safetensors.index.json"), ec)) continue;
    TraceStep step;
    step.file = file.display;
    step.message = fmt::format("from_pretrained loads {} with torch.load: no {}.safetensors stands beside it", name, stem);
    for (Finding& f : findings) {
      if (!f.bytes) continue;
      f.on_load = OnLoad::yes;
      f.load_chain = {step};
    }
  }
  mark_weights_read_on_load(repo, discovery, slots);
}

void cross_file_phase(const RuleSet& rules, std::vector<Slot>& slots, const detail::ProjectIndex& project,
                      const Loader& load, std::vector<RepoScan>& repos,
                      const std::function<std::string(std::size_t)>& display_of, ScanResult& result) {
  ScanStats& stats = result.stats;
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
  for (RepoScan& repo : repos) {
    mark_on_load(repo, slots, graph, project, functions, slot_of, display_of, load, result.repositories.emplace_back());
  }
}

}  // namespace

Scanner::Scanner(RuleSet rules, ScanOptions options) : rules_(std::move(rules)), options_(std::move(options)) {}

ScanResult Scanner::scan(const std::vector<std::filesystem::path>& paths) const {
  const auto wall_start = Clock::now();
  ScanResult result;

  auto start = Clock::now();
  // Other files than Python are listed only when a signature check can look at them.
  // so do weights files, identified by content whatever their name.
  const bool weights = !options_.syntax_only && detail::weights_checks_enabled(rules_);
  const bool other_files = weights || (!options_.syntax_only && detail::signature_checks_read_other_files(rules_));
  detail::Discovery discovery =
      detail::discover(paths, {options_.max_file_size, other_files, weights ? options_.max_weights_file_size : 0});
  result.stats.discover_s = std::chrono::duration<double>(Clock::now() - start).count();
  result.skipped = std::move(discovery.skipped);

  const std::size_t total = discovery.files.size();
  const auto is_python = [&](std::size_t i) { return discovery.files[i].kind == detail::FileKind::python; };
  std::vector<std::string> module_names;
  for (std::size_t i = 0; i < total; ++i) {
    if (is_python(i)) module_names.push_back(discovery.files[i].module);
  }
  detail::ProjectIndex project(std::move(module_names));

  // Model repositories among the scanned directories: their entry points decide which code
  // runs on load (phase 2 marks each finding).
  std::vector<RepoScan> repos;
  for (const auto& path : paths) {
    std::error_code ec;
    if (options_.syntax_only || !std::filesystem::is_directory(path, ec)) continue;
    RepoScan repo;
    repo.root = path.generic_string();
    while (repo.root.size() > 1 && repo.root.back() == '/') repo.root.pop_back();
    const std::string prefix = repo.root + "/";
    std::vector<std::string> modules;
    for (std::size_t i = 0; i < discovery.files.size(); ++i) {
      if (!is_python(i) || !discovery.files[i].display.starts_with(prefix)) continue;
      repo.slots.push_back(i);
      modules.push_back(discovery.files[i].module);
    }
    repo.repo = detail::read_model_repo(path, modules);
    if (!repo.repo.detected) continue;
    for (Diagnostic& d : repo.repo.diagnostics) {
      d.file = prefix + d.file;
      result.diagnostics.push_back(std::move(d));
    }
    repos.push_back(std::move(repo));
  }

  unsigned jobs = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(total, 1)));
  result.stats.jobs = jobs;

  // Phase 1: every file on its own.
  std::vector<Slot> slots(total);
  std::atomic<std::size_t> done{0};
  for_each_file(rules_, options_, total, jobs, result.stats, !repos.empty(), [&](detail::FileAnalyser& analyser, detail::PhaseTimes& times, std::size_t i) {
    const detail::DiscoveredFile& file = discovery.files[i];
    Slot& slot = slots[i];
    if (file.kind == detail::FileKind::other && file.size > options_.max_file_size) {
      analyse_large(analyser, file, options_, times, slot);
      const std::size_t finished = done.fetch_add(1) + 1;
      if (options_.on_progress) options_.on_progress(finished, total);
      return;
    }
    std::string error;
    auto bytes = read_timed(file.path, error, times);
    if (!bytes) {
      slot.skipped = SkippedFile{file.display, SkipReason::unreadable, error};
    } else if (bytes->size() > options_.max_file_size) {  // grew since discovery
      slot.skipped = SkippedFile{file.display, SkipReason::too_large,
                                 detail::too_large_detail(bytes->size(), options_.max_file_size)};
    } else if (file.kind == detail::FileKind::other) {
      slot.outcome = analyser.analyse_other(file.display, *bytes, times);
      slot.analysed = true;
    } else if (detail::cannot_be_python_source(std::string_view(*bytes).substr(0, 8192))) {
      // Not Python analysis; its signature findings are kept with the skip.
      std::string detail = "binary content with NUL bytes, which Python cannot run as source";
      if (analyser.scans_file_signatures() || analyser.scans_weights()) {
        slot.outcome = analyser.analyse_other(file.display, *bytes, times);
        detail += analyser.scans_file_signatures() ? "; scanned by signatures only" : "; read as weights only";
      }
      slot.skipped = SkippedFile{file.display, SkipReason::binary, std::move(detail)};
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
    if (slots[i].analysed && is_python(i)) {
      project.set_exports(discovery.files[i].module, std::move(slots[i].outcome.exports),
                          std::move(slots[i].outcome.star_imports));
    }
  }
  std::vector<std::pair<std::size_t, std::vector<detail::DeferredCall>>> rematch;
  std::vector<std::uint32_t> wanted;
  for (std::size_t i = 0; i < total; ++i) {
    std::vector<detail::DeferredCall> resolved;
    for (const auto& call : slots[i].outcome.deferred) {
      auto name = project.resolve(call.callee);
      if (!name) continue;
      wanted.clear();
      rules_.compiled().rules_for_resolved_callee(name->name, wanted);
      if (!wanted.empty()) resolved.push_back({call.call_index, std::move(name->name)});
    }
    if (!resolved.empty()) rematch.emplace_back(i, std::move(resolved));
  }
  for_each_file(rules_, options_, rematch.size(), jobs, result.stats, false, [&](detail::FileAnalyser& analyser, detail::PhaseTimes& times, std::size_t r) {
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
  cross_file_phase(
      rules_, slots, project,
      [&](std::size_t i) -> std::shared_ptr<const detail::SourceFile> {
        const detail::DiscoveredFile& file = discovery.files[i];
        std::string error;
        auto bytes = detail::read_file(file.path, error);
        if (!bytes) return nullptr;
        std::vector<Diagnostic> ignored;
        return std::make_shared<const detail::SourceFile>(detail::decode_source(file.display, std::move(*bytes), ignored));
      },
      repos, [&](std::size_t i) { return discovery.files[i].display; }, result);
  for (const RepoScan& repo : repos) mark_weights_on_load(repo, discovery, slots);

  // Merge in discovery order: the output does not depend on which thread did what.
  for (std::size_t i = 0; i < total; ++i) {
    Slot& slot = slots[i];
    if (slot.skipped) {
      result.skipped.push_back(std::move(*slot.skipped));
    } else {
      result.analysed.push_back(discovery.files[i].display);
      result.stats.lines += slot.outcome.lines;
      result.stats.bytes += discovery.files[i].size;
    }
    if (slot.outcome.weights) {
      WeightsFile& read = *slot.outcome.weights;
      const auto& findings = slot.outcome.findings;
      if (std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.bytes && f.on_load == OnLoad::yes; })) {
        read.on_load = OnLoad::yes;
      }
      result.weights.push_back(std::move(read));
    }
    std::move(slot.outcome.findings.begin(), slot.outcome.findings.end(), std::back_inserter(result.findings));
    std::move(slot.outcome.diagnostics.begin(), slot.outcome.diagnostics.end(), std::back_inserter(result.diagnostics));
  }
  finish(result, options_, rules_);
  sort_rule_times(result.stats, rules_);
  result.stats.wall_s = std::chrono::duration<double>(Clock::now() - wall_start).count();
  return result;
}

ScanResult Scanner::scan_buffer(std::string_view name, std::string_view content) const {
  const auto wall_start = Clock::now();
  ScanResult result;
  detail::FileAnalyser analyser(rules_, options_.signature_timeout_s);
  analyser.syntax_only(options_.syntax_only);
  analyser.time_rules(options_.rule_times);
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
  std::vector<RepoScan> no_repos;
  cross_file_phase(
      rules_, slots, project,
      [&](std::size_t) {
        std::vector<Diagnostic> ignored;
        return std::make_shared<const detail::SourceFile>(detail::decode_source(std::string(name), std::string(content), ignored));
      },
      no_repos, [&](std::size_t) { return std::string(name); }, result);
  result.findings = std::move(outcome.findings);
  result.diagnostics = std::move(outcome.diagnostics);
  result.analysed.emplace_back(name);
  result.stats.lines = outcome.lines;
  result.stats.bytes = content.size();
  result.stats.jobs = 1;
  finish(result, options_, rules_);
  sort_rule_times(result.stats, rules_);
  result.stats.wall_s = std::chrono::duration<double>(Clock::now() - wall_start).count();
  return result;
}

}  // namespace warden
