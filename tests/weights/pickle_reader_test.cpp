// The pickle reader (engine/src/weights): every callable a load imports or calls, with its
// offset, in each protocol; memo tricks; several pickles; truncated and garbage data. The
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

}  // namespace
}  // namespace warden::detail
