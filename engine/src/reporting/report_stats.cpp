// "--stats" output: CPU time per phase and its share, then wall time and throughput.
#include <array>
#include <ostream>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "warden/report.hpp"

namespace warden {
namespace {

constexpr double bytes_per_mb = 1e6;  // decimal megabytes, like the sizes file managers show

// "-" rather than a division by zero (a scan of nothing, or a clock too coarse to tick).
std::string ratio(double numerator, double denominator, std::string_view format_spec) {
  if (denominator <= 0) return "-";
  return fmt::format(fmt::runtime(format_spec), numerator / denominator);
}

}  // namespace

void write_stats(std::ostream& out, const ScanStats& stats) {
  struct Phase {
    std::string_view name;
    double cpu_s;
  };
  const std::array phases = {Phase{"discover", stats.discover_s}, Phase{"read", stats.read_s},
                             Phase{"parse", stats.parse_s},       Phase{"resolve", stats.resolve_s},
                             Phase{"match", stats.match_s},       Phase{"dataflow", stats.dataflow_s},
                             Phase{"signatures", stats.signatures_s},
                             Phase{"weights", stats.weights_s},
                             Phase{"taint", stats.taint_s},       Phase{"report", stats.report_s}};
  double total_cpu_s = 0;
  for (const Phase& phase : phases) total_cpu_s += phase.cpu_s;

  out << fmt::format("{:<10} {:>10} {:>7}\n", "phase", "CPU s", "share");
  for (const Phase& phase : phases) {
    out << fmt::format("{:<10} {:>10.4f} {:>7}\n", phase.name, phase.cpu_s, ratio(100 * phase.cpu_s, total_cpu_s, "{:.1f}%"));
  }
  out << fmt::format("{:<10} {:>10.4f} {:>7}\n", "total", total_cpu_s, total_cpu_s > 0 ? "100.0%" : "-");

  const auto files = static_cast<double>(stats.files_analysed);
  const auto lines = static_cast<double>(stats.lines);
  const double mb = static_cast<double>(stats.bytes) / bytes_per_mb;
  out << '\n';
  out << fmt::format("{:<10} {:.4f} s, {} jobs\n", "wall", stats.wall_s, stats.jobs);
  out << fmt::format("{:<10} {} files analysed, {} skipped, {} lines, {:.2f} MB\n", "input", stats.files_analysed,
                     stats.files_skipped, stats.lines, mb);
  out << fmt::format("{:<10} {} lines/s, {} files/s, {} MB/s\n", "throughput", ratio(lines, stats.wall_s, "{:.0f}"),
                     ratio(files, stats.wall_s, "{:.1f}"), ratio(mb, stats.wall_s, "{:.2f}"));

  if (stats.rules.empty()) return;
  // The slowest rules, so a rule's author sees what it costs: share of the match and dataflow
  // rows (pattern rules are timed in the first, taint rules' sources and sinks in the second).
  constexpr std::size_t shown = 15;
  out << '\n' << fmt::format("{:<48} {:>10} {:>7} {:>10} {:>8}\n", "rule (slowest first)", "CPU s", "share", "tries", "matches");
  for (std::size_t i = 0; i < stats.rules.size() && i < shown; ++i) {
    const auto& rule = stats.rules[i];
    out << fmt::format("{:<48} {:>10.4f} {:>7} {:>10} {:>8}\n", rule.id, rule.cpu_s,
                       ratio(100 * rule.cpu_s, stats.match_s + stats.dataflow_s, "{:.1f}%"), rule.tries, rule.matches);
  }
  if (stats.rules.size() > shown) out << fmt::format("({} more rules tried)\n", stats.rules.size() - shown);
}

}  // namespace warden
