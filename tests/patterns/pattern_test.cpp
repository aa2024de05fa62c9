// Code patterns: compilation (metavariables, errors with positions, indexing keys) and
// matching (wildcards, keywords, literals, alias-aware names, statement sequences).
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "module_model.hpp"
#include "pattern.hpp"
#include "syntax.hpp"

namespace warden::detail {
namespace {

Pattern compile_ok(const std::string& code) {
  PatternError error;
  auto pattern = Pattern::compile(code, error);
  if (!pattern) {
    ADD_FAILURE() << "pattern `" << code << "` did not compile: " << error.line << ":" << error.column << ": "
                  << error.message;
    // A pattern that always compiles, so the test can go on and fail on its expectations.
    pattern = Pattern::compile("__never_matches_anything__()", error);
  }
  return std::move(*pattern);
}

PatternError compile_error(const std::string& code) {
  PatternError error;
  auto pattern = Pattern::compile(code, error);
  EXPECT_FALSE(pattern.has_value()) << "pattern `" << code << "` compiled";
  return error;
}

struct Match {
  std::string text;                                      // the matched node's code
  std::vector<std::pair<std::string, std::string>> bindings;  // name -> bound code
  std::string binding(const std::string& name) const {
    for (const auto& [n, t] : bindings) {
      if (n == name) return t;
    }
    return "<unbound>";
  }
};

// A parsed file with its model, kept alive for matching.
struct Target {
  explicit Target(std::string text, ModuleInfo info = {"pkg.mod", false})
      : source(std::move(text)), tree(parser().parse(source)),
        model(ModuleModel::build(ts_tree_root_node(tree.get()), source, info)) {}
  static PythonParser& parser() {
    thread_local PythonParser p;
    return p;
  }
  TSNode root() const { return ts_tree_root_node(tree.get()); }
  MatchContext context() const { return MatchContext{source, model}; }

  std::string source;
  Tree tree;
  ModuleModel model;
};

std::vector<Match> matches(const Pattern& pattern, const Target& target) {
  std::vector<std::pair<TSNode, Bindings>> found;
  pattern.match_all(target.root(), target.context(), found);
  std::vector<Match> out;
  for (const auto& [node, bindings] : found) {
    Match m;
    m.text = std::string(text_of(node, target.source));
    for (const auto& b : bindings) m.bindings.emplace_back(b.name, std::string(binding_text(b, target.source)));
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Match> matches(const std::string& pattern, const std::string& source) {
  const Pattern compiled = compile_ok(pattern);
  const Target target(source);
  return matches(compiled, target);
}

std::vector<std::string> texts(const std::string& pattern, const std::string& source) {
  std::vector<std::string> out;
  for (const auto& m : matches(pattern, source)) out.push_back(m.text);
  return out;
}

using Texts = std::vector<std::string>;

// --- compilation ------------------------------------------------------------------------------

TEST(PatternCompile, MetavariablesInOrderOfFirstAppearance) {
  const Pattern p = compile_ok("$F($X, $...REST, key=$X, other=$Y)");
  EXPECT_EQ(p.metavariables(), (std::vector<std::string>{"$F", "$X", "$...REST", "$Y"}));
  EXPECT_TRUE(compile_ok("foo(1)").metavariables().empty());
}

TEST(PatternCompile, RootTypeAndCallee) {
  EXPECT_EQ(compile_ok("pickle.loads($X)").root_type(), "call");
  EXPECT_EQ(compile_ok("pickle.loads($X)").callee(), "pickle.loads");
  EXPECT_EQ(compile_ok("eval(...)").callee(), "builtins.eval");
  EXPECT_EQ(compile_ok("os.path.join(...)").callee(), "os.path.join");
  EXPECT_EQ(compile_ok("$F(...)").callee(), std::nullopt);
  EXPECT_EQ(compile_ok("$M.loads(...)").callee(), std::nullopt);
  EXPECT_EQ(compile_ok("foo(1)(2)").callee(), std::nullopt);
  EXPECT_EQ(compile_ok("assert $X").root_type(), "assert_statement");
  EXPECT_EQ(compile_ok("assert $X").callee(), std::nullopt);
  EXPECT_EQ(compile_ok("$X == $X").root_type(), "comparison_operator");
  EXPECT_EQ(compile_ok("$X").root_type(), "");
  EXPECT_EQ(compile_ok("...").root_type(), "");
  EXPECT_EQ(compile_ok("$X = eval($Y)").root_type(), "assignment");
  // A statement sequence reports its first statement: the first statement's type.
  EXPECT_EQ(compile_ok("try:\n    ...\nexcept:\n    pass\nfoo()").root_type(), "try_statement");
  EXPECT_EQ(compile_ok("...\nfoo()\nbar()").root_type(), "expression_statement");
  EXPECT_EQ(compile_ok("$S\nfoo()").root_type(), "");
  // Names match through resolution, so a name pattern may match an identifier or attribute.
  EXPECT_EQ(compile_ok("os.system").root_type(), "");
}

TEST(PatternCompile, SyntaxErrorsWithPositions) {
  PatternError e = compile_error("foo(");
  EXPECT_EQ(e.line, 1u);
  EXPECT_NE(e.message.find("pattern is not valid Python"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("end of pattern"), std::string::npos) << e.message;

  e = compile_error("foo($X))");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 8u);  // the second ')' in the pattern as written, not as substituted
  EXPECT_NE(e.message.find("unexpected ')'"), std::string::npos) << e.message;

  e = compile_error("foo($X)\nbar($Y, = 2)");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 9u);
  EXPECT_NE(e.message.find("'='"), std::string::npos) << e.message;

  e = compile_error("def f(:\n    pass");
  EXPECT_EQ(e.line, 1u);
  EXPECT_NE(e.message.find("pattern is not valid Python"), std::string::npos) << e.message;

  e = compile_error("$lower(1)");  // metavariables are upper case
  EXPECT_EQ(e.column, 1u);
  compile_error("");
  compile_error("# only a comment\n");
}

TEST(PatternCompile, EllipsisWhereTreeSitterRejectsIt) {
  // `...` in parameters, lambda parameters and dict entries is not Python; patterns allow it.
  EXPECT_EQ(texts("def $F(...):\n    ...", "def f(a, b=1):\n    return a\n"),
            Texts{"def f(a, b=1):\n    return a"});
  EXPECT_EQ(texts("{'key': $V, ...}", "x = {'key': 1, 'other': 2}\ny = {'other': 2}\n"),
            Texts{"{'key': 1, 'other': 2}"});
  EXPECT_EQ(texts("lambda ...: $B", "f = lambda x, y: x + y\n"), Texts{"lambda x, y: x + y"});
  // A `...` before a pair: Python's parser fails at the ':' after it, not at the `...`.
  EXPECT_EQ(texts("{..., $K: 2, ...}", "x = {'key': 1, 'other': 2}\ny = {'other': 3}\nz = {'a': 2}\n"),
            (Texts{"{'key': 1, 'other': 2}", "{'a': 2}"}));
  const auto found = matches("{..., 'token': $V}", "d = {'user': 'x', 'token': 'abc'}\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].binding("$V"), "'abc'");
}

TEST(PatternCompile, DollarInsideStringsIsText) {
  EXPECT_TRUE(compile_ok("os.getenv('$HOME')").metavariables().empty());
  EXPECT_EQ(texts("os.getenv('$HOME')", "import os\nos.getenv('$HOME')\nos.getenv('HOME')\n"),
            Texts{"os.getenv('$HOME')"});
}

// --- metavariables -------------------------------------------------------------------------------

TEST(PatternMatch, MetavariableBindsAnyExpression) {
  const auto found = matches("foo($X)", "foo(a + b)\nfoo(bar(1))\nfoo()\nfoo(1, 2)\n");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].binding("$X"), "a + b");
  EXPECT_EQ(found[1].binding("$X"), "bar(1)");
}

TEST(PatternMatch, SameMetavariableMustBindEqualCode) {
  EXPECT_EQ(texts("$X == $X", "a == a\na == b\nf(x) == f( x )\nf(x) == f(y)\n"),
            (Texts{"a == a", "f(x) == f( x )"}));
  EXPECT_EQ(texts("$X == $X", "s = 'a b' == 'ab'\n"), Texts{});
}

TEST(PatternMatch, BindingsPassedInConstrainTheMatch) {
  const Pattern pattern = compile_ok("foo($X)");
  const Target target("foo(a)\nfoo(b)\nbar(a)\n");
  std::vector<std::pair<TSNode, Bindings>> all;
  compile_ok("bar($X)").match_all(target.root(), target.context(), all);
  ASSERT_EQ(all.size(), 1u);
  Bindings given = all[0].second;  // $X = a
  std::vector<std::pair<TSNode, Bindings>> calls;
  compile_ok("$F(...)").match_all(target.root(), target.context(), calls);
  ASSERT_EQ(calls.size(), 3u);
  Bindings b = given;
  EXPECT_TRUE(pattern.match(calls[0].first, target.context(), b));  // foo(a)
  EXPECT_EQ(b.size(), 1u);
  b = given;
  EXPECT_FALSE(pattern.match(calls[1].first, target.context(), b));  // foo(b)
  EXPECT_EQ(b.size(), 1u) << "bindings unchanged on failure";
}

TEST(PatternMatch, OperatorsMustBeEqual) {
  EXPECT_EQ(texts("$A + $B", "x = a + b\ny = a - b\n"), Texts{"a + b"});
  EXPECT_EQ(texts("$A is not None", "a is None\na is not None\n"), Texts{"a is not None"});
  EXPECT_EQ(texts("$A and $B", "a and b\na or b\n"), Texts{"a and b"});
  EXPECT_EQ(texts("$X += 1", "x += 1\nx -= 1\n"), Texts{"x += 1"});
  EXPECT_EQ(texts("-$X", "a = -b\nc = +d\n"), Texts{"-b"});
}

// --- ellipsis and sequence metavariables ----------------------------------------------------------

TEST(PatternMatch, EllipsisInArguments) {
  const std::string source = "foo()\nfoo(1)\nfoo(1, 2, k=3)\nfoo(2, 1)\n";
  EXPECT_EQ(texts("foo(...)", source), (Texts{"foo()", "foo(1)", "foo(1, 2, k=3)", "foo(2, 1)"}));
  EXPECT_EQ(texts("foo(1, ...)", source), (Texts{"foo(1)", "foo(1, 2, k=3)"}));
  EXPECT_EQ(texts("foo(..., 1)", source), (Texts{"foo(1)", "foo(2, 1)"}));
  EXPECT_EQ(texts("foo(..., 2, ...)", source), (Texts{"foo(1, 2, k=3)", "foo(2, 1)"}));
}

TEST(PatternMatch, EllipsisAsExpressionMatchesAnything) {
  EXPECT_EQ(texts("x = ...", "x = 1\nx = f(y)\ny = 2\n"), (Texts{"x = 1", "x = f(y)"}));
}

TEST(PatternMatch, EllipsisInContainers) {
  EXPECT_EQ(texts("[1, ..., 3]", "a = [1, 3]\nb = [1, 2, 3]\nc = [1, 2]\n"), (Texts{"[1, 3]", "[1, 2, 3]"}));
  EXPECT_EQ(texts("(..., 'x')", "t = (1, 'x')\nu = ('x', 1)\n"), Texts{"(1, 'x')"});
  EXPECT_EQ(texts("{..., 1}", "s = {3, 1}\nt = {3}\n"), Texts{"{3, 1}"});
}

TEST(PatternMatch, SequenceMetavariableBindsRuns) {
  auto found = matches("foo($...ARGS)", "foo()\nfoo(a, b)\n");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].binding("$...ARGS"), "");
  EXPECT_EQ(found[1].binding("$...ARGS"), "a, b");

  found = matches("foo($X, $...REST)", "foo(a)\nfoo(a, b, c)\nfoo()\n");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].binding("$X"), "a");
  EXPECT_EQ(found[0].binding("$...REST"), "");
  EXPECT_EQ(found[1].binding("$...REST"), "b, c");

  // The same run twice must be the same code.
  EXPECT_EQ(texts("f($...A) + f($...A)", "f(a, b) + f(a,b)\nf(a) + f(b)\nf() + f()\n"),
            (Texts{"f(a, b) + f(a,b)", "f() + f()"}));
}

// --- keyword arguments -------------------------------------------------------------------------------

TEST(PatternMatch, KeywordsInAnyOrder) {
  const std::string source =
      "import subprocess\n"
      "subprocess.run(cmd, shell=True, check=False)\n"
      "subprocess.run(cmd, check=False, shell=True)\n"
      "subprocess.run(cmd, shell=False, check=False)\n";
  EXPECT_EQ(texts("subprocess.run($C, check=False, shell=True)", source),
            (Texts{"subprocess.run(cmd, shell=True, check=False)", "subprocess.run(cmd, check=False, shell=True)"}));
}

TEST(PatternMatch, ExtraArgumentsRejectedWithoutEllipsis) {
  const std::string source = "f(x, shell=True)\nf(x, shell=True, env=e)\nf(x, y, shell=True)\nf(shell=True)\n";
  EXPECT_EQ(texts("f($X, shell=True)", source), Texts{"f(x, shell=True)"});
  EXPECT_EQ(texts("f($X, shell=True, ...)", source),
            (Texts{"f(x, shell=True)", "f(x, shell=True, env=e)", "f(x, y, shell=True)"}));
  EXPECT_EQ(texts("f(..., shell=True)", source),
            (Texts{"f(x, shell=True)", "f(x, shell=True, env=e)", "f(x, y, shell=True)", "f(shell=True)"}));
  // A positional metavariable does not match a keyword argument.
  EXPECT_EQ(texts("f($X)", "f(shell=True)\nf(1)\n"), Texts{"f(1)"});
}

TEST(PatternMatch, KeywordValueBindsMetavariable) {
  const auto found = matches("f(shell=$S, ...)", "f(1, shell=flag)\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].binding("$S"), "flag");
}

// --- literals ------------------------------------------------------------------------------------------

TEST(PatternMatch, StringsCompareByValue) {
  const std::string source = "f('a')\nf(\"a\")\nf('''a''')\nf('a' 'b')\nf(r'a')\nf('b')\nf(b'a')\nf(f'a{x}')\n";
  EXPECT_EQ(texts("f('a')", source), (Texts{"f('a')", "f(\"a\")", "f('''a''')", "f(r'a')"}));
  EXPECT_EQ(texts("f(\"ab\")", source), Texts{"f('a' 'b')"});
  EXPECT_EQ(texts("f(b'a')", source), Texts{"f(b'a')"});
  EXPECT_EQ(texts("f('\\n')", "f('\\n')\nf(\"\\n\")\nf('n')\n"), (Texts{"f('\\n')", "f(\"\\n\")"}));
  // "..." is any string.
  EXPECT_EQ(texts("f(\"...\")", source).size(), 8u);
}

TEST(PatternMatch, NumbersCompareByValue) {
  EXPECT_EQ(texts("f(1000)", "f(1000)\nf(1_000)\nf(0x3e8)\nf(100)\nf(1000.0)\n"),
            (Texts{"f(1000)", "f(1_000)", "f(0x3e8)"}));
  EXPECT_EQ(texts("f(1.5)", "f(1.5)\nf(1.50)\nf(15)\n"), Texts{"f(1.5)"});
}

TEST(PatternMatch, ParenthesesAreTransparent) {
  EXPECT_EQ(texts("f($X + 1)", "f((a + 1))\nf(a + 1)\n"), (Texts{"f((a + 1))", "f(a + 1)"}));
}

// --- names -----------------------------------------------------------------------------------------------

TEST(PatternMatch, AliasAwareNames) {
  const Pattern p = compile_ok("pickle.loads($X)");
  EXPECT_EQ(matches(p, Target("from pickle import loads as l\nl(x)\n")).size(), 1u);
  EXPECT_EQ(matches(p, Target("import pickle as p\np.loads(x)\n")).size(), 1u);
  EXPECT_EQ(matches(p, Target("import pickle\npickle.loads(x)\n")).size(), 1u);
  EXPECT_EQ(matches(p, Target("import pickle\n(pickle).loads(data)\n")).size(), 1u);
  EXPECT_EQ(matches(p, Target("p = __import__('pickle')\np.loads(x)\n")).size(), 1u);
  EXPECT_EQ(matches(p, Target("loads = other\nloads(x)\n")).size(), 0u);
  EXPECT_EQ(matches(p, Target("import json as pickle\npickle.loads(x)\n")).size(), 0u);
  EXPECT_EQ(matches(p, Target("from json import loads\nloads(x)\n")).size(), 0u);
  EXPECT_EQ(matches(p, Target("import pickle\npickle.loads(x, y)\n")).size(), 0u);
  // Without any import, the code as written.
  EXPECT_EQ(matches(p, Target("pickle.loads(x)\n")).size(), 1u);
}

TEST(PatternMatch, ModuleNameMatchesResolvedModule) {
  EXPECT_EQ(texts("os", "import os\nx = os\n"), Texts{"os"});
  EXPECT_EQ(texts("os", "import os as o\nx = o\n"), Texts{"o"});
  EXPECT_EQ(texts("os", "import nt as os\nx = os\n"), Texts{});
  EXPECT_EQ(texts("os.system", "from os import system\nsystem('ls')\nobj.system('ls')\n"), Texts{"system"});
}

TEST(PatternMatch, BuiltinsAndShadowing) {
  const Pattern p = compile_ok("eval($X)");
  EXPECT_EQ(matches(p, Target("eval(x)\n")).size(), 1u);
  EXPECT_EQ(matches(p, Target("import builtins\nbuiltins.eval(x)\n")).size(), 1u);
  EXPECT_EQ(matches(p, Target("def eval(x):\n    ...\neval(y)\n")).size(), 0u);
  EXPECT_EQ(matches(p, Target("eval = safe_eval\neval(y)\n")).size(), 0u);
  EXPECT_EQ(matches(p, Target("def f(eval):\n    eval(y)\n")).size(), 0u);
  EXPECT_EQ(matches(p, Target("obj.eval(y)\n")).size(), 0u);
  // A def's name in a pattern is a name, not a reference.
  EXPECT_EQ(texts("def eval($X):\n    ...", "def eval(x):\n    return x\n").size(), 1u);
}

TEST(PatternMatch, LocalNamesByText) {
  EXPECT_EQ(texts("self.x = $V", "class A:\n    def f(self):\n        self.x = 1\n        self.y = 2\n"),
            Texts{"self.x = 1"});
  EXPECT_EQ(texts("f(data)", "def g(data):\n    f(data)\n    f(other)\n"), Texts{"f(data)"});
}

// --- statements -------------------------------------------------------------------------------------------

TEST(PatternMatch, StatementSequences) {
  const std::string source =
      "try:\n"
      "    risky()\n"
      "    more()\n"
      "except:\n"
      "    pass\n"
      "try:\n"
      "    risky()\n"
      "except ValueError:\n"
      "    pass\n"
      "try:\n"
      "    risky()\n"
      "except:\n"
      "    log()\n";
  EXPECT_EQ(texts("try:\n    ...\nexcept:\n    pass", source),
            Texts{"try:\n    risky()\n    more()\nexcept:\n    pass"});

  const std::string flow =
      "def f():\n"
      "    x = open(p)\n"
      "    data = x.read()\n"
      "    # a comment\n"
      "    x.close()\n"
      "    return data\n"
      "y = open(q)\n"
      "y.close()\n";
  const auto found = matches("$F = open($P)\n...\n$F.close()", flow);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "x = open(p)");  // the first statement of the run
  EXPECT_EQ(found[0].binding("$F"), "x");
  EXPECT_EQ(found[1].binding("$P"), "q");
  EXPECT_EQ(texts("$F = open($P)\n$F.close()", flow), Texts{"y = open(q)"});
  EXPECT_EQ(texts("$F = open($P)\n$G.read()", flow), Texts{});
}

TEST(PatternMatch, EllipsisInBlocks) {
  const std::string source =
      "def f():\n    a()\n    b()\n    c()\n"
      "def g():\n    b()\n"
      "def h():\n    a()\n";
  EXPECT_EQ(texts("def $N():\n    ...\n    b()\n    ...", source).size(), 2u);
  EXPECT_EQ(texts("def $N():\n    b()", source).size(), 1u);
  EXPECT_EQ(texts("def $N():\n    $S", source).size(), 2u);
  // A def without a return annotation in the pattern matches defs with one.
  EXPECT_EQ(texts("def $F(...):\n    ...", "def g(x) -> int:\n    return x\n").size(), 1u);
  EXPECT_EQ(texts("def $F(...) -> str:\n    ...", "def g(x) -> int:\n    return x\n").size(), 0u);
}

TEST(PatternMatch, GeneratorArgument) {
  EXPECT_EQ(texts("any(...)", "any(x for x in y)\n").size(), 1u);
  EXPECT_EQ(texts("any($G)", "any(x for x in y)\n").size(), 1u);
}

TEST(PatternMatch, FStringsStructurally) {
  EXPECT_EQ(texts("f(f'a\\n{x}')", "f(f'a\\n{x}')\nf(f'b\\n{x}')\n"), Texts{"f(f'a\\n{x}')"});
  // Metavariables inside interpolations; `{{` is a brace, not an interpolation.
  const auto found = matches("log(f\"user {$U} at {{$HOME}}\")", "log(f'user {name} at {{$HOME}}')\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].binding("$U"), "name");
  EXPECT_EQ(compile_ok("log(f\"user {$U} at {{$HOME}}\")").metavariables(), std::vector<std::string>{"$U"});
}

TEST(PatternMatch, StatementPatternsMatchStatements) {
  EXPECT_EQ(texts("assert $X", "assert x\nassert x, 'msg'\nif y:\n    assert z\n"), (Texts{"assert x", "assert z"}));
  EXPECT_EQ(texts("import pickle", "import pickle\nimport os\n"), Texts{"import pickle"});
}

TEST(PatternMatch, NestedCalls) {
  const auto found = matches("pickle.loads(base64.b64decode($X))",
                             "import pickle, base64\n"
                             "pickle.loads(base64.b64decode(s))\n"
                             "pickle.loads(s)\n"
                             "f(pickle.loads(base64.b64decode(g(t))))\n");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].binding("$X"), "s");
  EXPECT_EQ(found[1].binding("$X"), "g(t)");
  // An expression pattern matches at every depth, also inside other calls.
  EXPECT_EQ(texts("foo($X)", "foo(foo(1))\n"), (Texts{"foo(foo(1))", "foo(1)"}));
}

TEST(PatternMatch, CommentsAreIgnored) {
  EXPECT_EQ(texts("f($A, $B)", "f(a,  # first\n  b)\n").size(), 1u);
  EXPECT_EQ(texts("$X == $X", "g(a, # c\n b) == g(a, b)\n").size(), 1u);
}

TEST(PatternMatch, MatchAllReportsEveryMatch) {
  const std::string source =
      "import os\n"
      "os.system('a')\n"
      "def f(cmd):\n"
      "    os.system(cmd)\n"
      "    class C:\n"
      "        def g(self):\n"
      "            return [os.system(x) for x in y]\n"
      "os.popen('b')\n";
  const auto found = matches("os.system($C)", source);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].binding("$C"), "'a'");
  EXPECT_EQ(found[1].binding("$C"), "cmd");
  EXPECT_EQ(found[2].binding("$C"), "x");
}

TEST(PatternMatch, DeeplyNestedTargetDoesNotOverflowTheStack) {
  constexpr int kDepth = 100000;
  std::string source = "x = ";
  for (int i = 0; i < kDepth; ++i) source += "f(";
  source += "1";
  for (int i = 0; i < kDepth; ++i) source += ")";
  source += "\n";
  const Target target(source);
  const Pattern p = compile_ok("f(f($X))");
  std::vector<std::pair<TSNode, Bindings>> found;
  p.match_all(target.root(), target.context(), found);
  EXPECT_EQ(found.size(), static_cast<std::size_t>(kDepth - 1));
  found.clear();
  compile_ok("$X == $X").match_all(target.root(), target.context(), found);
  EXPECT_TRUE(found.empty());

  // Nested blocks, for statement sequences.
  std::string blocks;
  for (int i = 0; i < 3000; ++i) blocks += std::string(static_cast<std::size_t>(i), ' ') + "if x:\n";
  blocks += std::string(3000, ' ') + "a()\n";
  const Target nested(blocks);
  found.clear();
  compile_ok("if $C:\n    ...\n...").match_all(nested.root(), nested.context(), found);
  EXPECT_GT(found.size(), 0u);
}

TEST(PatternMatch, OnePatternManyThreads) {
  const Pattern p = compile_ok("subprocess.run($CMD, shell=True, ...)");
  std::vector<std::size_t> counts(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::string source = "import subprocess as sp\n";
      for (std::size_t i = 0; i <= t; ++i) source += "sp.run(c" + std::to_string(i) + ", shell=True, check=True)\n";
      source += "sp.run(c, shell=False)\n";
      PythonParser parser;
      for (int round = 0; round < 50; ++round) {
        const Tree tree = parser.parse(source);
        const ModuleModel model = ModuleModel::build(ts_tree_root_node(tree.get()), source, {"m", false});
        std::vector<std::pair<TSNode, Bindings>> found;
        p.match_all(ts_tree_root_node(tree.get()), MatchContext{source, model}, found);
        counts[t] = found.size();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counts, (std::vector<std::size_t>{1, 2, 3, 4}));
}

TEST(PatternMatch, Helpers) {
  Bindings bindings{{"$X", TSNode{}, TSNode{}}};
  EXPECT_NE(find_binding(bindings, "$X"), nullptr);
  EXPECT_EQ(find_binding(bindings, "$Y"), nullptr);
  EXPECT_EQ(binding_text(bindings[0], "abc"), "");
}

}  // namespace
}  // namespace warden::detail
