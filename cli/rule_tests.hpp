// `warden test-rules`: each X.rule against its annotated sibling X.py and/or directory X/.
#pragma once

#include <filesystem>
#include <vector>

namespace warden_cli {

// Tests each rule file, printing mismatches clang-style and the counts to standard output.
// Returns 0 when every test passed, 1 when some failed, 2 when some rule file did not load.
int test_rules(const std::vector<std::filesystem::path>& rule_files);

}  // namespace warden_cli
