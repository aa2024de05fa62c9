// Scan cost against the number of rules: the same code with 10, 100 and 1,000 rules. Matching
// is indexed by node type and callee, so the time should stay nearly flat. The rules are a mix
// of the shapes rule packs use: calls with argument conditions, call patterns with
// metavariables, and node-type rules with a `where` filter; each has its own callee or name,
// as real packs do.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "analysis.hpp"
#include "corpus.hpp"
#include "warden/warden.hpp"

namespace {

std::string synthetic_rules(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    std::string match;
    switch (i % 3) {
      case 0: match = "call mod" + std::to_string(i) + ".{run, call} (shell: truthy)"; break;
      case 1: match = "`pkg" + std::to_string(i) + ".loads($X, ...)`"; break;
      default: match = "all { node assert_statement  `assert $C, ...`  where $C matches \"^flag" + std::to_string(i) + "$\" }";
    }
    text += "rule bench-" + std::to_string(i) + " {\n  title: \"t\"\n  message: \"m\"\n  severity: low\n  confidence: low\n  match: " +
            match + "\n}\n";
  }
  return text;
}

void BM_ScanWithRules(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  const warden::RuleSet rules = warden::RuleSet::from_text("bench.rule", synthetic_rules(count));
  warden::detail::FileAnalyser analyser(rules);
  warden::detail::PhaseTimes times;
  const auto& files = warden::bench::corpus().files;
  for (auto _ : state) {
    for (const auto& [name, bytes] : files) {
      auto outcome = analyser.analyse({name, {"m", false}, bytes}, times);
      benchmark::DoNotOptimize(outcome.findings.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * warden::bench::corpus().bytes));
  state.counters["rules"] = count;
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(state.iterations() * warden::bench::corpus().lines),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScanWithRules)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

namespace {

// Start-up's largest part: compiling the built-in packs (rules lowered on several threads,
// YARA beside them, regexes compiled on first use). RuleSet::builtin() is compiled once per
// process, so this loads the same rulesets/ directory, each iteration from scratch.
void BM_CompileBuiltinRules(benchmark::State& state) {
  (void)warden::RuleSet::builtin();  // the flow models and sets RuleSet::load keeps beneath
  std::size_t rules = 0;
  for (auto _ : state) {
    const warden::RuleSet set = warden::RuleSet::load({std::filesystem::path(WARDEN_SOURCE_DIR) / "rulesets"});
    rules = set.size();
    benchmark::DoNotOptimize(rules);
  }
  state.counters["rules"] = static_cast<double>(rules);
}
BENCHMARK(BM_CompileBuiltinRules)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
