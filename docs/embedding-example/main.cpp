// Embedding Warden: scan paths (or a built-in snippet when none are given), list the
// findings, then print the same result as the CLI's text report.
//
// Uses only the installed public API: <warden/warden.hpp>.
#include <warden/warden.hpp>

#include <exception>
#include <filesystem>
#include <iostream>
#include <vector>

namespace {

constexpr const char* kSnippet =
    "import os as o\n"
    "import torch\n"
    "\n"
    "def setup(cmd, path):\n"
    "    o.system(cmd)\n"
    "    return torch.load(path, weights_only=True)\n";

}  // namespace

int main(int argc, char** argv) {
  try {
    // The built-in checks, compiled once; a RuleSet is immutable and cheap to copy.
    const warden::RuleSet rules = warden::RuleSet::builtin();

    warden::ScanOptions options;
    options.jobs = 2;
    const warden::Scanner scanner(rules, options);

    warden::ScanResult result;
    if (argc > 1) {
      std::vector<std::filesystem::path> paths(argv + 1, argv + argc);
      result = scanner.scan(paths);
    } else {
      result = scanner.scan_buffer("snippet.py", kSnippet);
    }

    std::cout << "warden " << warden::version() << ": " << result.findings.size() << " finding(s) in "
              << result.analysed.size() << " file(s) with " << rules.size() << " rule(s)\n";
    for (const warden::Finding& f : result.findings) {
      std::cout << f.file << ':' << f.range.start.line << ':' << f.range.start.column << ' ' << f.rule_id << ' '
                << f.message << '\n';
    }

    std::cout << "--- text report ---\n";
    warden::write_text(std::cout, result);
    return result.has_findings_at_or_above(warden::Severity::low) ? 1 : 0;
  } catch (const std::exception& e) {  // warden::RuleError, warden::ScanError, I/O errors
    std::cerr << "example: " << e.what() << '\n';
    return 2;
  }
}
