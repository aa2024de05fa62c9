// The parse floor and the full per-file pipeline on the same in-memory corpus, single thread,
// so their ratio says what resolution and matching cost on top of tree-sitter's own parse.
// Corpus: $WARDEN_BENCH_CORPUS, else the CPython standard library (Debian's libpython3.11-stdlib),
// else examples/. Run: build/release/benchmarks/warden_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis.hpp"
#include "corpus.hpp"
#include "syntax.hpp"
#include "warden/warden.hpp"

namespace {

using warden::bench::corpus;

void set_counters(benchmark::State& state) {
  const auto& c = corpus();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(state.iterations() * c.lines),
                                                 benchmark::Counter::kIsRate);
  state.counters["files"] = static_cast<double>(c.files.size());
}

void BM_ParseOnly(benchmark::State& state) {
  warden::detail::PythonParser parser;
  for (auto _ : state) {
    for (const auto& [name, bytes] : corpus().files) {
      auto tree = parser.parse(bytes);
      benchmark::DoNotOptimize(tree.get());
    }
  }
  set_counters(state);
}
BENCHMARK(BM_ParseOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FullPipeline(benchmark::State& state) {
  const warden::RuleSet rules = warden::RuleSet::builtin();
  warden::detail::FileAnalyser analyser(rules);
  warden::detail::PhaseTimes times;
  std::size_t findings = 0;
  for (auto _ : state) {
    for (const auto& [name, bytes] : corpus().files) {
      auto outcome = analyser.analyse({name, {"m", false}, bytes}, times);
      findings += outcome.findings.size();
    }
  }
  set_counters(state);
  state.counters["findings"] = static_cast<double>(findings) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_FullPipeline)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
