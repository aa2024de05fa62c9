// The default rule packs (rulesets/, compiled in): exact rule, line and message for positives;
// silence for negatives. The annotated files beside each rule test more cases.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "warden/warden.hpp"

namespace warden {
namespace {

struct Hit {
  std::uint32_t line;
  std::string rule;
  std::string message;
  friend bool operator==(const Hit&, const Hit&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Hit& h) {
    return os << h.line << " [" << h.rule << "] " << h.message;
  }
};

// Module-level snippets: the ML hub pack's import-time rules would fire on all of them, and
// have tests of their own (rulesets/mlhub).
std::vector<Hit> scan(const std::string& source) {
  const Scanner scanner(RuleSet::builtin().select("-py-mlhub-*"));
  std::vector<Hit> hits;
  for (const auto& f : scanner.scan_buffer("t.py", source).findings) hits.push_back({f.range.start.line, f.rule_id, f.message});
  return hits;
}

TEST(Checks, DynamicCode) {
  EXPECT_EQ(scan("exec(code)\neval(expr)\ncompile(src, 'f', 'exec')\n"),
            (std::vector<Hit>{{1, "py-exec-dynamic-code", "exec of a computed value runs code chosen at run time"},
                              {2, "py-exec-dynamic-code", "eval of a computed value runs code chosen at run time"},
                              {3, "py-exec-dynamic-code", "compile of a computed value runs code chosen at run time"}}));
  EXPECT_EQ(scan("exec('print(1)')\neval('1+1')\ncompile('x', 'f', 'eval')\nexec()\n"), std::vector<Hit>{});
  // f-strings are computed; a method named eval is not the builtin.
  EXPECT_EQ(scan("eval(f'{x}')\nmodel.eval()\n").size(), 1u);
  EXPECT_EQ(scan("import builtins\nbuiltins.exec(code)\n").size(), 1u);
  EXPECT_EQ(scan("def exec(x):\n    pass\nexec(code)\n"), std::vector<Hit>{});  // shadowed
}

TEST(Checks, OsSystem) {
  EXPECT_EQ(scan("import os\nos.system(cmd)\nos.popen('ls')\n"),
            (std::vector<Hit>{{2, "py-exec-os-system", "os.system runs a shell command"},
                              {3, "py-exec-os-system", "os.popen runs a shell command"}}));
  EXPECT_EQ(scan("import os\nos.path.join(a, b)\nos.getcwd()\n"), std::vector<Hit>{});
}

TEST(Checks, SubprocessShell) {
  EXPECT_EQ(scan("import subprocess\nsubprocess.run(cmd, shell=True)\n"),
            (std::vector<Hit>{{2, "py-exec-subprocess-shell",
                               "subprocess.run runs its command through the shell"}}));
  EXPECT_EQ(scan("import subprocess as sp\nsp.check_output(c, shell=flag)\n"),
            (std::vector<Hit>{{2, "py-exec-subprocess-shell",
                               "subprocess.check_output runs its command through the shell"}}));
  EXPECT_EQ(scan("from subprocess import getoutput\ngetoutput('ls')\n").size(), 1u);
  EXPECT_EQ(scan("import subprocess\nsubprocess.run(['ls'])\nsubprocess.run(c, shell=False)\n"
                 "subprocess.Popen(c, shell=0)\n"),
            std::vector<Hit>{});
}

TEST(Checks, Pickle) {
  EXPECT_EQ(scan("import pickle\npickle.loads(blob)\nfrom pickle import load as l\nl(f)\n"),
            (std::vector<Hit>{{2, "py-deser-pickle", "pickle.loads deserializes data that can run arbitrary code"},
                              {4, "py-deser-pickle", "pickle.load deserializes data that can run arbitrary code"}}));
  EXPECT_EQ(scan("import pickle\npickle.dumps(obj)\nimport json\njson.loads(s)\n"), std::vector<Hit>{});
}

TEST(Checks, TorchLoad) {
  EXPECT_EQ(scan("import torch\ntorch.load(path)\ntorch.load(path, weights_only=False)\n"),
            (std::vector<Hit>{
                {2, "py-deser-torch-load", "torch.load without weights_only=True can unpickle arbitrary objects"},
                {3, "py-deser-torch-load", "torch.load without weights_only=True can unpickle arbitrary objects"}}));
  EXPECT_EQ(scan("import torch\ntorch.load(path, weights_only=True)\ntorch.load(path, **kw)\ntorch.save(m, p)\n"),
            std::vector<Hit>{});
}

TEST(Checks, YamlLoad) {
  EXPECT_EQ(scan("import yaml\nyaml.load(f)\nyaml.load(f, Loader=yaml.Loader)\nyaml.unsafe_load(f)\n"),
            (std::vector<Hit>{{2, "py-deser-yaml-load", "yaml.load can build arbitrary Python objects unless given a safe Loader"},
                              {3, "py-deser-yaml-load", "yaml.load can build arbitrary Python objects unless given a safe Loader"},
                              {4, "py-deser-yaml-load", "yaml.unsafe_load can build arbitrary Python objects unless given a safe Loader"}}));
  EXPECT_EQ(scan("import yaml\nyaml.load(f, Loader=yaml.SafeLoader)\nfrom yaml import CSafeLoader as L\n"
                 "yaml.load(f, L)\nyaml.safe_load(f)\n"),
            std::vector<Hit>{});
}

TEST(Checks, TlsVerifyDisabled) {
  EXPECT_EQ(scan("import requests\nrequests.get(url, verify=False)\n"),
            (std::vector<Hit>{{2, "py-net-tls-verify-disabled",
                               "requests.get with verify=False disables TLS certificate checks"}}));
  EXPECT_EQ(scan("import requests\nrequests.get(url)\nrequests.get(url, verify=True)\nrequests.post(u, verify=ca)\n"),
            std::vector<Hit>{});
}

TEST(Checks, ChecksSelectionAndSeverityThreshold) {
  const std::string source = "import os, yaml\nos.system(c)\nyaml.load(f)\n";
  const Scanner only_yaml(RuleSet::builtin().select("-*,py-deser-*"));
  const auto result = only_yaml.scan_buffer("t.py", source);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule_id, "py-deser-yaml-load");

  ScanOptions options;
  options.min_severity = Severity::high;
  const Scanner high_only(RuleSet::builtin(), options);
  const auto high = high_only.scan_buffer("t.py", source);
  ASSERT_EQ(high.findings.size(), 1u);
  EXPECT_EQ(high.findings[0].rule_id, "py-exec-os-system");

  EXPECT_THROW((void)RuleSet::builtin().select("no-such-*"), RuleError);
  EXPECT_THROW((void)RuleSet::builtin().select("-*"), RuleError);
}

TEST(Checks, FindingCarriesMetadataRangeAndSnippet) {
  const auto result = Scanner(RuleSet::builtin()).scan_buffer("dir/t.py", "import os\nif x:\n    os.system(\n        c)\n");
  ASSERT_EQ(result.findings.size(), 1u);
  const Finding& f = result.findings[0];
  EXPECT_EQ(f.file, "dir/t.py");
  EXPECT_EQ(f.range.start, (Position{3, 5}));
  EXPECT_EQ(f.range.end, (Position{4, 11}));
  EXPECT_EQ(f.snippet, "    os.system(\n        c)");
  EXPECT_EQ(f.cwes, std::vector<int>{78});
  EXPECT_EQ(f.severity, Severity::high);
  EXPECT_EQ(f.confidence, Confidence::high);
  EXPECT_EQ(f.title, "Shell command run with os.system or os.popen");
  EXPECT_EQ(f.fingerprint.size(), 16u);
}

TEST(Checks, FingerprintSurvivesUnrelatedLineMoves) {
  const Scanner scanner(RuleSet::builtin());
  const auto before = scanner.scan_buffer("t.py", "import os\nos.system(c)\nos.system(c)\n").findings;
  const auto after = scanner.scan_buffer("t.py", "import os\n\n# a comment\nx = 1\nos.system(c)\n  \nos.system(c)\n").findings;
  ASSERT_EQ(before.size(), 2u);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(before[0].fingerprint, after[0].fingerprint);
  EXPECT_EQ(before[1].fingerprint, after[1].fingerprint);
  EXPECT_NE(before[0].fingerprint, before[1].fingerprint);  // identical lines still differ by occurrence
  const auto other = scanner.scan_buffer("t.py", "import os\nos.system(d)\n").findings;
  EXPECT_NE(other[0].fingerprint, before[0].fingerprint);
}

}  // namespace
}  // namespace warden
