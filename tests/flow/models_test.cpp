// Flow models in rule files (`models NAME { CALLEE: FLOWS }`): the grammar and parser
// (dsl/rule_parser.cpp), lowering's checks and {a,b} expansion (dsl/lower.cpp), replacement
// across files, and what RuleSet loading does with them (rule_loading/rule_loading.cpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiled_rules.hpp"
#include "lower.hpp"
#include "rule_ast.hpp"
#include "rule_error_lines.hpp"
#include "warden/rules.hpp"

namespace {

using warden::RuleFileError;
using warden::RuleSet;
using warden::detail::FlowModel;
using warden::dsl::compile_rule_files;
using warden::dsl::FlowEnd;
using warden::dsl::parse_rule_file;
using warden::dsl::RuleFile;
using End = FlowModel::End;

std::string messages(const std::vector<RuleFileError>& errors) { return warden::testing::error_lines(errors); }

// Parse and lower one file; its models and its errors as "line:col: message" lines.
struct Compiled {
  std::vector<FlowModel> models;
  std::string errors;
};
Compiled compile(const std::string& text) {
  std::vector<RuleFileError> errors;
  auto out = compile_rule_files({{"m.rule", text}}, errors);
  return {std::move(out.models), messages(errors)};
}

const FlowModel* find(const std::vector<FlowModel>& models, const std::string& callee) {
  for (const auto& m : models) {
    if (m.callee == callee) return &m;
  }
  return nullptr;
}

// A flow as text, to compare whole entries at once: "arg0>result", "kw:cls>result".
std::string show(const FlowModel& m) {
  const auto end = [](End e, std::uint32_t index, const std::string& keyword) -> std::string {
    switch (e) {
      case End::receiver: return "receiver";
      case End::argument: return "arg" + std::to_string(index);
      case End::any_argument: return "args";
      case End::keyword: return "kw:" + keyword;
      case End::result: return "result";
    }
    return "?";
  };
  std::string out;
  for (const auto& f : m.flows) {
    if (!out.empty()) out += ' ';
    out += end(f.from, f.from_index, f.from_keyword) + ">" + end(f.to, f.to_index, "");
  }
  return out.empty() ? "none" : out;
}

// The model of `callee` as show() prints it, or "missing".
std::string shown(const std::vector<FlowModel>& models, const std::string& callee) {
  const FlowModel* m = find(models, callee);
  return m == nullptr ? std::string("missing") : show(*m);
}

const std::string example = R"RULE(# Library calls.
models example {
  base64.{b64decode, b64encode}: arg 0 -> result
  os.path.join: args -> result   # every part
  len: none
  shutil.copyfileobj: arg 0 -> arg 1
  .append: args -> receiver
  .format: receiver, args -> result
  json.loads: arg 0 -> result,
              kwarg cls -> result
}
)RULE";

TEST(FlowModels, ParseBuildsEntriesWithPositions) {
  std::vector<RuleFileError> errors;
  const RuleFile file = parse_rule_file("m.rule", example, errors);
  ASSERT_TRUE(errors.empty()) << messages(errors);
  EXPECT_TRUE(file.rules.empty());
  ASSERT_EQ(file.models.size(), 1u);
  const auto& block = file.models[0];
  EXPECT_EQ(block.name, "example");
  EXPECT_EQ(block.pos, (warden::Position{2, 1}));
  ASSERT_EQ(block.entries.size(), 7u);

  const auto& b64 = block.entries[0];
  EXPECT_EQ(b64.pos, (warden::Position{3, 3}));
  EXPECT_EQ(b64.callees, (std::vector<std::string>{"base64.b64decode", "base64.b64encode"}));
  ASSERT_EQ(b64.flows.size(), 1u);
  ASSERT_EQ(b64.flows[0].sources.size(), 1u);
  EXPECT_EQ(b64.flows[0].sources[0].kind, FlowEnd::Kind::argument);
  EXPECT_EQ(b64.flows[0].sources[0].index, 0u);
  EXPECT_EQ(b64.flows[0].sources[0].pos, (warden::Position{3, 34}));
  EXPECT_EQ(b64.flows[0].target.kind, FlowEnd::Kind::result);
  EXPECT_EQ(b64.flows[0].target.pos, (warden::Position{3, 43}));

  EXPECT_TRUE(block.entries[2].flows.empty());  // none
  EXPECT_EQ(block.entries[3].flows[0].target.kind, FlowEnd::Kind::argument);
  EXPECT_EQ(block.entries[3].flows[0].target.index, 1u);
  EXPECT_EQ(block.entries[4].callees, (std::vector<std::string>{".append"}));
  EXPECT_EQ(block.entries[5].flows[0].sources.size(), 2u);  // receiver, args
  // Two flows, the second on a continuation line after ','.
  const auto& loads = block.entries[6];
  ASSERT_EQ(loads.flows.size(), 2u);
  EXPECT_EQ(loads.flows[1].sources[0].kind, FlowEnd::Kind::keyword);
  EXPECT_EQ(loads.flows[1].sources[0].keyword, "cls");
  EXPECT_EQ(loads.flows[1].sources[0].pos, (warden::Position{10, 15}));
}

TEST(FlowModels, LoweringExpandsAndQualifies) {
  const Compiled c = compile(example);
  ASSERT_EQ(c.errors, "");
  ASSERT_EQ(c.models.size(), 8u);  // {b64decode, b64encode} is two
  EXPECT_EQ(shown(c.models, "base64.b64decode"), "arg0>result");
  EXPECT_EQ(shown(c.models, "base64.b64encode"), "arg0>result");
  EXPECT_EQ(shown(c.models, "os.path.join"), "args>result");
  // A bare builtin name is the builtin, as in `call len`.
  ASSERT_NE(find(c.models, "builtins.len"), nullptr);
  EXPECT_EQ(find(c.models, "len"), nullptr);
  EXPECT_EQ(shown(c.models, "builtins.len"), "none");
  EXPECT_EQ(shown(c.models, "shutil.copyfileobj"), "arg0>arg1");
  EXPECT_EQ(shown(c.models, ".append"), "args>receiver");
  // Each source of `a, b -> t` is a flow of its own.
  EXPECT_EQ(shown(c.models, ".format"), "receiver>result args>result");
  EXPECT_EQ(shown(c.models, "json.loads"), "arg0>result kw:cls>result");
  const FlowModel* loads = find(c.models, "json.loads");
  ASSERT_NE(loads, nullptr);
  EXPECT_EQ(loads->file, "m.rule");
  EXPECT_EQ(loads->line, 9u);
}

TEST(FlowModels, ModelsAndRulesShareAFile) {
  const Compiled c = compile(
      "models a { x.y: none }\n"
      "rule r { title: \"T\" message: \"M\" severity: low confidence: low match: call x.y }\n"
      "models b {\n  .m: receiver -> result\n}\n");
  EXPECT_EQ(c.errors, "");
  EXPECT_EQ(c.models.size(), 2u);
  std::vector<RuleFileError> errors;
  const auto out = compile_rule_files({{"m.rule", "models a {}\nrule r { title: \"T\" message: \"M\" severity: low "
                                                  "confidence: low match: call x.y }\n"}},
                                      errors);
  EXPECT_TRUE(errors.empty()) << messages(errors);
  EXPECT_EQ(out.rules.size(), 1u);
  EXPECT_TRUE(out.models.empty());
}

// Each bad entry: its error, positioned at the offending token.
TEST(FlowModels, Errors) {
  const auto error = [](const std::string& entry) { return compile("models m {\n  " + entry + "\n}\n").errors; };
  EXPECT_EQ(error("a.b: result -> arg 0"),
            "2:8: 'result' can only be a target of flow; a source is receiver, arg N, args or kwarg NAME\n");
  EXPECT_EQ(error("a.b: arg 0 -> args"),
            "2:17: 'args' can only be a source of flow; a target is receiver, arg N or result\n");
  EXPECT_EQ(error("a.b: arg 0 -> kwarg x"),
            "2:17: 'kwarg' can only be a source of flow; a target is receiver, arg N or result\n");
  EXPECT_EQ(error("a.b: receiver -> receiver"), "2:8: a flow from an end to itself says nothing\n");
  EXPECT_EQ(error("a.b: arg 1 -> arg 1"), "2:8: a flow from an end to itself says nothing\n");
  EXPECT_EQ(error("a.b: arg 1 -> arg 0"), "");
  EXPECT_EQ(error("a.*: none"), "2:3: 'a.*': a model names exact callees, without '*'\n");
  EXPECT_EQ(error(".a.b: none"), "2:3: '.a.b': a method model is one name after '.', like .decode\n");
  EXPECT_EQ(error("a.b: none, arg 0 -> result"),
            "2:12: expected the end of the line after 'none': it cannot be combined with flows\n");
  EXPECT_EQ(error("a.b: arg 0 -> result arg 1 -> result"),
            "2:24: expected ',' before another flow, or the end of the line\n");
  EXPECT_EQ(error("a.b: arg -> result"), "2:12: expected an argument position after 'arg', like arg 0\n");
  EXPECT_EQ(error("a.b: arg 99999999999 -> result"), "2:12: argument position out of range\n");
  EXPECT_EQ(error("a.b: kwarg -> result"),
            "2:14: expected a keyword argument name after 'kwarg', like kwarg cls\n");
  EXPECT_EQ(error("a.b: arg 0 result"), "2:14: expected '->' or ',' after a source\n");
  EXPECT_EQ(error("a.b: arg 0 ->"), "2:16: expected receiver, arg N, args, kwarg NAME or result\n");
  // A line may break after ',': the missing flow is found at the '}'.
  EXPECT_EQ(error("a.b: arg 0 -> result,"), "3:1: expected a flow like `arg 0 -> result` after ','\n");
  EXPECT_EQ(error("a.b: everything"), "2:8: expected 'none' or a flow like `arg 0 -> result`\n");
  EXPECT_EQ(error("a.b arg 0 -> result"), "2:7: expected ':' after the callee\n");
  EXPECT_EQ(error("-> result"),
            "2:3: expected a callee (a qualified name like base64.b64decode, or .method) or '}' to close models 'm'\n");
  EXPECT_EQ(error("a.{b, c: none"), "2:10: expected ',' or '}' to close the alternatives\n");
  // Within one file a callee has one entry, whichever block and however it is spelled.
  EXPECT_EQ(error("a.{b, c}: none\n  a.c: args -> result"), "3:3: duplicate model for 'a.c' (first declared at 2:3)\n");
  EXPECT_EQ(compile("models m { len: none }\nmodels n { builtins.len: none }\n").errors,
            "2:12: duplicate model for 'builtins.len' (first declared at 1:12)\n");

  EXPECT_EQ(compile("models { a: none }\n").errors, "1:8: expected a name after 'models'\n");
  EXPECT_EQ(compile("models Std { a: none }\n").errors,
            "1:8: invalid models name 'Std': use lowercase letters, digits, '-', '_' and '.', starting with a letter\n");
  EXPECT_EQ(compile("models std a: none\n").errors, "1:12: expected '{' after models name 'std'\n");
  EXPECT_EQ(compile("models std {\n  a: none\n").errors, "2:10: expected '}' to close models 'std' opened at 1:1\n");
  EXPECT_EQ(compile("modelz std {}\n").errors, "1:1: expected 'rule', 'models', 'verdicts', 'sources', 'sinks' or 'sanitizers'\n");
}

// An error costs its own line only: the other entries, and the items after the block, are read.
TEST(FlowModels, RecoveryAtTheNextLine) {
  const Compiled c = compile(
      "models m {\n"
      "  a.b: arg 0 ->\n"
      "  a.c: arg 0 -> result\n"
      "  a.d: result -> receiver\n"
      "  a.e: none\n"
      "rule r { title: \"T\" message: \"M\" severity: low confidence: low match: call x }\n"
      "models n {\n"
      "  ! junk\n"
      "  a.f: none\n"
      "}\n");
  EXPECT_EQ(c.errors,
            "2:16: expected receiver, arg N, args, kwarg NAME or result\n"
            "4:8: 'result' can only be a target of flow; a source is receiver, arg N, args or kwarg NAME\n"
            "6:1: expected '}' to close models 'm' opened at 1:1\n"
            "8:3: expected a callee (a qualified name like base64.b64decode, or .method) or '}' to close models 'n'\n");
  EXPECT_NE(find(c.models, "a.c"), nullptr);
  EXPECT_NE(find(c.models, "a.e"), nullptr);
  EXPECT_NE(find(c.models, "a.f"), nullptr);
  EXPECT_EQ(find(c.models, "a.b"), nullptr);
  EXPECT_EQ(find(c.models, "a.d"), nullptr);
}

TEST(FlowModels, TruncatedInputReportsErrors) {
  for (const std::string text :
       {"models", "models ", "models x", "models x {", "models x { a", "models x { a:", "models x { a: arg",
        "models x { a: arg 0", "models x { a: arg 0 ->", "models x { a: arg 0 -> result,", "models x { .",
        "models x { a.{b,", "models x { a: kwarg", "models x { a: receiver,", "models x { a: none"}) {
    const Compiled c = compile(text);
    EXPECT_NE(c.errors, "") << text;
  }
}

TEST(FlowModels, LaterFileReplacesEarlier) {
  std::vector<RuleFileError> errors;
  const auto out = compile_rule_files({{"first.rule", "models a {\n  x.f: none\n  x.g: none\n}\n"},
                                       {"second.rule", "models b {\n\n  x.f: arg 0 -> result\n}\n"}},
                                      errors);
  ASSERT_TRUE(errors.empty()) << messages(errors);
  ASSERT_EQ(out.models.size(), 2u);  // replaced, not added
  const FlowModel* f = find(out.models, "x.f");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(show(*f), "arg0>result");
  EXPECT_EQ(f->file, "second.rule");
  EXPECT_EQ(f->line, 3u);
  const FlowModel* g = find(out.models, "x.g");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->file, "first.rule");
}

TEST(FlowModels, MergeReplacesInPlaceAndAppendsNew) {
  std::vector<FlowModel> models{{"a", {}, "1.rule", 1}, {"b", {}, "1.rule", 2}};
  warden::dsl::merge_models(models, {{"b", {{End::receiver, 0, "", End::result, 0}}, "2.rule", 5},
                                     {"c", {}, "2.rule", 6}});
  ASSERT_EQ(models.size(), 3u);
  EXPECT_EQ(models[0].callee, "a");
  EXPECT_EQ(models[1].callee, "b");
  EXPECT_EQ(models[1].file, "2.rule");
  EXPECT_EQ(show(models[1]), "receiver>result");
  EXPECT_EQ(models[2].callee, "c");
  // Merging again finds the appended entry too.
  warden::dsl::merge_models(models, {{"c", {}, "3.rule", 7}});
  EXPECT_EQ(models.size(), 3u);
  EXPECT_EQ(models[2].file, "3.rule");
}

// The default table, rulesets/models/python-stdlib.rule, as embedded in the library.
TEST(FlowModels, BuiltinTable) {
  const auto& compiled = RuleSet::builtin().compiled();
  const auto model = [&](std::string_view callee) {
    const FlowModel* m = compiled.model_for(callee);
    EXPECT_NE(m, nullptr) << callee;
    return m == nullptr ? std::string("missing") : show(*m);
  };
  EXPECT_EQ(model("base64.b64decode"), "arg0>result kw:s>result");
  EXPECT_EQ(model("builtins.bytes.fromhex"), "arg0>result");
  EXPECT_EQ(model("lzma.decompress"), "arg0>result kw:data>result");
  EXPECT_EQ(model("os.path.join"), "args>result");
  EXPECT_EQ(model("builtins.len"), "none");
  EXPECT_EQ(model("os.path.exists"), "none");
  EXPECT_EQ(model("shutil.copyfileobj"), "arg0>arg1 kw:fsrc>arg1");
  EXPECT_EQ(model(".join"), "receiver>result arg0>result");
  EXPECT_EQ(model(".strip"), "receiver>result");
  EXPECT_EQ(model(".append"), "args>receiver");
  EXPECT_EQ(model(".setdefault"), "args>receiver receiver>result arg1>result");
  // Deliberately absent (see the file's header): the default, everything to the result, holds.
  EXPECT_EQ(compiled.model_for(".decode"), nullptr);
  EXPECT_EQ(compiled.model_for(".get"), nullptr);
  EXPECT_EQ(compiled.model_for("builtins.print"), nullptr);
  const FlowModel* join = compiled.model_for("os.path.join");
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(join->file, "rulesets/models/python-stdlib.rule");
  EXPECT_GT(join->line, 1u);
}

// Rule files loaded by the user keep the built-in models beneath their own.
TEST(FlowModels, LoadedRulesKeepBuiltinModelsAndReplaceThem) {
  const RuleSet rules = RuleSet::from_text("mine.rule",
                                           "models mine {\n  .append: none\n  mylib.decode: arg 0 -> result\n}\n"
                                           "rule r { title: \"T\" message: \"M\" severity: low confidence: low "
                                           "match: call x }\n");
  const auto& compiled = rules.compiled();
  ASSERT_NE(compiled.model_for("base64.b64decode"), nullptr);
  ASSERT_NE(compiled.model_for("mylib.decode"), nullptr);
  const FlowModel* append = compiled.model_for(".append");
  ASSERT_NE(append, nullptr);
  EXPECT_EQ(show(*append), "none");
  EXPECT_EQ(append->file, "mine.rule");
  // One entry per callee: the replaced one is gone, not shadowed.
  std::size_t appends = 0;
  for (const auto& m : compiled.models()) {
    if (m.callee == ".append") ++appends;
  }
  EXPECT_EQ(appends, 1u);
}

TEST(FlowModels, SelectKeepsModels) {
  const RuleSet all = RuleSet::from_text(
      "m.rule",
      "models m { x.f: none }\n"
      "rule a { title: \"T\" message: \"M\" severity: low confidence: low match: call x }\n"
      "rule b { title: \"T\" message: \"M\" severity: low confidence: low match: call y }\n");
  const RuleSet some = all.select("-*,b");
  EXPECT_EQ(some.size(), 1u);
  ASSERT_NE(some.compiled().model_for("x.f"), nullptr);
  EXPECT_EQ(some.compiled().models().size(), all.compiled().models().size());
}

TEST(FlowModels, ModelErrorsFailLoading) {
  try {
    (void)RuleSet::from_text("bad.rule", "models m {\n  a.b: result -> result\n}\n");
    FAIL() << "expected RuleError";
  } catch (const warden::RuleError& e) {
    EXPECT_EQ(messages(e.errors()),
              "2:8: 'result' can only be a target of flow; a source is receiver, arg N, args or kwarg NAME\n");
  }
}

}  // namespace
