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
#include "syntax.hpp"
#include "warden/warden.hpp"

namespace {

namespace fs = std::filesystem;

struct Corpus {
  std::vector<std::pair<std::string, std::string>> files;  // display, bytes
  std::size_t bytes = 0, lines = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    fs::path root = WARDEN_SOURCE_DIR "/examples";
    if (const char* env = std::getenv("WARDEN_BENCH_CORPUS")) root = env;
    else if (fs::exists("/usr/lib/python3.11/os.py")) root = "/usr/lib/python3.11";
    std::vector<fs::path> paths;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it) {
      if (it->is_regular_file() && it->path().extension() == ".py") paths.push_back(it->path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string bytes = ss.str();
      out.bytes += bytes.size();
      out.lines += static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
      out.files.emplace_back(p.string(), std::move(bytes));
    }
    return out;
  }();
  return c;
}

void set_counters(benchmark::State& state) {
  const Corpus& c = corpus();
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
