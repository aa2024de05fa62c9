// Taint across functions and files: parameters, returns and their summaries, methods and
// fields, *args/**kwargs, closures and globals, recursion, imports between files.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>

#include "temp_tree.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

// input() and os.environ to os.system's argument; shlex.quote cleans. With a container
// model so `.append` carries a value into its list.
const std::string kRules = R"(
rule flow {
  title: "t"
  message: "{$SINK} from {$SOURCE}"
  severity: high
  confidence: medium
  taint: {
    source: `input(...)`
    source: `os.environ[$KEY]`
    sink: all { call os.system  pattern `os.system($SINK)`  focus $SINK }
    sanitizer: call shlex.quote
  }
}
)";

// "file:line: message" per finding (file only for directory scans).
Lines lines_of(const ScanResult& result, bool with_file) {
  Lines out;
  for (const auto& f : result.findings) {
    std::string file = with_file ? fs::path(f.file).filename().string() + ":" : "";
    out.push_back(file + std::to_string(f.range.start.line) + ": " + f.message);
  }
  return out;
}

Lines run(const std::string& code) {
  const Scanner scanner(RuleSet::from_text("taint.rule", kRules));
  return lines_of(scanner.scan_buffer("t.py", code), false);
}

// Each trace step as "file:line: message".
Lines trace_of(const Finding& f) {
  Lines out;
  for (const auto& s : f.trace) {
    out.push_back(fs::path(s.file).filename().string() + ":" + std::to_string(s.range.start.line) + ": " + s.message);
  }
  return out;
}

// A scanned tree in a temporary directory, removed afterwards.
class Tree : public testing::TempTree {
 public:
  using TempTree::TempTree;
  ScanResult scan() const { return Scanner(RuleSet::from_text("taint.rule", kRules)).scan({root()}); }
};

TEST(TaintInterprocedural, SourceReturnedByAHelper) {
  const std::string code =
      "import os\n"
      "def get():\n"
      "    return input()\n"
      "def main():\n"
      "    os.system(get())\n"
      "    os.system(other())\n";
  EXPECT_EQ(run(code), (Lines{"5: get() from input()"}));
}

TEST(TaintInterprocedural, TaintedArgumentReachesASinkInTheCallee) {
  const std::string code =
      "import os\n"
      "def run(c, safe):\n"
      "    os.system(safe)\n"
      "    os.system(c)\n"
      "def main():\n"
      "    run(input(), 'ls')\n";
  const Scanner scanner(RuleSet::from_text("taint.rule", kRules));
  const ScanResult result = scanner.scan_buffer("t.py", code);
  ASSERT_EQ(lines_of(result, false), (Lines{"4: c from input()"}));
  EXPECT_EQ(trace_of(result.findings[0]),
            (Lines{"t.py:6: source: input()", "t.py:6: passed as parameter 'c' of 'run'", "t.py:4: sink: c"}));
}

TEST(TaintInterprocedural, SummariesKeepCallersApart) {
  // wrap returns its parameter: tainted for the first caller only.
  const std::string code =
      "import os\n"
      "def wrap(x):\n"
      "    return 'ls ' + x\n"
      "def main():\n"
      "    a = wrap(input())\n"
      "    b = wrap('pwd')\n"
      "    os.system(b)\n"
      "    os.system(a)\n";
  EXPECT_EQ(run(code), (Lines{"8: a from input()"}));
}

TEST(TaintInterprocedural, ThroughMethodsAndFields) {
  const std::string code =
      "import os\n"
      "class Runner:\n"
      "    def __init__(self, command):\n"
      "        self.command = command\n"
      "    def go(self):\n"
      "        os.system(self.command)\n"
      "class Loader:\n"
      "    def load(self):\n"
      "        self.cmd = os.environ['CMD']\n"
      "    def run(self):\n"
      "        os.system(self.cmd)\n"
      "        self.helper(self.cmd)\n"
      "    def helper(self, value):\n"
      "        os.system(value)\n"
      "def main():\n"
      "    Runner(input()).go()\n";
  EXPECT_EQ(run(code), (Lines{"6: self.command from input()", "11: self.cmd from os.environ['CMD']",
                              "14: value from os.environ['CMD']"}));
}

TEST(TaintInterprocedural, StarArgsAndKwargs) {
  const std::string code =
      "import os\n"
      "def by_position(*args):\n"
      "    os.system(args[0])\n"
      "def by_keyword(**kwargs):\n"
      "    os.system(kwargs['c'])\n"
      "def forward(*a, **k):\n"
      "    target(*a, **k)\n"
      "def target(first, second=None):\n"
      "    os.system(second)\n"
      "by_position(input())\n"
      "by_keyword(c=input())\n"
      "forward('x', input())\n";
  EXPECT_EQ(run(code), (Lines{"3: args[0] from input()", "5: kwargs['c'] from input()", "9: second from input()"}));
}

TEST(TaintInterprocedural, SanitizedInAHelper) {
  const std::string code =
      "import os, shlex\n"
      "def quoted(x):\n"
      "    return shlex.quote(x)\n"
      "def raw(x):\n"
      "    return x.strip()\n"
      "os.system(quoted(input()))\n"
      "os.system(raw(input()))\n";
  EXPECT_EQ(run(code), (Lines{"7: raw(input()) from input()"}));
}

TEST(TaintInterprocedural, UnrelatedVariablesOfOtherFunctions) {
  const std::string code =
      "import os\n"
      "def a():\n"
      "    cmd = input()\n"
      "    return 1\n"
      "def b(cmd):\n"
      "    os.system(cmd)\n"
      "def c():\n"
      "    b('ls')\n"
      "    x = a()\n"
      "    os.system(x)\n";
  EXPECT_TRUE(run(code).empty());
}

TEST(TaintInterprocedural, RecursionAndMutualRecursionTerminate) {
  const std::string code =
      "import os\n"
      "def down(x, n):\n"
      "    if n:\n"
      "        return down(x, n - 1)\n"
      "    return x\n"
      "def ping(x, n):\n"
      "    return pong(x, n) if n else 'done'\n"
      "def pong(x, n):\n"
      "    return ping(x + '!', n - 1)\n"
      "def sink_at_depth(x, n):\n"
      "    if n:\n"
      "        sink_at_depth(x, n - 1)\n"
      "    os.system(x)\n"
      "os.system(down(input(), 3))\n"
      "os.system(ping(input(), 3))\n"
      "sink_at_depth(input(), 2)\n";
  // ping never returns x: only 'done' leaves the cycle.
  EXPECT_EQ(run(code), (Lines{"13: x from input()", "14: down(input(), 3) from input()"}));
}

TEST(TaintInterprocedural, ClosuresAndGlobals) {
  const std::string code =
      "import os\n"
      "CMD = input()\n"
      "SAFE = 'ls'\n"
      "def use_global():\n"
      "    os.system(CMD)\n"
      "    os.system(SAFE)\n"
      "def outer():\n"
      "    c = os.environ['X']\n"
      "    def inner():\n"
      "        os.system(c)\n"
      "    inner()\n"
      "def writes_global():\n"
      "    global LATER\n"
      "    LATER = input()\n"
      "def reads_global():\n"
      "    os.system(LATER)\n";
  EXPECT_EQ(run(code), (Lines{"5: CMD from input()", "10: c from os.environ['X']", "16: LATER from input()"}));
}

TEST(TaintInterprocedural, AcrossTwoFiles) {
  const Tree tree({{"pkg/__init__.py", ""},
                   {"pkg/utils.py", "import os\ndef run(command):\n    os.system(command)\n"},
                   {"pkg/main.py", "from .utils import run\nrun(input())\nrun('ls')\n"}});
  const ScanResult result = tree.scan();
  ASSERT_EQ(lines_of(result, true), (Lines{"utils.py:3: command from input()"}));
  EXPECT_EQ(trace_of(result.findings[0]), (Lines{"main.py:2: source: input()",
                                                 "main.py:2: passed as parameter 'command' of 'run'",
                                                 "utils.py:3: sink: command"}));
}

TEST(TaintInterprocedural, FiveCallsDeepAcrossThreeFiles) {
  const Tree tree({{"app/__init__.py", ""},
                   {"app/entry.py",
                    "from app.middle import first\n"
                    "def main():\n"
                    "    payload = input()\n"
                    "    first(payload)\n"},
                   {"app/middle.py",
                    "from .leaf import third\n"
                    "def first(a):\n"
                    "    second(a + '')\n"
                    "def second(b):\n"
                    "    third(b)\n"},
                   {"app/leaf.py",
                    "import os\n"
                    "def third(c):\n"
                    "    fourth(prefix=c)\n"
                    "def fourth(prefix):\n"
                    "    fifth(f'{prefix} --now')\n"
                    "def fifth(command):\n"
                    "    os.system(command)\n"}});
  const ScanResult result = tree.scan();
  ASSERT_EQ(lines_of(result, true), (Lines{"leaf.py:7: command from input()"}));
  EXPECT_EQ(trace_of(result.findings[0]),
            (Lines{"entry.py:3: source: input()", "entry.py:3: tainted value flows into 'payload'",
                   "entry.py:4: passed as parameter 'a' of 'first'", "middle.py:3: passed as parameter 'b' of 'second'",
                   "middle.py:5: passed as parameter 'c' of 'third'", "leaf.py:3: passed as parameter 'prefix' of 'fourth'",
                   "leaf.py:5: passed as parameter 'command' of 'fifth'", "leaf.py:7: sink: command"}));
}

TEST(TaintInterprocedural, ValuesReturnedAcrossFilesAndModuleGlobals) {
  const Tree tree({{"cfg.py", "import os\nURL = os.environ['URL']\ndef fetch():\n    return input()\n"},
                   {"use.py",
                    "import os\nfrom cfg import URL, fetch\nimport cfg\n"
                    "os.system(URL)\nos.system(fetch())\nos.system(cfg.URL)\n"}});
  EXPECT_EQ(lines_of(tree.scan(), true), (Lines{"use.py:4: URL from os.environ['URL']", "use.py:5: fetch() from input()",
                                                "use.py:6: cfg.URL from os.environ['URL']"}));
}

TEST(TaintInterprocedural, MethodsOfInstancesMadeFromClassesOfTheTree) {
  const std::string classes =
      "import os\n"
      "class Shell:\n"
      "    def run(self, command):\n"
      "        os.system(command)\n"
      "class Holder:\n"
      "    def __init__(self):\n"
      "        self.shell = Shell()\n"
      "    def go(self, c):\n"
      "        self.shell.run(c)\n"
      "SHARED = Shell()\n";
  const auto found = [&](const std::string& main) { return run(classes + "def main():\n" + main); };
  EXPECT_EQ(found("    s = Shell()\n    s.run(input())\n"), (Lines{"4: command from input()"}));
  EXPECT_EQ(found("    Shell().run(input())\n"), (Lines{"4: command from input()"}));
  EXPECT_EQ(found("    Holder().go(input())\n"), (Lines{"4: command from input()"}));
  EXPECT_EQ(found("    SHARED.run(input())\n"), (Lines{"4: command from input()"}));
  // Not a class of the tree: make() may return anything, nothing is assumed.
  EXPECT_TRUE(found("    other = make()\n    other.run(input())\n").empty());
  EXPECT_TRUE(found("    s = Shell()\n    s.stop(input())\n").empty());
}

TEST(TaintInterprocedural, LibraryCallsFollowFlowModels) {
  // The built-in table (rulesets/models): .append writes its argument into the list, len
  // returns no data, b64decode passes its argument on; a call without a model passes all.
  const std::string code =
      "import os, base64, shutil\n"
      "def collect():\n"
      "    parts = []\n"
      "    parts.append(input())\n"
      "    return parts\n"
      "os.system(' '.join(collect()))\n"
      "os.system(str(len(input())))\n"
      "os.system(base64.b64decode(input()))\n"
      "os.system(unknown_library_call(input()))\n";
  EXPECT_EQ(run(code), (Lines{"6: ' '.join(collect()) from input()", "8: base64.b64decode(input()) from input()",
                              "9: unknown_library_call(input()) from input()"}));
}

TEST(TaintInterprocedural, RuleFilesDeclareModelsOfTheirOwn) {
  const std::string models =
      "models vendor {\n"
      "  vendor.scrub: none\n"
      "  vendor.copy_into: arg 0 -> arg 1\n"
      "}\n";
  const Scanner scanner(RuleSet::from_text("taint.rule", kRules + models));
  const std::string code =
      "import os, vendor\n"
      "box = []\n"
      "vendor.copy_into(input(), box)\n"
      "os.system(box)\n"
      "os.system(vendor.scrub(input()))\n";
  EXPECT_EQ(lines_of(scanner.scan_buffer("t.py", code), false), (Lines{"4: box from input()"}));
}

}  // namespace
}  // namespace warden
