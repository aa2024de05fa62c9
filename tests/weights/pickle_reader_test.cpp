// The pickle reader (engine/src/weights): every callable a load imports or calls, with its
// offset and constant arguments, in each protocol; memo tricks; several pickles; pickles in
// byte strings; truncated and garbage data. The
// byte strings of CPython's pickle.dumps were made once with Python 3.11 (an object whose
// __reduce__ returns (os.system, ('echo hi',))); the others are written opcode by opcode.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pickle_reader.hpp"

namespace warden::detail {
namespace {

using namespace std::string_view_literals;

// "import:module.name@offset/OPCODE" or "call:..." for each callable, in order.
std::vector<std::string> uses(const PickleScan& scan) {
  std::vector<std::string> out;
  for (const auto& c : scan.callables) {
    out.push_back(std::string(c.use == PickleCallable::Use::call ? "call:" : "import:") + c.qualified() + "@" +
                  std::to_string(c.offset) + "/" + std::string(c.opcode));
  }
  return out;
}

TEST(PickleReader, Protocol0GlobalAndReduce) {
  const auto data = "cposix\nsystem\np0\n(Vecho hi\np1\ntp2\nRp3\n."sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  EXPECT_EQ(scan.pickles, 1u);
  EXPECT_EQ(scan.protocol, 0);
  EXPECT_EQ(scan.end, data.size());
  EXPECT_EQ(uses(scan), (std::vector<std::string>{"import:posix.system@0/GLOBAL", "call:posix.system@34/REDUCE"}));
}

TEST(PickleReader, Protocol4StackGlobalThroughMemoize) {
  // [R(), R()]: the second element gets posix.system back from the memo (BINGET 3).
  const auto data =
      "\x80\x04\x95\x2c\x00\x00\x00\x00\x00\x00\x00\x5d\x94\x28\x8c\x05posix\x94\x8c\x06system\x94\x93\x94"
      "\x8c\x07" "echo hi\x94\x85\x94\x52\x94\x68\x03\x68\x05\x52\x94\x65\x2e"sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  EXPECT_EQ(scan.protocol, 4);
  EXPECT_EQ(uses(scan), (std::vector<std::string>{"import:posix.system@31/STACK_GLOBAL", "call:posix.system@45/REDUCE",
                                                  "call:posix.system@51/REDUCE"}));
}

TEST(PickleReader, StackGlobalFedByProtocol0Strings) {
  // STRING and SHORT_BINSTRING decode to str in Python 3, so STACK_GLOBAL takes them.
  const auto data = "\x80\x04S'os'\nU\x06system\x93(S'id'\ntR."sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  ASSERT_EQ(scan.callables.size(), 2u);
  EXPECT_EQ(scan.callables[0].qualified(), "os.system");
  EXPECT_EQ(scan.callables[1].use, PickleCallable::Use::call);
}

TEST(PickleReader, MemoPutThenGetByEveryForm) {
  // The module name stored with PUT, LONG_BINPUT and read back with GET, LONG_BINGET.
  const auto data = "\x80\x04\x8c\x02os\x94p7\nr\x09\x00\x00\x00\x30g7\n\x8c\x05popen\x93)Rj\x09\x00\x00\x00\x8c\x04nice\x93)R."sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  std::vector<std::string> names;
  for (const auto& c : scan.callables) names.push_back(c.qualified());
  EXPECT_EQ(names, (std::vector<std::string>{"os.popen", "os.popen", "os.nice", "os.nice"}));
}

TEST(PickleReader, InstObjNewobjAndBuildAreCalls) {
  const auto inst = "(S'ls'\nisubprocess\ncheck_output\n."sv;
  EXPECT_EQ(uses(scan_pickle(inst)),
            (std::vector<std::string>{"import:subprocess.check_output@7/INST", "call:subprocess.check_output@7/INST"}));
  const auto obj = "(cbuiltins\nexec\nS'x'\no."sv;
  EXPECT_EQ(uses(scan_pickle(obj)), (std::vector<std::string>{"import:builtins.exec@1/GLOBAL", "call:builtins.exec@21/OBJ"}));
  const auto newobj = "\x80\x02\x63\x61\x70\x70\nThing\n)\x81}b."sv;
  EXPECT_EQ(uses(scan_pickle(newobj)), (std::vector<std::string>{"import:app.Thing@2/GLOBAL", "call:app.Thing@14/NEWOBJ",
                                                                 "call:app.Thing@16/BUILD"}));
}

TEST(PickleReader, ItemsGoIntoTheContainerBelowThem) {
  // SETITEM leaves the object NEWOBJ made, so the BUILD after it is still a call on app.Thing.
  const auto data = "\x80\x02\x63\x61\x70\x70\nThing\n)\x81K\x01K\x02s}b."sv;
  EXPECT_EQ(uses(scan_pickle(data)), (std::vector<std::string>{"import:app.Thing@2/GLOBAL", "call:app.Thing@14/NEWOBJ",
                                                               "call:app.Thing@21/BUILD"}));
}

TEST(PickleReader, MalformedStringEscapesAreKeptAsWritten) {
  const PickleScan scan = scan_pickle("S'\\xZZ\\x4'\n."sv);
  ASSERT_FALSE(scan.error) << scan.error->message;
  EXPECT_EQ(scan.pickles, 1u);
}

TEST(PickleReader, Python2NamesAreMappedAsPython3Loads) {
  const auto data = "\x80\x02\x63__builtin__\neval\nccommands\ngetoutput\n0."sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_EQ(scan.callables.size(), 2u);
  EXPECT_EQ(scan.callables[0].qualified(), "builtins.eval");
  EXPECT_EQ(scan.callables[1].qualified(), "subprocess.getoutput");
}

TEST(PickleReader, ExtensionCodesAreReported) {
  const PickleScan scan = scan_pickle("\x80\x02\x82\x07)R."sv);
  ASSERT_FALSE(scan.error) << scan.error->message;
  ASSERT_EQ(scan.callables.size(), 2u);
  EXPECT_EQ(scan.callables[0].extension, 7u);
  EXPECT_EQ(scan.callables[0].opcode, "EXT1");
  EXPECT_EQ(scan.callables[1].use, PickleCallable::Use::call);
}

TEST(PickleReader, SeveralPicklesThenRawData) {
  // Two pickles, as PyTorch's legacy format stacks them, then bytes that are not a pickle.
  const auto data = "\x80\x02K\x01.\x80\x02\x63os\nsystem\n.\x00\x01\x02raw"sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  EXPECT_EQ(scan.pickles, 2u);
  EXPECT_EQ(scan.end, 19u);
  ASSERT_EQ(scan.callables.size(), 1u);
  EXPECT_EQ(scan.callables[0].pickle, 1u);
}

TEST(PickleReader, AProtocol0PickleAfterAnotherIsReadWhenItNamesACallable) {
  // A harmless first pickle, then a malicious one with no PROTO to announce it.
  const auto stacked = "I1\n.cos\nsystem\n(S'echo hi'\ntR."sv;
  const PickleScan scan = scan_pickle(stacked);
  ASSERT_FALSE(scan.error) << scan.error->message;
  EXPECT_EQ(scan.pickles, 2u);
  EXPECT_EQ(uses(scan), (std::vector<std::string>{"import:os.system@4/GLOBAL", "call:os.system@28/REDUCE"}));
  EXPECT_EQ(scan.callables[1].pickle, 1u);
  // After a protocol 2 pickle too; and a second one cut after its call is kept with its error.
  const PickleScan after_binary = scan_pickle("\x80\x02K\x01.cos\nsystem\n(S'echo hi'\ntR"sv);
  EXPECT_EQ(uses(after_binary), (std::vector<std::string>{"import:os.system@5/GLOBAL", "call:os.system@29/REDUCE"}));
  ASSERT_TRUE(after_binary.error);
  EXPECT_TRUE(after_binary.error->truncated);
  // What names nothing, or names no Python identifiers, is the data after the pickles:
  // read as far as it goes, then left alone (no error, `end` at the last real STOP).
  for (const auto tail : {"N."sv, "S'just text'\n."sv, "I12\nI13\n\x00\x01"sv, "c\x01\x02\n\x03\n(tR."sv, "Lorem ipsum"sv}) {
    const std::string data = "\x80\x02K\x01." + std::string(tail);
    const PickleScan rest = scan_pickle(data);
    EXPECT_FALSE(rest.error) << tail;
    EXPECT_EQ(rest.pickles, 1u) << tail;
    EXPECT_EQ(rest.end, 5u) << tail;
    EXPECT_TRUE(rest.callables.empty()) << tail;
  }
}

TEST(PickleReader, TruncatedAndGarbageDataGiveAnErrorWithTheOffset) {
  const PickleScan truncated = scan_pickle("\x80\x04\x8c\x05pos"sv);
  ASSERT_TRUE(truncated.error);
  EXPECT_EQ(truncated.error->offset, 2u);
  EXPECT_NE(truncated.error->message.find("SHORT_BINUNICODE"), std::string::npos);

  const PickleScan no_stop = scan_pickle("\x80\x04\x63os\nsystem\n"sv);
  ASSERT_TRUE(no_stop.error);
  EXPECT_EQ(no_stop.error->offset, 13u);
  EXPECT_EQ(no_stop.callables.size(), 1u);  // what came before the error is kept

  const PickleScan garbage = scan_pickle("\x80\x02\xff\xfe"sv);
  ASSERT_TRUE(garbage.error);
  EXPECT_EQ(garbage.error->offset, 2u);
  EXPECT_NE(garbage.error->message.find("0xff"), std::string::npos);

  const PickleScan missing_memo = scan_pickle("\x80\x02h\x05."sv);
  ASSERT_TRUE(missing_memo.error);
  EXPECT_NE(missing_memo.error->message.find("memo key 5"), std::string::npos);

  const PickleScan huge_length = scan_pickle("\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\x7f"sv);
  ASSERT_TRUE(huge_length.error);
  EXPECT_EQ(huge_length.error->offset, 2u);

  const PickleScan underflow = scan_pickle("R."sv);
  ASSERT_TRUE(underflow.error);
  EXPECT_EQ(underflow.error->offset, 0u);
}

TEST(PickleReader, EveryPrefixOfAPickleEndsCleanly) {
  // No crash and an error at or before the cut, for every truncation.
  const std::string data =
      "\x80\x04\x95\x2c\x00\x00\x00\x00\x00\x00\x00\x5d\x94\x28\x8c\x05posix\x94\x8c\x06system\x94\x93\x94"
      "\x8c\x07" "echo hi\x94\x85\x94\x52\x94\x68\x03\x68\x05\x52\x94\x65\x2e";
  for (std::size_t n = 0; n < data.size(); ++n) {
    const PickleScan scan = scan_pickle(std::string_view(data).substr(0, n));
    ASSERT_TRUE(scan.error) << n;
    EXPECT_LE(scan.error->offset, n);
  }
}

// The arguments of each call, in order, joined with " | " (calls only).
std::vector<std::string> call_arguments(const PickleScan& scan) {
  std::vector<std::string> out;
  for (const auto& c : scan.callables) {
    if (c.use != PickleCallable::Use::call) continue;
    std::string joined;
    for (std::size_t i = 0; i < c.arguments.size(); ++i) joined += (i ? " | " : "") + c.arguments[i];
    out.push_back(c.qualified() + "(" + joined + ")");
  }
  return out;
}

TEST(PickleReader, ConstantArgumentsAreWrittenAsPythonReprs) {
  // f('echo hi', 3, -1, 65535, None, True, False, b'\x00', 1.5, ("it's", [1, 2]), {'k': 'v'}, 2**40)
  const auto data =
      "\x80\x02\x63m\nf\n(X\x07\x00\x00\x00" "echo hiK\x03J\xff\xff\xff\xffM\xff\xffN\x88\x89" "C\x01\x00"
      "G\x3f\xf8\x00\x00\x00\x00\x00\x00X\x04\x00\x00\x00it's]q\x00(K\x01K\x02" "e\x86}X\x01\x00\x00\x00kX\x01\x00\x00\x00vs"
      "\x8a\x06\x00\x00\x00\x00\x00\x01tR."sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message << " at " << scan.error->offset;
  ASSERT_EQ(scan.callables.size(), 2u);
  // At most kMaxArguments: the 12th (2**40) is left out.
  EXPECT_EQ(scan.callables[1].arguments,
            (std::vector<std::string>{"'echo hi'", "3", "-1", "65535", "None", "True", "False", "b'\\x00'"}));
  const auto tail = "\x80\x02\x63m\nf\n(G\x3f\xf8\x00\x00\x00\x00\x00\x00X\x04\x00\x00\x00it's]q\x00(K\x01K\x02" "e\x86}"
                    "X\x01\x00\x00\x00kX\x01\x00\x00\x00vs\x8a\x06\x00\x00\x00\x00\x00\x01\x8a\x01\xfftR."sv;
  const PickleScan rest = scan_pickle(tail);
  ASSERT_FALSE(rest.error) << rest.error->message;
  EXPECT_EQ(call_arguments(rest), (std::vector<std::string>{"m.f(1.5 | (\"it's\", [1, 2]) | {'k': 'v'} | 1099511627776 | -1)"}));
}

TEST(PickleReader, Protocol0ConstantsAndTheirChecks) {
  const auto data = "cos\nsystem\n(S'echo \\'hi\\''\nI01\nI-007\nL12L\nF2.50\nF1e16\nV\\u00e9\\u202e\ntR."sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  EXPECT_EQ(call_arguments(scan), (std::vector<std::string>{"os.system(\"echo 'hi'\" | True | -7 | 12 | 2.5 | 1e+16 | '\xc3\xa9\\u202e')"}));
  // INT, LONG and FLOAT must be numbers, as Python's int() and float() want.
  for (const auto bad : {"Inope\n."sv, "I1__0\n."sv, "Lx\n."sv, "F1.2.3\n."sv}) {
    const PickleScan s = scan_pickle(bad);
    ASSERT_TRUE(s.error) << bad;
    EXPECT_FALSE(s.error->truncated) << bad;
  }
}

TEST(PickleReader, ArgumentsThatAreNotConstantsAreNotGuessed) {
  // os.system(getattr(x, 'y')): the argument is what another call made.
  const auto data = "\x80\x02\x63os\nsystem\n\x63" "builtins\ngetattr\nN\x85R\x85R."sv;
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  EXPECT_EQ(call_arguments(scan), (std::vector<std::string>{"builtins.getattr(None)", "os.system()"}));
}

TEST(PickleReader, ObjInstNewobjExAndBuildArguments) {
  const auto obj = "(cos\nsystem\nS'id'\no."sv;
  EXPECT_EQ(call_arguments(scan_pickle(obj)), (std::vector<std::string>{"os.system('id')"}));
  const auto inst = "(S'id'\nios\nsystem\n."sv;
  EXPECT_EQ(call_arguments(scan_pickle(inst)), (std::vector<std::string>{"os.system('id')"}));
  const auto newobj_ex = "\x80\x04\x63m\nC\n)}\x8c\x03" "cmd\x8c\x02id\x73\x92}\x8c\x01" "aK\x01sb."sv;
  EXPECT_EQ(call_arguments(scan_pickle(newobj_ex)), (std::vector<std::string>{"m.C(cmd='id')", "m.C({'a': 1})"}));
}

TEST(PickleReader, AListAppendedAfterItsPutShowsThroughTheMemo) {
  // l = []; memo[0] = l; l.append('x'); f(memo[0])
  const auto data = "\x80\x02\x63m\nf\n]q\x00X\x01\x00\x00\x00xa0h\x00\x85R."sv;
  EXPECT_EQ(call_arguments(scan_pickle(data)), (std::vector<std::string>{"m.f(['x'])"}));
}

TEST(PickleReader, LongArgumentsAreCutAndContainersCapped) {
  std::string data = "\x80\x02\x63os\nsystem\nX";
  const std::string payload(1000, 'a');
  const auto n = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) data.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  data += payload + "\x85R.";
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  ASSERT_EQ(scan.callables.size(), 2u);
  ASSERT_EQ(scan.callables[1].arguments.size(), 1u);
  EXPECT_EQ(scan.callables[1].arguments[0].size(), kMaxArgumentChars);
  EXPECT_TRUE(scan.callables[1].arguments[0].ends_with("..."));

  // 100,000 nested one-tuples: no recursion, no constant past the nesting cap.
  std::string deep = "\x80\x02\x63m\nf\nN";
  for (int i = 0; i < 100'000; ++i) deep += "\x85";
  deep += "\x85R.";
  const PickleScan deep_scan = scan_pickle(deep);
  ASSERT_FALSE(deep_scan.error) << deep_scan.error->message;
  EXPECT_TRUE(deep_scan.callables[1].arguments.empty());
}

TEST(PickleReader, APickleInsideBytesIsReadToo) {
  // pickle.loads(b'<os.system("id")>'): the inner pickle's callables, at the bytes' offset.
  const std::string inner("\x80\x02\x63os\nsystem\nX\x02\x00\x00\x00id\x85R."sv);
  std::string data = "\x80\x04\x63pickle\nloads\nC";
  data.push_back(static_cast<char>(inner.size()));
  data += inner + "\x85R.";
  const PickleScan scan = scan_pickle(data);
  ASSERT_FALSE(scan.error) << scan.error->message;
  ASSERT_EQ(scan.nested.size(), 1u);
  EXPECT_EQ(scan.nested[0].offset, 18u);
  EXPECT_EQ(uses(scan.nested[0].scan), (std::vector<std::string>{"import:os.system@2/GLOBAL", "call:os.system@21/REDUCE"}));
  EXPECT_EQ(call_arguments(scan.nested[0].scan), (std::vector<std::string>{"os.system('id')"}));

  // Protocol 0 text in a STRING, kept only because it reads cleanly to its STOP.
  const PickleScan text = scan_pickle("S'cos\\nsystem\\n(S\\'id\\'\\ntR.'\n."sv);
  ASSERT_FALSE(text.error) << text.error->message;
  ASSERT_EQ(text.nested.size(), 1u);
  EXPECT_EQ(call_arguments(text.nested[0].scan), (std::vector<std::string>{"os.system('id')"}));
  const PickleScan prose = scan_pickle("\x80\x03X\x00\x00\x00\x00.C\x0c(see below)..");  // bytes ending in '.'
  EXPECT_TRUE(prose.nested.empty());

  // Nested beyond max_depth: an error in the nested scan, not a silent pass.
  PickleLimits shallow;
  shallow.max_depth = 0;
  const PickleScan capped = scan_pickle(data, shallow);
  ASSERT_EQ(capped.nested.size(), 1u);
  ASSERT_TRUE(capped.nested[0].scan.error);
  EXPECT_NE(capped.nested[0].scan.error->message.find("max_depth"), std::string::npos);
}

TEST(PickleReader, TruncationIsToldApartFromMalformedData) {
  const PickleScan cut = scan_pickle("\x80\x02\x63os\nsys"sv);
  ASSERT_TRUE(cut.error);
  EXPECT_TRUE(cut.error->truncated);
  const PickleScan bad = scan_pickle("\x80\x02\xff"sv);
  ASSERT_TRUE(bad.error);
  EXPECT_FALSE(bad.error->truncated);
}

TEST(PickleReader, LooksLikePickle) {
  EXPECT_TRUE(looks_like_pickle("\x80\x04K\x01."sv));
  EXPECT_TRUE(looks_like_pickle("cos\nsystem\n."sv));
  EXPECT_FALSE(looks_like_pickle("\x80\x09K\x01."sv));
  EXPECT_FALSE(looks_like_pickle("hello."sv));
  EXPECT_FALSE(looks_like_pickle("\x80\x04K\x01"sv));
}

}  // namespace
}  // namespace warden::detail
