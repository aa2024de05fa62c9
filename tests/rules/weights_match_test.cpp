// Rules on weights files: `verdicts` blocks and `weights` formulas in the rule language (the
// grammar, dsl/rule_parser.cpp, dsl/lower.cpp), the verdict tables' semantics
// (rules/weights_match.cpp), and the built-in tables (rulesets/weights/pickle-verdicts.rule).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiled_rules.hpp"
#include "lower.hpp"
#include "rule_error_lines.hpp"
#include "warden/rules.hpp"
#include "weights_match.hpp"

namespace warden::detail {
namespace {

struct Compiled {
  dsl::CompiledRuleFiles files;
  std::string errors;
};
Compiled compile(const std::string& text) {
  std::vector<RuleFileError> errors;
  auto out = dsl::compile_rule_files({{"w.rule", text}}, errors);
  return {std::move(out), warden::testing::error_lines(errors)};
}

std::string verdict(const CallableVerdicts& verdicts, const std::string& name) {
  const VerdictOf v = verdicts.classify(name);
  std::string out(to_string(v.verdict));
  if (v.verdict == Verdict::denied) out += " by " + v.entry->glob.text() + " at " + v.matched;
  return out;
}

TEST(Verdicts, DenyCoversNamesBeneathAndReachedThroughOtherModules) {
  const auto c = compile(
      "verdicts t {\n"
      "  allow collections.OrderedDict\n"
      "  allow torch._utils.{_rebuild_tensor_v2, _rebuild_parameter}   # a comment\n"
      "  deny os \"runs commands\"\n"
      "  deny [builtins.eval, subprocess.*]\n"
      "  allow os.path.join\n"
      "}\n");
  ASSERT_EQ(c.errors, "");
  const CallableVerdicts& v = c.files.verdicts;
  EXPECT_EQ(verdict(v, "collections.OrderedDict"), "allowed");
  EXPECT_EQ(verdict(v, "torch._utils._rebuild_parameter"), "allowed");
  EXPECT_EQ(verdict(v, "collections.OrderedDict.fromkeys"), "unknown");  // allow is exact
  EXPECT_EQ(verdict(v, "os.system"), "denied by os at os");
  EXPECT_EQ(verdict(v, "os.path.join"), "denied by os at os");           // deny wins
  EXPECT_EQ(verdict(v, "torch.os.system"), "denied by os at os");        // torch imports os
  EXPECT_EQ(verdict(v, "eval"), "unknown");                              // qualified names only
  EXPECT_EQ(verdict(v, "builtins.eval"), "denied by builtins.eval at builtins.eval");
  EXPECT_EQ(verdict(v, "subprocess.Popen.__init__"), "denied by subprocess.* at subprocess.Popen");
  EXPECT_EQ(verdict(v, "mymodel.Net"), "unknown");
  EXPECT_EQ(v.classify("os.system").entry->reason, "runs commands");
}

TEST(Verdicts, ErrorsArePositioned) {
  EXPECT_EQ(compile("verdicts t {\n  permit os\n}\n").errors,
            "2:3: expected 'allow NAMES', 'deny NAMES \"reason\"' or '}' to close verdicts 't'\n");
  EXPECT_EQ(compile("verdicts t {\n  deny os \"x\" extra\n}\n").errors,
            "2:15: expected a reason (a string) or the end of the line\n");
  EXPECT_EQ(compile("verdicts t {\n  deny\n}\n").errors,
            "2:7: expected a qualified name or a list of them, like [os, posix]\n");
  EXPECT_EQ(compile("verdicts t {\n  allow os\n").errors, "2:11: expected '}' to close verdicts 't' opened at 1:1\n");
  EXPECT_EQ(compile("verdicts T {}\n").errors,
            "1:10: invalid verdicts name 'T': use lowercase letters, digits, '-', '_' and '.', starting with a letter\n");
}

const char* const kRule =
    "rule w {\n  title: \"t\"\n  message: \"{callee}: {reason}\"\n  severity: high\n  confidence: high\n";

TEST(WeightsFormula, LowersEachFactVerdictAndRegex) {
  const auto c = compile(std::string(kRule) +
                         "  match: any {\n"
                         "    weights call denied\n"
                         "    weights call [os.system, posix.*] matches \"curl\"\n"
                         "    weights unreadable\n"
                         "    weights chat-template matches \"__globals__\"\n"
                         "  }\n}\n");
  ASSERT_EQ(c.errors, "");
  ASSERT_EQ(c.files.rules.size(), 1u);
  const CompiledRule& rule = c.files.rules[0];
  EXPECT_EQ(rule.info.kind, RuleKind::weights);
  EXPECT_FALSE(rule.formula);
  ASSERT_TRUE(rule.weights);
  const auto& alternatives = rule.weights->alternatives;
  ASSERT_EQ(alternatives.size(), 4u);
  EXPECT_EQ(alternatives[0].verdict, WeightsCondition::VerdictFilter::denied);
  ASSERT_EQ(alternatives[1].callees.size(), 2u);
  EXPECT_EQ(alternatives[1].callees[1].text(), "posix.*");
  EXPECT_TRUE(alternatives[1].regex);
  EXPECT_EQ(alternatives[2].fact, WeightsCondition::Fact::unreadable);
  EXPECT_EQ(alternatives[3].fact, WeightsCondition::Fact::chat_template);
}

TEST(WeightsFormula, CannotBeMixedWithCodeAndKnowsItsPlaceholders) {
  EXPECT_EQ(compile("rule w {\n  title: \"t\"\n  message: \"m\"\n  severity: high\n  confidence: high\n"
                    "  match: all {\n    weights call denied\n    call os.system\n  }\n}\n")
                .errors,
            "7:5: a 'weights' formula matches what loading a weights file does, not code: use it as the whole match, "
            "or in an 'any' of 'weights' formulas\n");
  EXPECT_EQ(compile("rule w {\n  title: \"t\"\n  message: \"{$X}\"\n  severity: high\n  confidence: high\n"
                    "  match: weights unreadable\n}\n")
                .errors,
            "3:12: unknown placeholder {$X} in the message of a weights rule; use {callee}, {reason} or {detail}\n");
  EXPECT_EQ(compile(std::string(kRule) + "  match: weights call\n}\n").errors,
            "7:1: expected denied, unknown, allowed or the callables (a qualified name or a list) after 'weights call'\n");
  EXPECT_EQ(compile(std::string(kRule) + "  match: weights calls\n}\n").errors,
            "6:18: expected what loading weights does after 'weights': call (denied, unknown, allowed or callables), "
            "unreadable, anomaly, keras-lambda or chat-template\n");
}

TEST(BuiltinVerdicts, JudgeWhatPlainWeightsNeedAndTheKnownGadgets) {
  const CallableVerdicts& v = RuleSet::builtin().compiled().verdicts();
  for (const char* allowed : {"collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage",
                              "numpy.core.multiarray._reconstruct", "numpy.dtype", "torch._utils._rebuild_parameter"}) {
    EXPECT_EQ(verdict(v, allowed), "allowed") << allowed;
  }
  for (const char* denied :
       {"os.system", "posix.system", "nt.system", "subprocess.Popen", "builtins.eval", "builtins.exec", "builtins.getattr",
        "builtins.__import__", "builtins.open", "runpy.run_path", "pty.spawn", "socket.create_connection",
        "webbrowser.open", "shutil.rmtree", "pip.main", "importlib.import_module", "torch.hub.load", "torch.jit.load",
        "torch._C._jit_pass_x", "functools.partial", "operator.attrgetter", "asyncio.unix_events._UnixSubprocessTransport",
        "ensurepip._run_pip", "pkgutil.resolve_name", "idlelib.pyshell.main", "cProfile.run", "timeit.timeit",
        "ctypes.CDLL", "numpy.f2py.compile", "logging.FileHandler", "_io.FileIO", "marshal.loads", "pickle.loads",
        "torch.serialization._load_from_bytes", "torch._dynamo.x", "code.InteractiveInterpreter", "sys.modules"}) {
    EXPECT_EQ(to_string(v.classify(denied).verdict), "denied") << denied;
  }
  EXPECT_EQ(verdict(v, "mymodel.layers.CustomLayer"), "unknown");
}

}  // namespace
}  // namespace warden::detail
