// Taint rules: sources, sinks, sanitizers and steps within one function (or the module's own
// code), with the path in Finding::trace. Flows between functions and files:
// taint_interprocedural_test.cpp.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "rule_error_lines.hpp"
#include "warden/report.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

using Lines = std::vector<std::string>;

std::string taint_rule(const std::string& body, const std::string& message = "{$SINK} from {$SOURCE}") {
  return "rule flow {\n  title: \"t\"\n  message: \"" + message +
         "\"\n  severity: high\n  confidence: medium\n  taint: {\n" + body + "\n  }\n}\n";
}

// environment and input() to os.system's argument, shlex.quote cleans.
const std::string env_to_shell = taint_rule(
    "    source: call os.environ.get\n"
    "    source: `os.environ[$KEY]`\n"
    "    source: `input(...)`\n"
    "    sink: all { call os.system  pattern `os.system($SINK)`  focus $SINK }\n"
    "    sanitizer: call shlex.quote");

ScanResult scan(const std::string& rules, const std::string& code) {
  const Scanner scanner(RuleSet::from_text("taint.rule", rules));
  return scanner.scan_buffer("t.py", code);
}

// "line:message" per finding.
Lines run(const std::string& rules, const std::string& code) {
  Lines out;
  for (const auto& f : scan(rules, code).findings) out.push_back(std::to_string(f.range.start.line) + ":" + f.message);
  return out;
}

// Each trace step as "line:column: message".
Lines trace_of(const Finding& f) {
  Lines out;
  for (const auto& s : f.trace) {
    out.push_back(std::to_string(s.range.start.line) + ":" + std::to_string(s.range.start.column) + ": " + s.message);
  }
  return out;
}

TEST(Taint, DirectFlow) {
  EXPECT_EQ(run(env_to_shell, "import os\nos.system(input())\nos.system('ls')\n"), (Lines{"2:input() from input()"}));
  EXPECT_EQ(run(env_to_shell, "import os\nos.system(os.environ['CMD'])\n"),
            (Lines{"2:os.environ['CMD'] from os.environ['CMD']"}));
}

TEST(Taint, ThroughVariablesAndReassignment) {
  const std::string code =
      "import os\n"
      "def f():\n"
      "    a = os.environ.get('X')\n"
      "    b = a\n"
      "    c, d = b, 1\n"                   // tuple unpacking
      "    e = 'x'\n"
      "    e += c\n"                        // augmented
      "    if (g := e):\n"                  // walrus
      "        os.system(g)\n"
      "    with open(e) as fh:\n"           // with ... as
      "        os.system(fh)\n"
      "    for item in [a]:\n"              // for targets over a tainted iterable
      "        os.system(item)\n"
      "    h = 'ls'\n"
      "    h = a\n"                         // reassigned from a tainted value
      "    os.system(h)\n"
      "    os.system(d)\n";                 // d got the constant: coarse unpacking taints it too
  EXPECT_EQ(run(env_to_shell, code), (Lines{"9:g from os.environ.get('X')", "11:fh from os.environ.get('X')",
                                            "13:item from os.environ.get('X')", "16:h from os.environ.get('X')",
                                            "17:d from os.environ.get('X')"}));
}

TEST(Taint, StringBuilding) {
  const std::string code =
      "import os\n"
      "u = input()\n"
      "os.system(f'pip install {u}')\n"
      "os.system('ls ' + u)\n"
      "os.system('ls %s' % u)\n"
      "os.system('ls {}'.format(u))\n"
      "os.system(' '.join(['ls', u]))\n"
      "os.system(u.strip())\n"
      "os.system('ls ' + 'x')\n";
  const auto lines = run(env_to_shell, code);
  ASSERT_EQ(lines.size(), 6u);
  for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i].substr(0, 2), std::to_string(i + 3) + ":");
}

TEST(Taint, Containers) {
  const std::string code =
      "import os\n"
      "def f():\n"
      "    args = []\n"
      "    args.append(input())\n"
      "    os.system(args[0])\n"
      "    d = {'cmd': os.environ['C']}\n"
      "    os.system(d['cmd'])\n"
      "    t = (1, input())\n"
      "    os.system(t)\n"
      "    o = {}\n"
      "    o['k'] = input()\n"
      "    os.system(o.get('k'))\n";
  EXPECT_EQ(run(env_to_shell, code).size(), 4u);
}

TEST(Taint, AttributesOfTaintedValues) {
  const std::string code =
      "import os\n"
      "class C:\n"
      "    def m(self):\n"
      "        self.cmd = input()\n"
      "        os.system(self.cmd)\n"
      "        os.system(self.other)\n"
      "        r = input()\n"
      "        os.system(r.text)\n";
  EXPECT_EQ(run(env_to_shell, code), (Lines{"5:self.cmd from input()", "8:r.text from input()"}));
}

TEST(Taint, SanitizedFlowIsNotReported) {
  const std::string code =
      "import os, shlex\n"
      "x = input()\n"
      "os.system(shlex.quote(x))\n"
      "y = shlex.quote(x)\n"
      "os.system(y)\n"
      "os.system('ls ' + shlex.quote(x))\n"
      "os.system('ls ' + x)\n";
  EXPECT_EQ(run(env_to_shell, code), (Lines{"7:'ls ' + x from input()"}));
}

TEST(Taint, UnrelatedVariablesAreNotConfused) {
  // The same name in two functions, and in the module, are different variables.
  const std::string code =
      "import os\n"
      "def reads():\n"
      "    cmd = input()\n"
      "    return cmd\n"
      "def runs():\n"
      "    cmd = 'ls'\n"
      "    os.system(cmd)\n"
      "lam = lambda: os.system(cmd)\n"
      "cmd = 'pwd'\n"
      "os.system(cmd)\n"
      "other = input()\n";
  EXPECT_TRUE(run(env_to_shell, code).empty());
}

TEST(Taint, ExtraSteps) {
  const std::string rules = taint_rule(
      "    source: `input(...)`\n"
      "    sink: all { call os.system  pattern `os.system($SINK)`  focus $SINK }\n"
      "    sanitizer: `clean($X)`\n"
      "    step: `$TO.set_command($FROM)`");
  const std::string code =
      "import os\n"
      "def f(runner):\n"
      "    runner.set_command(input())\n"
      "    os.system(runner)\n"
      "    os.system(clean(input()))\n";
  EXPECT_EQ(run(rules, code), (Lines{"4:runner from input()"}));
}

TEST(Taint, TraceContentsAndPositions) {
  const std::string code =
      "import os\n"
      "def f():\n"
      "    home = os.environ.get('HOME')\n"
      "    cmd = f'ls {home}'\n"
      "    os.system(cmd)\n";
  const ScanResult result = scan(env_to_shell, code);
  ASSERT_EQ(result.findings.size(), 1u);
  const Finding& f = result.findings[0];
  EXPECT_EQ(f.range.start.line, 5u);
  EXPECT_EQ(f.range.start.column, 15u);
  EXPECT_EQ(trace_of(f), (Lines{"3:12: source: os.environ.get('HOME')", "3:5: tainted value flows into 'home'",
                                "4:5: tainted value flows into 'cmd'", "5:15: sink: cmd"}));
  EXPECT_EQ(f.trace[0].file, "t.py");
  EXPECT_EQ(f.trace[0].snippet, "    home = os.environ.get('HOME')");
  EXPECT_EQ(f.trace[0].range.end.column, 34u);
}

TEST(Taint, MessagePlaceholdersAndCallee) {
  const std::string rules = taint_rule(
      "    source: `input(...)`\n"
      "    sink: all { call subprocess.{run, call}  pattern `$F($CMD, ..., shell=True)`  focus $CMD }",
      "{callee} runs {$SINK} ({$CMD}) from {$SOURCE}");
  EXPECT_EQ(run(rules, "import subprocess\nc = input()\nsubprocess.run(c, shell=True)\nsubprocess.run(c)\n"),
            (Lines{"3:subprocess.run runs c (c) from input()"}));
}

TEST(Taint, TextAndJsonShowTheSteps) {
  const std::string code = "import os\nx = input()\nos.system(x)\n";
  const ScanResult result = scan(env_to_shell, code);
  std::ostringstream text;
  write_text(text, result);
  const std::string t = text.str();
  EXPECT_NE(t.find("t.py:3:11: warning: x from input() [flow]"), std::string::npos) << t;
  EXPECT_NE(t.find("t.py:2:5: note: source: input()"), std::string::npos) << t;
  EXPECT_NE(t.find("t.py:2:1: note: tainted value flows into 'x'"), std::string::npos) << t;
  EXPECT_NE(t.find("t.py:3:11: note: sink: x"), std::string::npos) << t;

  std::ostringstream json;
  write_json(json, result, RuleSet::from_text("taint.rule", env_to_shell));
  const auto doc = nlohmann::json::parse(json.str());
  const auto& trace = doc.at("findings").at(0).at("trace");
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_EQ(trace.at(0).at("message"), "source: input()");
  EXPECT_EQ(trace.at(2).at("message"), "sink: x");
  EXPECT_EQ(trace.at(1).at("start").at("line"), 2);
}

TEST(Taint, DeepNestingDoesNotOverflow) {
  std::string expr = "input()";
  for (int i = 0; i < 3000; ++i) expr = "(" + expr + " + 'a')";
  const std::string code = "import os\nx = " + expr + "\nos.system(x)\n";
  EXPECT_EQ(run(env_to_shell, code).size(), 1u);
}

TEST(Taint, LongChainsAreSolved) {
  // Assignments in reverse order still reach the fixpoint.
  std::string code = "import os\ndef f():\n    os.system(v0)\n";
  for (int i = 0; i < 200; ++i) code += "    v" + std::to_string(i) + " = v" + std::to_string(i + 1) + "\n";
  code += "    v200 = input()\n";
  EXPECT_EQ(run(env_to_shell, code).size(), 1u);
}

// --- lowering and parsing errors ---------------------------------------------------------

using testing::errors_of;

TEST(TaintLowering, NeedsSourceAndSink) {
  EXPECT_EQ(errors_of(taint_rule("    sink: call os.system")), (Lines{"6:3: 'taint' needs at least one 'source:'"}));
  EXPECT_EQ(errors_of(taint_rule("    source: call input", "x")), (Lines{"6:3: 'taint' needs at least one 'sink:'"}));
}

TEST(TaintLowering, UnboundSinkMetavariable) {
  EXPECT_EQ(errors_of(taint_rule("    source: call input\n    sink: all { call os.system  focus $SINK }")),
            (Lines{"8:33: metavariable $SINK is used in 'focus' but never bound by a pattern"}));
  // {$X} in the message must be bound by every sink; $SOURCE and $SINK always are.
  EXPECT_EQ(errors_of(taint_rule("    source: call input\n    sink: call os.system", "{$CMD}")),
            (Lines{"3:12: metavariable $CMD is used in the message but never bound by a pattern"}));
}

TEST(TaintLowering, StepsBindFromAndTo) {
  EXPECT_EQ(errors_of(taint_rule("    source: call input\n    sink: call os.system\n    step: `f($FROM)`")),
            (Lines{"9:11: metavariable $TO is used in a taint 'step' (it names what receives the taint) but never "
                   "bound by a pattern"}));
}

TEST(TaintLowering, MatchOrTaintNotBoth) {
  const std::string both =
      "rule x {\n  title: \"t\"\n  message: \"m\"\n  severity: high\n  confidence: high\n  match: call eval\n"
      "  taint: { source: call input  sink: call eval }\n}\n";
  EXPECT_EQ(errors_of(both),
            (Lines{"7:3: rule 'x' has both 'match' and 'taint' (first given at 6:3); a rule has one or the other"}));
  const std::string neither = "rule x {\n  title: \"t\"\n  message: \"m\"\n  severity: high\n  confidence: high\n}\n";
  EXPECT_EQ(errors_of(neither), (Lines{"1:6: missing required key 'match' in rule 'x'"}));
}

TEST(TaintLowering, SyntaxErrorsInTheTaintBlock) {
  EXPECT_EQ(errors_of(taint_rule("    souce: call input")),
            (Lines{"7:5: expected 'source:', 'sink:', 'sanitizer:', 'step:' or '}' in 'taint'"}));
  const std::string no_brace =
      "rule x {\n  title: \"t\"\n  message: \"m\"\n  severity: high\n  confidence: high\n  taint: call eval\n}\n";
  EXPECT_EQ(errors_of(no_brace), (Lines{"6:10: expected '{' after 'taint:'"}));
}

}  // namespace
}  // namespace warden
