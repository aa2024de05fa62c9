// Backtracking: a `where`, `not` or `inside` that fails on one way a pattern (or an `any`)
// matches makes the match try the next way, earlier ways first; the work is bounded.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "evaluate.hpp"
#include "module_model.hpp"
#include "pattern.hpp"
#include "syntax.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

std::string rule(const std::string& match, const std::string& message = "found") {
  return "rule r {\n  title: \"t\"\n  message: \"" + message + "\"\n  severity: low\n  confidence: low\n  match: " + match +
         "\n}\n";
}

// "line:column:message" of each finding of the rule text run on the code.
std::vector<std::string> run(const std::string& rules, const std::string& code) {
  const Scanner scanner(RuleSet::from_text("test.rule", rules));
  std::vector<std::string> out;
  for (const auto& f : scanner.scan_buffer("t.py", code).findings) {
    out.push_back(std::to_string(f.range.start.line) + ":" + std::to_string(f.range.start.column) + ":" + f.message);
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(Backtracking, WhereRetriesTheNextKeywordArgument) {
  const std::string r = rule("all { pattern `f(..., $K=$V, ...)`  where $K matches \"^pass\" }", "{$K} = {$V}");
  EXPECT_EQ(run(r, "f(user=\"u\", password=\"p\")\n"), (Lines{"1:1:password = \"p\""}));
  // The first way that passes is the one reported.
  EXPECT_EQ(run(r, "f(user=\"u\", passwd=\"a\", password=\"b\")\n"), (Lines{"1:1:passwd = \"a\""}));
  // No way passes: no finding.
  EXPECT_EQ(run(r, "f(user=\"u\", name=\"n\")\nf()\nf(\"password\")\n"), Lines{});
}

TEST(Backtracking, WhereRetriesTheNextPositionalArgument) {
  const std::string r = rule("all { pattern `$F(..., $CMD, ...)`  where $CMD matches \"curl\" }", "{$F}: {$CMD}");
  EXPECT_EQ(run(r, "run(\"a\", \"curl x\")\nrun(\"a\", \"b\")\n"), (Lines{"1:1:run: \"curl x\""}));
}

TEST(Backtracking, WhereRetriesTheNextDefaultParameter) {
  const std::string r =
      rule("all { pattern `def $F(..., $P=$S, ...): ...`  where $P matches \"pass\" }", "{$F}: {$P}={$S}");
  EXPECT_EQ(run(r, "def login(user=\"u\", password=\"p\"):\n    pass\n\ndef other(user=\"u\", name=\"n\"):\n    pass\n"),
            (Lines{"1:1:login: password=\"p\""}));
}

TEST(Backtracking, ChainedAssignment) {
  // At `a = pw = "x"` the first branch binds $N to `a`; the where sends the match on to the
  // branch that binds it to `pw`. The inner assignment `pw = "x"` matches the first branch.
  const std::string r = rule(
      "all { any { pattern `$N = $X1 = $S`  pattern `$X1 = $N = $S` }  where $N matches \"^pw\" }", "{$N} = {$S}");
  EXPECT_EQ(run(r, "a = pw = \"x\"\nb = c = \"y\"\n"), (Lines{"1:1:pw = \"x\""}));
  EXPECT_EQ(run(r, "pw = a = \"x\"\n"), (Lines{"1:1:pw = \"x\""}));
}

TEST(Backtracking, WhereRetriesTheNextAnyBranch) {
  const std::string r = rule("all { any { pattern `$N = $S`  pattern `$N == $S` }  where $N matches \"^pw\" }", "{$N}");
  EXPECT_EQ(run(r, "pw == \"x\"\npw = \"y\"\nother == \"z\"\n"), (Lines{"1:1:pw", "2:1:pw"}));
  // One node, both branches matching with different bindings: the second is tried.
  const std::string both =
      rule("all { any { pattern `$N == $S`  pattern `$S == $N` }  where $N matches \"^pw\" }", "{$N} vs {$S}");
  EXPECT_EQ(run(both, "\"x\" == pw\npw == \"y\"\n"), (Lines{"1:1:pw vs \"x\"", "2:1:pw vs \"y\""}));
}

TEST(Backtracking, NotRetriesTheNextWay) {
  // `not` after an `any`: the first branch binds $B to x, which the `not` rejects.
  const std::string any = rule(
      "all { any { pattern `pair($A, $B)`  pattern `pair($B, $A)` }  not pattern `pair(ok, $B)` }", "{$A} {$B}");
  EXPECT_EQ(run(any, "pair(ok, x)\n"), (Lines{"1:1:x ok"}));
  // `not` after a pattern's first way.
  const std::string pattern = rule("all { pattern `f(..., $X, ...)`  not pattern `f($X, ...)` }", "{$X}");
  EXPECT_EQ(run(pattern, "f(a, b)\nf(a)\n"), (Lines{"1:1:b"}));
}

TEST(Backtracking, InsideRetriesTheNextWay) {
  // The `inside` formula binds $X; only the second argument is an enclosing function's parameter.
  const std::string r = rule("all { pattern `g(..., $X, ...)`  inside pattern `def $F(..., $X, ...): ...` }", "{$F} {$X}");
  EXPECT_EQ(run(r, "def h(b):\n    g(a, b)\n"), (Lines{"2:5:h b"}));
}

TEST(Backtracking, FocusOnTheRetriedBinding) {
  const std::string r = rule("all { pattern `f(..., $K=$V, ...)`  where $K matches \"^pass\"  focus $V }", "{$K}");
  EXPECT_EQ(run(r, "f(\n    user=\"u\",\n    password=\"p\",\n)\n"), (Lines{"3:14:password"}));
}

TEST(Backtracking, NestedAllAndTwoPatterns) {
  // The second pattern's ways run within each of the first's.
  const std::string r = rule(
      "all { pattern `f(..., $A, ...)`  pattern `f(..., $B, ...)`  where $A matches \"^x\"  where $B matches \"^y\" }",
      "{$A} {$B}");
  EXPECT_EQ(run(r, "f(y1, x1, y2)\n"), (Lines{"1:1:x1 y1"}));
  const std::string nested = rule(
      "all { all { pattern `f(..., $A, ...)`  where $A matches \"^x\" }  where $A matches \"2$\" }", "{$A}");
  EXPECT_EQ(run(nested, "f(x1, y2, x2)\n"), (Lines{"1:1:x2"}));
}

// A call with `n` arguments a0..a(n-1).
std::string long_call(int n) {
  std::string code = "f(";
  for (int i = 0; i < n; ++i) code += (i ? ", a" : "a") + std::to_string(i);
  return code + ")\n";
}

TEST(Backtracking, WorkIsBounded) {
  // C(200, 3) = 1.3 million ways, none of which the where accepts: the evaluation gives up
  // after its step limit.
  const std::string r = rule("all { pattern `f(..., $A, ..., $B, ..., $C, ...)`  where $C matches \"^never$\" }");
  const std::uint64_t before = detail::evaluation_steps_on_this_thread();
  EXPECT_EQ(run(r, long_call(200)), Lines{});
  const std::uint64_t steps = detail::evaluation_steps_on_this_thread() - before;
  EXPECT_GE(steps, detail::kMaxEvaluationSteps);  // it was the limit that stopped it
  EXPECT_LE(steps, std::uint64_t{detail::kMaxEvaluationSteps} + 1);
  // A way within reach is found.
  const std::string reachable = rule("all { pattern `f(..., $A, ..., $B, ..., $C, ...)`  where $C matches \"^a5$\" }", "{$A} {$B} {$C}");
  EXPECT_EQ(run(reachable, long_call(200)), (Lines{"1:1:a0 a1 a5"}));
}

}  // namespace

namespace detail {
namespace {

struct Target {
  explicit Target(std::string text)
      : source(std::move(text)), tree(parser().parse(source)),
        model(ModuleModel::build(ts_tree_root_node(tree.get()), source, ModuleInfo{"pkg.mod", false})) {}
  static PythonParser& parser() {
    thread_local PythonParser p;
    return p;
  }
  MatchContext context() const { return MatchContext{source, model}; }

  std::string source;
  Tree tree;
  ModuleModel model;
};

TSNode first_call(TSNode node) {
  TSNode found{};
  for_each_node(node, [&](TSNode n) {
    if (kind_of(n) != Kind::call) return Walk::descend;
    found = n;
    return Walk::stop;
  });
  return found;
}

TEST(Backtracking, PatternOffersEveryWayInOrder) {
  PatternError error;
  const auto pattern = Pattern::compile("f(..., [..., $X, ...], ..., $Y)", error);
  ASSERT_TRUE(pattern) << error.message;
  const Target target("f([a, b], [c], d)\n");
  const TSNode call = first_call(ts_tree_root_node(target.tree.get()));
  ASSERT_FALSE(ts_node_is_null(call));
  std::vector<std::string> seen;
  Bindings bindings;
  const bool accepted = pattern->match(call, target.context(), bindings, [&] {
    seen.push_back(std::string(binding_text(*find_binding(bindings, "$X"), target.source)) + " " +
                   std::string(binding_text(*find_binding(bindings, "$Y"), target.source)));
    return false;
  });
  EXPECT_FALSE(accepted);
  EXPECT_TRUE(bindings.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"a d", "b d", "c d"}));
  // Accepting stops the search and keeps the bindings it saw.
  int calls = 0;
  EXPECT_TRUE(pattern->match(call, target.context(), bindings, [&] { return ++calls == 2; }));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(binding_text(*find_binding(bindings, "$X"), target.source), "b");
  // The plain match is the first way.
  Bindings first;
  EXPECT_TRUE(pattern->match(call, target.context(), first));
  EXPECT_EQ(binding_text(*find_binding(first, "$X"), target.source), "a");
}

TEST(Backtracking, PatternRetriesANestedWayForALaterItem) {
  // The list binds $X first to a, which the second argument does not repeat: the list's
  // next way (b) makes the whole pattern match.
  PatternError error;
  const auto pattern = Pattern::compile("f([..., $X, ...], $X)", error);
  ASSERT_TRUE(pattern) << error.message;
  const Target target("f([a, b], b)\n");
  Bindings bindings;
  EXPECT_TRUE(pattern->match(first_call(ts_tree_root_node(target.tree.get())), target.context(), bindings));
  ASSERT_EQ(bindings.size(), 1U);
  EXPECT_EQ(binding_text(bindings[0], target.source), "b");
}

}  // namespace
}  // namespace detail
}  // namespace warden
