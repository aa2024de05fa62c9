// Static values: what the expression passed to exec() is, computed without running anything.
// Payloads were produced once with CPython (zlib.compress, base64.b64encode, ...).
#include <gtest/gtest.h>

#include "deflate_bomb.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "evaluate.hpp"
#include "module_model.hpp"
#include "source.hpp"
#include "static_value.hpp"
#include "syntax.hpp"

namespace warden::detail {
namespace {

using warden::testing::deflate_zeros;

using namespace std::string_literals;
using Chain = std::vector<std::string>;

const std::string kPayload = "import os; os.system('id')\n";

// A parsed file with its model and context, kept alive for evaluation.
class Code {
 public:
  explicit Code(std::string text)
      : source_("t.py", std::move(text)), tree_(parser().parse(source_.text())),
        model_(ModuleModel::build(ts_tree_root_node(tree_.get()), source_.text(), {"t", false})),
        file_(source_, model_) {}
  Code(const Code&) = delete;
  Code& operator=(const Code&) = delete;

  // The first argument of the first call `exec(...)`.
  TSNode exec_argument() const {
    TSNode found{};
    for_each_node(ts_tree_root_node(tree_.get()), [&](TSNode n) {
      if (kind_of(n) != Kind::call || text_of(child(n, Field::function), source_.text()) != "exec") {
        return Walk::descend;
      }
      const TSNode args = child(n, Field::arguments);
      for (std::uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
        if (kind_of(ts_node_named_child(args, i)) == Kind::comment) continue;
        found = ts_node_named_child(args, i);
        break;
      }
      return Walk::stop;
    });
    EXPECT_FALSE(ts_node_is_null(found)) << "no exec(...) in the code";
    return found;
  }
  std::optional<StaticValue> value(const StaticLimits& limits = {}) const {
    const TSNode argument = exec_argument();
    if (ts_node_is_null(argument)) return std::nullopt;
    return static_value(argument, file_, limits);
  }

 private:
  static PythonParser& parser() {
    thread_local PythonParser p;
    return p;
  }
  SourceFile source_;
  Tree tree_;
  ModuleModel model_;
  FileContext file_;
};

std::optional<StaticValue> eval(const std::string& code, const StaticLimits& limits = {}) {
  return Code(code).value(limits);
}

// The value's bytes, or nullopt.
std::optional<std::string> bytes_of(const std::string& code, const StaticLimits& limits = {}) {
  auto v = eval(code, limits);
  if (!v) return std::nullopt;
  return v->bytes;
}

Chain chain_of(const std::string& code) {
  auto v = eval(code);
  EXPECT_TRUE(v.has_value()) << code;
  return v ? v->chain : Chain{"<none>"};
}

TEST(StaticValue, StringAndBytesLiterals) {
  auto v = eval("exec('print(1)')");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->bytes, "print(1)");
  EXPECT_FALSE(v->is_bytes);
  EXPECT_TRUE(v->chain.empty());
  v = eval("exec(b'abc')");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->is_bytes);
  EXPECT_EQ(v->bytes, "abc");

  EXPECT_EQ(bytes_of("exec('a' \"b\" '''c''' u'd')"), "abcd");  // implicit concatenation
  EXPECT_EQ(bytes_of("exec((\n  'a'  # one\n  'b'\n))"), "ab");
  EXPECT_EQ(bytes_of(R"(exec("\x41\u00e9\101\n\t\\\'"))"), "A\xc3\xa9" "A\n\t\\'");
  EXPECT_EQ(bytes_of(R"(exec(b"\x41\xff\101\u0041"))"), "A\xff" "A\\u0041");  // no \u in bytes
  EXPECT_EQ(bytes_of(R"(exec("\U0001F600"))"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(bytes_of(R"(exec(r"\x41\n"))"), "\\x41\\n");
  EXPECT_EQ(bytes_of(R"(exec(rb'\x00'))"), "\\x00");
  EXPECT_EQ(bytes_of("exec(f'a{{b}}c')"), "a{b}c");
  EXPECT_EQ(bytes_of("exec(f'a{x}c')"), std::nullopt);  // interpolates
  EXPECT_EQ(bytes_of(R"(exec("\N{BULLET}"))"), std::nullopt);  // needs the Unicode database
  EXPECT_EQ(bytes_of("exec('a' b'b')"), std::nullopt);  // str and bytes do not concatenate
  EXPECT_EQ(bytes_of("exec(('x'))"), "x");
  EXPECT_EQ(bytes_of("exec('é'[::-1])"), "é");
  EXPECT_EQ(bytes_of("exec(1)"), std::nullopt);  // not a str or bytes
}

TEST(StaticValue, OperatorsAndSlices) {
  EXPECT_EQ(bytes_of("exec('ab' + 'cd')"), "abcd");
  EXPECT_EQ(bytes_of("exec(b'ab' + b'cd')"), "abcd");
  EXPECT_EQ(bytes_of("exec('ab' * 3)"), "ababab");
  EXPECT_EQ(bytes_of("exec(2 * 'ab' + 'c' * 0)"), "abab");
  EXPECT_EQ(bytes_of("exec('ab' * -1)"), "");
  EXPECT_EQ(bytes_of("exec('a' + b'b')"), std::nullopt);
  EXPECT_EQ(bytes_of("exec('a' - 'b')"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(chr(100 + 3 * 4 - (7 // 2) ^ 1))"), "l");  // ints fold too

  EXPECT_EQ(bytes_of("exec('olleh'[::-1])"), "hello");
  EXPECT_EQ(chain_of("exec('olleh'[::-1])"), (Chain{"[::-1]"}));
  EXPECT_EQ(bytes_of("exec('abcdef'[1:4])"), "bcd");
  EXPECT_EQ(chain_of("exec('abcdef'[1:4])"), (Chain{"[1:4]"}));
  EXPECT_EQ(bytes_of("exec('abcdef'[::2])"), "ace");
  EXPECT_EQ(chain_of("exec('abcdef'[::2])"), (Chain{"[::2]"}));
  EXPECT_EQ(bytes_of("exec('abcdef'[-2:])"), "ef");
  EXPECT_EQ(bytes_of("exec('abcdef'[4:1:-1])"), "edc");
  EXPECT_EQ(bytes_of("exec('abcdef'[100:])"), "");
  EXPECT_EQ(bytes_of("exec('abcdef'[::0])"), std::nullopt);  // ValueError
  EXPECT_EQ(bytes_of("exec('héllo'[::-1])"), "olléh");  // by code point
  EXPECT_EQ(bytes_of("exec('héllo'[1:3])"), "él");
  EXPECT_EQ(bytes_of("exec('abc'[1])"), "b");
  EXPECT_EQ(bytes_of("exec('abc'[5])"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(['x', 'y'][1])"), "y");
  EXPECT_EQ(bytes_of("exec(b'abc'[::-1])"), "cba");
}

TEST(StaticValue, JoinsAndChr) {
  EXPECT_EQ(bytes_of("exec(''.join(['a', 'b']))"), "ab");
  EXPECT_EQ(bytes_of("exec('-'.join(('a', 'b', 'c')))"), "a-b-c");
  EXPECT_EQ(bytes_of("exec(b''.join([b'a', b'b']))"), "ab");
  EXPECT_EQ(bytes_of("exec(''.join(['a', b'b']))"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(','.join('abc'))"), "a,b,c");
  EXPECT_EQ(bytes_of("exec(''.join(reversed('olleh')))"), "hello");
  EXPECT_EQ(chain_of("exec(''.join(reversed('olleh')))"), (Chain{"reversed"}));
  EXPECT_EQ(bytes_of("exec(''.join(reversed(['b', 'a'])))"), "ab");
  EXPECT_EQ(bytes_of("exec(''.join(['a', 'b'][::-1]))"), "ba");
  EXPECT_EQ(chain_of("exec(''.join(['a', 'b'][::-1]))"), (Chain{"[::-1]"}));

  const std::string codes = "[112, 114, 105, 110, 116, 40, 49, 41]";
  EXPECT_EQ(bytes_of("exec(''.join(map(chr, " + codes + ")))"), "print(1)");
  EXPECT_EQ(chain_of("exec(''.join(map(chr, " + codes + ")))"), (Chain{"chr-join"}));
  EXPECT_EQ(bytes_of("exec(''.join(chr(c) for c in " + codes + "))"), "print(1)");
  EXPECT_EQ(chain_of("exec(''.join(chr(c) for c in " + codes + "))"), (Chain{"chr-join"}));
  EXPECT_EQ(bytes_of("exec(''.join([chr(c) for c in " + codes + "]))"), "print(1)");
  EXPECT_EQ(bytes_of("exec(''.join([chr(112), chr(114)]))"), "pr");
  EXPECT_EQ(bytes_of("exec(chr(112) + chr(114))"), "pr");
  EXPECT_EQ(chain_of("exec(chr(112) + chr(114))"), (Chain{"chr-join"}));
  // Decoding loops: chr(c ^ key), lambdas, ord, int(x, 16), split.
  const std::string xored = "[119, 117, 110, 105, 115, 47, 54, 46]";
  EXPECT_EQ(bytes_of("exec(''.join(chr(c ^ 7) for c in " + xored + "))"), "print(1)");
  EXPECT_EQ(bytes_of("exec(''.join(map(lambda c: chr(c ^ 7), " + xored + ")))"), "print(1)");
  EXPECT_EQ(bytes_of("exec(''.join(chr(ord(c) - 1) for c in 'qsjou)2*'))"), "print(1)");
  EXPECT_EQ(bytes_of("exec(''.join(chr(int(h, 16)) for h in '70 72 69'.split()))"), "pri");
  EXPECT_EQ(bytes_of("exec(''.join(chr(int(x)) for x in '112,114'.split(',')))"), "pr");
  EXPECT_EQ(bytes_of("exec(''.join(chr(c) for c in [1, 2] if c))"), std::nullopt);  // filters: not modelled
  EXPECT_EQ(bytes_of("exec(''.join(chr(c) for c in data))"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(chr(0x110000))"), std::nullopt);
}

TEST(StaticValue, BytesAndStrConversions) {
  EXPECT_EQ(bytes_of("exec(bytes([104, 105]))"), "hi");
  EXPECT_EQ(chain_of("exec(bytes([104, 105]))"), (Chain{"bytes(ints)"}));
  EXPECT_EQ(bytes_of("exec(bytes([104, 256]))"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(bytearray(b'hi'))"), "hi");
  EXPECT_EQ(bytes_of("exec(bytes.fromhex('68 69'))"), "hi");
  EXPECT_EQ(chain_of("exec(bytes.fromhex('68 69'))"), (Chain{"bytes.fromhex"}));
  EXPECT_EQ(chain_of("exec(bytearray.fromhex('6869'))"), (Chain{"bytearray.fromhex"}));
  EXPECT_EQ(bytes_of("exec(bytes('hé', 'utf-8'))"), "h\xc3\xa9");
  EXPECT_EQ(bytes_of("exec(bytes('hé', encoding='latin-1'))"), "h\xe9");
  EXPECT_EQ(bytes_of("exec(bytes('hé'))"), std::nullopt);  // TypeError
  EXPECT_EQ(bytes_of("exec('hé'.encode())"), "h\xc3\xa9");
  EXPECT_EQ(bytes_of("exec('hé'.encode('ascii'))"), std::nullopt);
  EXPECT_EQ(bytes_of("exec('hé'.encode('LATIN1'))"), "h\xe9");
  EXPECT_EQ(bytes_of("exec(b'h\\xc3\\xa9'.decode())"), "h\xc3\xa9");
  EXPECT_EQ(bytes_of("exec(b'h\\xe9'.decode('latin-1'))"), "h\xc3\xa9");
  EXPECT_EQ(bytes_of("exec(b'\\xff'.decode('utf-8'))"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(b'abc'.decode('rot13'))"), std::nullopt);  // not a text encoding
  EXPECT_EQ(bytes_of("exec(str(b'hi', 'utf-8'))"), "hi");
  EXPECT_EQ(bytes_of("exec(str('hi'))"), "hi");
  EXPECT_EQ(bytes_of("exec(str(b'hi'))"), std::nullopt);  // the repr: not modelled
  EXPECT_EQ(chain_of("exec('hé'.encode())"), Chain{});  // conversions are not steps

  EXPECT_EQ(bytes_of("exec('a#b#c'.replace('#', ''))"), "abc");
  EXPECT_EQ(chain_of("exec('a#b#c'.replace('#', ''))"), (Chain{".replace"}));
  EXPECT_EQ(bytes_of("exec('a#b#c'.replace('#', '', 1))"), "ab#c");
  EXPECT_EQ(bytes_of("exec('  x \\n'.strip())"), "x");
  EXPECT_EQ(bytes_of("exec('xxaxx'.lstrip('x'))"), "axx");
  EXPECT_EQ(bytes_of("exec(b' a '.rstrip())"), " a");
  EXPECT_EQ(bytes_of("exec('PRINT'.lower())"), "print");
  EXPECT_EQ(bytes_of("exec('print'.upper())"), "PRINT");
  EXPECT_EQ(bytes_of("exec(' '.join(' a  b c '.split(maxsplit=1)))"), "a b c ");
  EXPECT_EQ(bytes_of("exec('x'.format(1))"), std::nullopt);
}

TEST(StaticValue, EachDecoder) {
  const std::string imports = "import base64, binascii, codecs, zlib, gzip, bz2, lzma\n";
  const auto value = [&](const std::string& expression) { return bytes_of(imports + "exec(" + expression + ")\n"); };
  const auto chain = [&](const std::string& expression) { return chain_of(imports + "exec(" + expression + ")\n"); };

  EXPECT_EQ(value("base64.b64decode('aGk=')"), "hi");
  EXPECT_EQ(value("base64.b64decode(b'aGk=')"), "hi");
  EXPECT_EQ(value("base64.b64decode('a G\\nk=')"), "hi");  // non-alphabet characters dropped
  EXPECT_EQ(value("base64.b64decode('a G\\nk=', validate=True)"), std::nullopt);
  EXPECT_EQ(value("base64.b64decode('aGk')"), std::nullopt);  // incorrect padding
  EXPECT_EQ(value("base64.b64decode('aGé=')"), std::nullopt);  // a str must be ASCII
  EXPECT_EQ(value("base64.b64decode('-_9oaQ==', altchars='-_')"), "\xfb\xffhi");
  EXPECT_EQ(value("base64.b64decode('-_9oaQ==', b'-_')"), "\xfb\xffhi");
  EXPECT_EQ(value("base64.standard_b64decode('aGk=')"), "hi");
  EXPECT_EQ(value("base64.urlsafe_b64decode('-_9oaQ==')"), "\xfb\xffhi");
  EXPECT_EQ(value("base64.decodebytes(b'aGk=')"), "hi");
  EXPECT_EQ(value("base64.decodebytes('aGk=')"), std::nullopt);  // bytes only
  EXPECT_EQ(value("base64.decodestring(b'aGk=')"), "hi");
  EXPECT_EQ(value("base64.b32decode('NBUSA5DIMVZGK===')"), "hi there");
  EXPECT_EQ(value("base64.b32decode('nbusa5dimvzgk===', casefold=True)"), "hi there");
  EXPECT_EQ(value("base64.b32decode('nbusa5dimvzgk===')"), std::nullopt);
  EXPECT_EQ(value("base64.b16decode('6869')"), "hi");
  EXPECT_EQ(value("base64.b16decode('6869', True)"), "hi");
  EXPECT_EQ(value("base64.b16decode('6a')"), std::nullopt);
  EXPECT_EQ(value("base64.b85decode('XlWpHXk~I`')"), "hi there");
  EXPECT_EQ(value("base64.a85decode('BPAT2BOu3q')"), "hi there");
  EXPECT_EQ(value("base64.a85decode('<~BPAT2BOu3q~>', adobe=True)"), "hi there");
  EXPECT_EQ(value("binascii.unhexlify('6869')"), "hi");
  EXPECT_EQ(value("binascii.a2b_hex(b'6869')"), "hi");
  EXPECT_EQ(value("binascii.a2b_base64('aGk=')"), "hi");
  EXPECT_EQ(value("binascii.a2b_base64('aG k=', strict_mode=True)"), std::nullopt);
  EXPECT_EQ(chain("base64.b32decode('NBUSA5DIMVZGK===')"), (Chain{"base64.b32decode"}));
  EXPECT_EQ(chain("binascii.a2b_hex(b'6869')"), (Chain{"binascii.a2b_hex"}));

  EXPECT_EQ(value("codecs.decode(\"cevag('uv')\", 'rot13')"), "print('hi')");
  EXPECT_EQ(value("codecs.decode(\"cevag('uv')\", 'rot_13')"), "print('hi')");
  EXPECT_EQ(value("codecs.encode(\"cevag('uv')\", encoding='ROT13')"), "print('hi')");
  EXPECT_EQ(chain("codecs.decode(\"cevag('uv')\", 'rot13')"), (Chain{"codecs.decode(rot13)"}));
  EXPECT_EQ(chain("codecs.encode(\"cevag('uv')\", 'rot13')"), (Chain{"codecs.encode(rot13)"}));
  EXPECT_EQ(value("codecs.decode(b'cevag', 'rot13')"), std::nullopt);  // str only
  EXPECT_EQ(value("codecs.decode(b'6869', 'hex')"), "hi");
  EXPECT_EQ(value("codecs.decode('6869', 'hex_codec')"), "hi");
  EXPECT_EQ(chain("codecs.decode('6869', 'hex_codec')"), (Chain{"codecs.decode(hex)"}));
  EXPECT_EQ(value("codecs.decode(b'aGk=', 'base64')"), "hi");
  EXPECT_EQ(value("codecs.decode(b'aGk=', 'base64_codec')"), "hi");
  EXPECT_EQ(value("codecs.decode(b'h\\xc3\\xa9', 'utf-8')"), "h\xc3\xa9");
  EXPECT_EQ(value("codecs.decode(base64.b64decode('eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk'), 'zlib')"),
            kPayload);
  EXPECT_EQ(chain("codecs.decode(base64.b64decode('eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk'), 'zlib_codec')"),
            (Chain{"base64.b64decode", "codecs.decode(zlib)"}));
  EXPECT_EQ(value("codecs.decode('eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk', 'zlib')"), std::nullopt);
  const std::string bz2 =
      "base64.b64decode('QlpoOTFBWSZTWfr4ayUAAAZZgAAQQOEACAYi3CAgACIg000PRpChppgAVi+/OUDZ4FkI82o0E+LuSKcKEh9fDWSg')";
  EXPECT_EQ(value("codecs.decode(" + bz2 + ", 'bz2')"), kPayload);
  EXPECT_EQ(value("codecs.decode(" + bz2 + ", 'bz2_codec')"), kPayload);
  EXPECT_EQ(value("codecs.decode('x', 'unknown')"), std::nullopt);

  const std::string zlib_data = "base64.b64decode('eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk')";
  const std::string raw = "base64.b64decode('y8wtyC8qUcgvtgZiveLK4pLUXA31zBR1TS4A')";
  EXPECT_EQ(value("zlib.decompress(" + zlib_data + ")"), kPayload);
  EXPECT_EQ(value("zlib.decompress(bytes.fromhex('789ccbcc2dc82f2a51c82fb60662bde2cae292d45c0df5cc14754d2e008c7b0924'))"),
            kPayload);
  EXPECT_EQ(value("zlib.decompress(" + raw + ", -15)"), kPayload);
  EXPECT_EQ(value("zlib.decompress(" + raw + ", -zlib.MAX_WBITS)"), kPayload);
  EXPECT_EQ(value("zlib.decompress(" + raw + ", wbits=-15)"), kPayload);
  EXPECT_EQ(value("zlib.decompress(" + raw + ")"), std::nullopt);
  EXPECT_EQ(value("zlib.decompress(" + zlib_data + ", 15 + 32)"), kPayload);
  EXPECT_EQ(value("zlib.decompress('not bytes')"), std::nullopt);
  EXPECT_EQ(value("gzip.decompress(base64.b64decode('H4sIAAAAAAACA8vMLcgvKlHIL7YGYr3iyuKS1FwN9cwUdU0uAGH3UHIbAAAA'))"),
            kPayload);
  EXPECT_EQ(value("bz2.decompress(" + bz2 + ")"), kPayload);
  EXPECT_EQ(value("lzma.decompress(base64.b64decode('/Td6WFoAAATm1rRGAgAhARYAAAB0L+WjAQAaaW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lk"
                  "JykKAABa2McBFFeg8wABMxv3GYheH7bzfQEAAAAABFla'))"),
            kPayload);
  EXPECT_EQ(chain("lzma.decompress(base64.b64decode('/Td6WFoAAATm1rRGAgAhARYAAAB0L+WjAQAaaW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2lk"
                  "JykKAABa2McBFFeg8wABMxv3GYheH7bzfQEAAAAABFla'))"),
            (Chain{"base64.b64decode", "lzma.decompress"}));
  EXPECT_EQ(chain("gzip.decompress(base64.b64decode('H4sIAAAAAAACA8vMLcgvKlHIL7YGYr3iyuKS1FwN9cwUdU0uAGH3UHIbAAAA'))"),
            (Chain{"base64.b64decode", "gzip.decompress"}));

  auto v = eval(imports + "exec(compile(zlib.decompress(" + zlib_data + "), '<x>', 'exec'))");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->bytes, kPayload);
  EXPECT_TRUE(v->is_bytes);
  EXPECT_EQ(v->chain, (Chain{"base64.b64decode", "zlib.decompress", "compile"}));
}

TEST(StaticValue, ChainOfDecodersThroughAModuleConstant) {
  const std::string code =
      "import base64\n"
      "import zlib\n"
      "PAYLOAD = 'kkweMCgLNVHFMXfDcRtkirs49KmB2+CyRpyLI3CzLzJe'\n"
      "def run():\n"
      "    exec(zlib.decompress(base64.b64decode(PAYLOAD[::-1])))\n";
  auto v = eval(code);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->bytes, kPayload);
  EXPECT_TRUE(v->is_bytes);
  EXPECT_EQ(v->chain, (Chain{"[::-1]", "base64.b64decode", "zlib.decompress"}));

  // Four steps, and a decode to str before exec.
  const std::string longer =
      "import base64, codecs\n"
      "def f():\n"
      "    exec(codecs.decode(base64.b64decode(base64.b64decode('Y210eWNDZ25heWNw')).decode(), 'rot13'))\n";
  v = eval(longer);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->bytes, "exec('x')");
  EXPECT_FALSE(v->is_bytes);
  EXPECT_EQ(v->chain, (Chain{"base64.b64decode", "base64.b64decode", "codecs.decode(rot13)"}));
}

TEST(StaticValue, AliasedImports) {
  const std::string code =
      "from base64 import b64decode as d\n"
      "import zlib as z\n"
      "exec(z.decompress(d('eJzLzC3ILypRyC+2BmK94sriktRcDfXMFHVNLgCMewkk')))\n";
  auto v = eval(code);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->bytes, kPayload);
  EXPECT_EQ(v->chain, (Chain{"base64.b64decode", "zlib.decompress"}));
  EXPECT_EQ(bytes_of("b = __import__('base64')\nexec(b.b64decode('aGk='))"), "hi");
  // Without an import the name is taken as written, as call rules do.
  EXPECT_EQ(bytes_of("exec(base64.b64decode('aGk='))"), "hi");
  // A local object that happens to be called base64 is not the module.
  EXPECT_EQ(bytes_of("base64 = Thing()\nexec(base64.b64decode('aGk='))"), std::nullopt);
  // A shadowed builtin is not the builtin.
  EXPECT_EQ(bytes_of("def chr(c): return 'x'\nexec(chr(65))"), std::nullopt);
}

TEST(StaticValue, Names) {
  // The last assignment before the use, at module level.
  EXPECT_EQ(bytes_of("X = 'a'\nX = 'b'\nexec(X)\n"), "b");
  EXPECT_EQ(bytes_of("X = 'a'\nexec(X)\nX = 'b'\n"), "a");
  EXPECT_EQ(bytes_of("exec(X)\nX = 'a'\n"), std::nullopt);
  // From a function: the module's last assignment, wherever it is.
  EXPECT_EQ(bytes_of("X = 'a'\ndef f():\n    exec(X)\nX = 'b'\n"), "b");
  // In a function: its own assignments before the use.
  EXPECT_EQ(bytes_of("X = 'm'\ndef f():\n    s = 'a'\n    s = s + 'b'\n    exec(s)\n    s = 'c'\n"), "ab");
  EXPECT_EQ(bytes_of("X = 'm'\ndef f():\n    exec(X)\n    X = 'l'\n"), std::nullopt);  // UnboundLocalError
  EXPECT_EQ(bytes_of("X = 'm'\ndef f():\n    global X\n    exec(X)\n    X = 'l'\n"), "m");
  EXPECT_EQ(bytes_of("def outer():\n    K = 'k'\n    def inner():\n        exec(K)\n"), "k");
  EXPECT_EQ(bytes_of("def f(x='d'):\n    exec(x)\n"), std::nullopt);  // a parameter
  EXPECT_EQ(bytes_of("for x in 'ab':\n    exec(x)\n"), std::nullopt);
  EXPECT_EQ(bytes_of("x = 'a'\nfor x in y:\n    pass\nexec(x)\n"), std::nullopt);
  EXPECT_EQ(bytes_of("x = 'a'\nimport x\nexec(x)\n"), std::nullopt);
  EXPECT_EQ(bytes_of("x = 'a'\nwith open(p) as x:\n    exec(x)\n"), std::nullopt);
  // Augmented, tuple, chained and annotated assignments; branches (the last one wins).
  EXPECT_EQ(bytes_of("s = 'a'\ns += 'b'\ns += 'c'\nexec(s)\n"), "abc");
  EXPECT_EQ(bytes_of("s = 'a'\ns *= 2\nexec(s)\n"), std::nullopt);
  EXPECT_EQ(bytes_of("a, b = 'x', 'y'\nexec(a + b)\n"), "xy");
  EXPECT_EQ(bytes_of("a, b = pair\nexec(a)\n"), std::nullopt);
  EXPECT_EQ(bytes_of("a = b = 'z'\nexec(a + b)\n"), "zz");
  EXPECT_EQ(bytes_of("X: str = 'q'\nexec(X)\n"), "q");
  EXPECT_EQ(bytes_of("if c:\n    X = 'a'\nelse:\n    X = 'b'\nexec(X)\n"), "b");
  EXPECT_EQ(bytes_of("try:\n    X = 'a'\nexcept E:\n    pass\nexec(X)\n"), "a");
  EXPECT_EQ(bytes_of("for x in y:\n    pass\nelse:\n    X = 'e'\nexec(X)\n"), "e");
  EXPECT_EQ(bytes_of("while c:\n    X = 'w'\nexec(X)\n"), "w");
  EXPECT_EQ(bytes_of("class C:\n    X = 'c'\n    exec(X)\n"), "c");
  // Names through names, and comprehension variables that are not ours.
  EXPECT_EQ(bytes_of("A = 'print'\nB = A + '(1)'\nC = B\nexec(C)\n"), "print(1)");
  EXPECT_EQ(bytes_of("exec([c for c in 'ab'][0])"), "a");
  EXPECT_EQ(bytes_of("f = lambda c: exec(c)\n"), std::nullopt);
}

TEST(StaticValue, NonConstantInput) {
  EXPECT_EQ(bytes_of("exec(input())"), std::nullopt);
  EXPECT_EQ(bytes_of("import base64\nexec(base64.b64decode(x))"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(foo.bar('x'))"), std::nullopt);
  EXPECT_EQ(bytes_of("import os\nexec(os.environ['X'])"), std::nullopt);
  EXPECT_EQ(bytes_of("import requests\nexec(requests.get('http://x').text)"), std::nullopt);
  EXPECT_EQ(bytes_of("import marshal\nexec(marshal.loads(b'x'))"), std::nullopt);
  EXPECT_EQ(bytes_of("exec('a' if c else 'b')"), std::nullopt);
  EXPECT_EQ(bytes_of("exec('%s' % 'x')"), std::nullopt);
  EXPECT_EQ(bytes_of("import zlib\nexec(zlib.decompress(b'not zlib'))"), std::nullopt);  // decoder error
}


std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    out.push_back(kDigits[static_cast<unsigned char>(c) & 15]);
  }
  return out;
}

TEST(StaticValue, Limits) {
  // A zlib bomb in the source (10 MB of zeros in ~10 KB): stops at max_bytes.
  const std::string bomb = "import zlib\nexec(zlib.decompress(bytes.fromhex('" + hex(deflate_zeros(10'000'000 / 258)) + "'), -15))\n";
  EXPECT_EQ(bytes_of(bomb), std::nullopt);
  StaticLimits large;
  large.max_bytes = 20'000'000;
  const auto whole = bytes_of(bomb, large);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->size(), 1 + 258 * (10'000'000 / 258));

  StaticLimits tiny;
  tiny.max_bytes = 3;
  EXPECT_EQ(bytes_of("exec('abc')", tiny), "abc");
  EXPECT_EQ(bytes_of("exec('abcd')", tiny), std::nullopt);
  EXPECT_EQ(bytes_of("exec('ab' + 'cd')", tiny), std::nullopt);
  EXPECT_EQ(bytes_of("exec('a' * 2000000)"), std::nullopt);
  EXPECT_EQ(bytes_of("exec('a' * 10**18)"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(['a'] * 10**6 * 10**6)"), std::nullopt);

  // Long concatenations fold without recursion; the step limit still applies.
  std::string terms = "'a'";
  for (int i = 1; i < 10000; ++i) terms += " + 'a'";
  EXPECT_EQ(bytes_of("exec(" + terms + ")"), std::nullopt);  // ~20,000 steps
  StaticLimits steps;
  steps.max_steps = 100000;
  EXPECT_EQ(bytes_of("exec(" + terms + ")", steps), std::string(10000, 'a'));
  // Deep nesting: 10,000 levels end at max_depth, without crashing.
  std::string nested = "'a'";
  for (int i = 0; i < 10000; ++i) nested = "('a' + " + nested + ")";
  EXPECT_EQ(bytes_of("exec(" + nested + ")"), std::nullopt);
  EXPECT_EQ(bytes_of("exec(" + std::string(10000, '(') + "'a'" + std::string(10000, ')') + ")"), std::nullopt);
  StaticLimits deep;
  deep.max_depth = 1'000'000;  // capped internally
  deep.max_steps = 1'000'000;
  EXPECT_EQ(bytes_of("exec(" + nested + ")", deep), std::nullopt);
  // Name cycles and doubling chains end.
  EXPECT_EQ(bytes_of("a = b\nb = a\ndef f():\n    exec(a)\n"), std::nullopt);
  std::string doubling = "x0 = 'ab'\n";
  for (int i = 1; i <= 40; ++i) {  // x1 = x0 + x0 ... (appends: GCC 12 warns on operator+ chains here)
    const std::string previous = std::to_string(i - 1);
    doubling.append("x").append(std::to_string(i)).append(" = x").append(previous).append(" + x").append(previous).append("\n");
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(bytes_of(doubling + "exec(x40)\n"), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  // A value within the depth limit: 30 nested calls.
  std::string calls = "'x'";
  for (int i = 0; i < 30; ++i) calls = "str(" + calls + ")";
  EXPECT_EQ(bytes_of("exec(" + calls + ")"), "x");
  // At the hard depth cap (256), with decoders at every level: the stack holds.
  std::string decoders = "'x'";
  for (int i = 0; i < 255; ++i) decoders = "codecs.decode(" + decoders + ", 'rot13')";
  EXPECT_EQ(bytes_of("import codecs\nexec(" + decoders + ")", deep), "k");
  for (int i = 0; i < 45; ++i) decoders = "codecs.decode(" + decoders + ", 'rot13')";
  EXPECT_EQ(bytes_of("import codecs\nexec(" + decoders + ")", deep), std::nullopt);
}

TEST(StaticValue, Excerpt) {
  EXPECT_EQ(excerpt({"print(1)\n\tx\x00\x7f"s, false, {}}), "print(1)\\n\\tx\\x00\\x7f");
  EXPECT_EQ(excerpt({"caf\xc3\xa9 \xff\xfe"s, true, {}}), "caf\xc3\xa9 \\xff\\xfe");
  EXPECT_EQ(excerpt({"a\xe2\x80\xae" "b"s, false, {}}), "a\\u202eb");  // right-to-left override
  EXPECT_EQ(excerpt({"\xc2\x85"s, false, {}}), "\\u0085");
  EXPECT_EQ(excerpt({std::string(100, 'x'), false, {}}, 10), std::string(10, 'x') + "...");
  EXPECT_EQ(excerpt({std::string(10, 'x'), false, {}}, 10), std::string(10, 'x'));
  EXPECT_EQ(excerpt({"\xc3\xa9\xc3\xa9\xc3\xa9"s, false, {}}, 2), "\xc3\xa9\xc3\xa9...");  // by character
  EXPECT_EQ(excerpt({"", false, {}}), "");
}

}  // namespace
}  // namespace warden::detail
