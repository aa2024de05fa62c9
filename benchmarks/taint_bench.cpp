// Taint cost on a whole corpus directory, through the public API only (warden::Scanner), so
// the benchmark holds whatever the engine's insides become: the same directory scanned with
// the taint rules alone, with the default rules, with the default rules less the taint
// rules (the peer the taint cost is read against) and with one rule that never matches
// (the floor: discovery, reading, parsing). One thread; files come from the page cache.
//
// Corpus: the directory $WARDEN_BENCH_CORPUS (e.g. what benchmarks/fetch_corpus.sh prints);
// skipped, with a message, when unset. Taint rule ids: $WARDEN_TAINT_GLOB, default py-flow-*.
//   WARDEN_BENCH_CORPUS=/tmp/warden-corpora/corpus build/release/benchmarks/warden_bench \
//     --benchmark_filter=BM_TaintScan --benchmark_counters_tabular=true
// Counters: lines/s (rate), and the CPU seconds of the match and taint phases per scan.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "warden/warden.hpp"

namespace {

enum class Rules { taint_only, all, no_taint, floor };

std::string taint_glob() {
  const char* env = std::getenv("WARDEN_TAINT_GLOB");
  return env != nullptr && *env != '\0' ? env : "py-flow-*";
}

warden::RuleSet rules_for(Rules which) {
  switch (which) {
    case Rules::taint_only: return warden::RuleSet::builtin().select("-*," + taint_glob());
    case Rules::all: return warden::RuleSet::builtin();
    case Rules::no_taint: return warden::RuleSet::builtin().select("-" + taint_glob());
    case Rules::floor: break;
  }
  return warden::RuleSet::from_text("floor.rule",
                                    "rule bench-floor {\n  title: \"never matches\"\n  message: \"never matches\"\n"
                                    "  severity: low\n  confidence: low\n  match: call warden_bench_floor_never.called\n}\n");
}

void BM_TaintScan(benchmark::State& state, Rules which) {
  const char* dir = std::getenv("WARDEN_BENCH_CORPUS");
  if (dir == nullptr || *dir == '\0' || !std::filesystem::is_directory(dir)) {
    state.SkipWithError("set WARDEN_BENCH_CORPUS to a directory of Python code (benchmarks/fetch_corpus.sh)");
    return;
  }
  warden::ScanOptions options;
  options.jobs = 1;
  const warden::Scanner scanner(rules_for(which), options);
  const std::filesystem::path root = dir;
  std::uint64_t lines = 0;
  double match_s = 0, taint_s = 0;
  std::size_t findings = 0, files = 0;
  for (auto _ : state) {
    const warden::ScanResult result = scanner.scan({root});
    lines += result.stats.lines;
    match_s += result.stats.match_s;
    taint_s += result.stats.taint_s;
    findings = result.findings.size();
    files = result.stats.files_analysed;
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
  state.counters["files"] = static_cast<double>(files);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["match_s"] = match_s / iterations;
  state.counters["taint_s"] = taint_s / iterations;
}
BENCHMARK_CAPTURE(BM_TaintScan, taint_only, Rules::taint_only)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_TaintScan, default_rules, Rules::all)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_TaintScan, no_taint, Rules::no_taint)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_TaintScan, floor, Rules::floor)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
