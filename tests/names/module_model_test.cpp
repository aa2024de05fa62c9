// Name resolution: every import form the module model supports, and the negatives.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "module_model.hpp"
#include "syntax.hpp"

namespace warden::detail {
namespace {

struct Resolved {
  std::string callee_text;  // the call's function as written
  std::string qualified;    // "" when unresolvable
  NameOrigin origin = NameOrigin::unresolved;
};

std::vector<Resolved> calls_of(const std::string& source, ModuleInfo info = {"pkg.mod", false}) {
  PythonParser parser;
  const Tree tree = parser.parse(source);
  const ModuleModel model = ModuleModel::build(ts_tree_root_node(tree.get()), source, info);
  std::vector<Resolved> out;
  for (const auto& site : model.calls()) {
    Resolved r;
    r.callee_text = std::string(text_of(child(site.node, Field::function), source));
    if (site.callee) {
      r.qualified = site.callee->name;
      r.origin = site.callee->origin;
    }
    out.push_back(r);
  }
  return out;
}

// The qualified name of the (first) call whose callee is written `written`.
std::string resolve(const std::string& source, const std::string& written, ModuleInfo info = {"pkg.mod", false}) {
  for (const auto& r : calls_of(source, info)) {
    if (r.callee_text == written) return r.qualified;
  }
  ADD_FAILURE() << "no call to " << written;
  return "<no call>";
}

TEST(ModuleModel, ImportAs) {
  EXPECT_EQ(resolve("import subprocess as sp\nsp.Popen(x)\n", "sp.Popen"), "subprocess.Popen");
}

TEST(ModuleModel, DottedImportBindsTopLevelPackage) {
  EXPECT_EQ(resolve("import os.path\nos.path.join(a)\n", "os.path.join"), "os.path.join");
  EXPECT_EQ(resolve("import xml.etree.ElementTree as ET\nET.parse(f)\n", "ET.parse"), "xml.etree.ElementTree.parse");
}

TEST(ModuleModel, FromImportAs) {
  EXPECT_EQ(resolve("from os import system as run\nrun('ls')\n", "run"), "os.system");
  EXPECT_EQ(resolve("from subprocess import Popen\nPopen(x)\n", "Popen"), "subprocess.Popen");
}

TEST(ModuleModel, StarImportResolvesUnboundNames) {
  const auto calls = calls_of("from os import *\nsystem('ls')\nprint(1)\n");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].qualified, "os.system");
  EXPECT_EQ(calls[0].origin, NameOrigin::star_import);
  EXPECT_EQ(calls[1].qualified, "builtins.print");  // builtins win over a star import
}

TEST(ModuleModel, RelativeImportsFromAModule) {
  const ModuleInfo info{"pkg.sub.modeling", false};
  EXPECT_EQ(resolve("from .utils import helper\nhelper()\n", "helper", info), "pkg.sub.utils.helper");
  EXPECT_EQ(resolve("from . import utils\nutils.run()\n", "utils.run", info), "pkg.sub.utils.run");
  EXPECT_EQ(resolve("from ..common import load\nload()\n", "load", info), "pkg.common.load");
}

TEST(ModuleModel, RelativeImportsFromAPackageInit) {
  const ModuleInfo info{"pkg.sub", true};
  EXPECT_EQ(resolve("from .utils import helper\nhelper()\n", "helper", info), "pkg.sub.utils.helper");
  EXPECT_EQ(resolve("from .. import top\ntop()\n", "top", info), "pkg.top");
}

TEST(ModuleModel, RelativeImportAboveTheRootStaysUnresolved) {
  const auto calls = calls_of("from ...x import y\ny()\n", {"pkg.mod", false});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].origin, NameOrigin::unresolved);
}

TEST(ModuleModel, DunderImportWithLiteral) {
  EXPECT_EQ(resolve("m = __import__('os')\nm.system('x')\n", "m.system"), "os.system");
  EXPECT_EQ(resolve("__import__('os').system('x')\n", "__import__('os').system"), "os.system");
  // Without a fromlist, __import__('os.path') returns the top-level package.
  EXPECT_EQ(resolve("p = __import__('os.path')\np.join(a)\n", "p.join"), "os.join");
  EXPECT_EQ(resolve("p = __import__('os.path', fromlist=['join'])\np.join(a)\n", "p.join"), "os.path.join");
}

TEST(ModuleModel, ImportlibImportModuleWithLiteral) {
  EXPECT_EQ(resolve("import importlib\nm = importlib.import_module('os.path')\nm.join(a)\n", "m.join"), "os.path.join");
  EXPECT_EQ(resolve("from importlib import import_module\nimport_module('pickle').loads(b)\n",
                    "import_module('pickle').loads"),
            "pickle.loads");
}

TEST(ModuleModel, ComputedImportIsNotResolved) {
  const auto calls = calls_of("m = __import__(name)\nm.system('x')\n");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].callee_text, "m.system");
  EXPECT_EQ(calls[1].qualified, "");  // m is a plain value
}

TEST(ModuleModel, LocalRebinding) {
  EXPECT_EQ(resolve("import os\nf = os.system\nf('x')\n", "f"), "os.system");
  EXPECT_EQ(resolve("import os\ng = f = os.system\ng('x')\n", "g"), "os.system");
  EXPECT_EQ(resolve("import os\na, b = os.system, os.popen\nb('x')\n", "b"), "os.popen");
  EXPECT_EQ(resolve("import os\ndef h():\n    f = os.system\n    f('x')\n", "f"), "os.system");
}

TEST(ModuleModel, ReassignmentShadowsTheImport) {
  EXPECT_EQ(resolve("import os\nos = make_fake()\nos.system('x')\n", "os.system"), "");
  EXPECT_EQ(resolve("import os\nf = os.system\nf = print\nf('x')\n", "f"), "builtins.print");
}

TEST(ModuleModel, ParametersShadowModuleNames) {
  EXPECT_EQ(resolve("import os\ndef h(os):\n    os.system('x')\n", "os.system"), "");
  EXPECT_EQ(resolve("import pickle\ndef h(*, pickle=None):\n    pickle.loads(b)\n", "pickle.loads"), "");
  EXPECT_EQ(resolve("import yaml\nfor yaml in items:\n    yaml.load(f)\n", "yaml.load"), "");
}

TEST(ModuleModel, FunctionBodiesSeeLaterModuleImports) {
  EXPECT_EQ(resolve("def h():\n    pickle.loads(b)\nimport pickle\n", "pickle.loads"), "pickle.loads");
}

TEST(ModuleModel, ClassScopeIsInvisibleToMethods) {
  const std::string source =
      "import os\n"
      "class K:\n"
      "    os = None\n"
      "    def m(self):\n"
      "        os.system('x')\n";
  EXPECT_EQ(resolve(source, "os.system"), "os.system");
}

TEST(ModuleModel, GlobalDeclarationWritesTheModuleScope) {
  const std::string source =
      "def setup():\n"
      "    global run\n"
      "    import subprocess\n"
      "    run = subprocess.call\n"
      "def later():\n"
      "    run('x', shell=True)\n";
  EXPECT_EQ(resolve(source, "run"), "subprocess.call");
}

TEST(ModuleModel, NonlocalAndClosures) {
  const std::string source =
      "import os\n"
      "def outer():\n"
      "    f = os.popen\n"
      "    def inner():\n"
      "        f('x')\n";
  EXPECT_EQ(resolve(source, "f"), "os.popen");
}

TEST(ModuleModel, DefinitionsGetQualifiedNames) {
  const std::string source =
      "class Model:\n"
      "    def load(self):\n"
      "        def helper():\n"
      "            pass\n"
      "        helper()\n"
      "def build():\n"
      "    Model()\n";
  EXPECT_EQ(resolve(source, "helper"), "pkg.mod.Model.load.<locals>.helper");
  EXPECT_EQ(resolve(source, "Model"), "pkg.mod.Model");
}

TEST(ModuleModel, ComprehensionVariablesAreLocal) {
  EXPECT_EQ(resolve("import os\n[os.system(c) for os in xs]\n", "os.system"), "");
  EXPECT_EQ(resolve("import os\n[os.system(c) for c in xs]\n", "os.system"), "os.system");
}

TEST(ModuleModel, ExceptAndWithTargetsAreLocal) {
  EXPECT_EQ(resolve("import os\ntry:\n    pass\nexcept E as os:\n    os.system('x')\n", "os.system"), "");
  EXPECT_EQ(resolve("import os\nwith ctx() as os:\n    os.system('x')\n", "os.system"), "");
}

TEST(ModuleModel, TryExceptImportFallbackUsesTheLastBinding) {
  EXPECT_EQ(resolve("try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\npickle.loads(b)\n",
                    "pickle.loads"),
            "pickle.loads");
}

TEST(ModuleModel, UnboundNamesStayUnresolvedWithTheirText) {
  const auto calls = calls_of("os.system('x')\n");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].qualified, "os.system");
  EXPECT_EQ(calls[0].origin, NameOrigin::unresolved);
}

TEST(ModuleModel, MethodCallsOnValuesHaveNoQualifiedName) {
  EXPECT_EQ(resolve("x = load()\nx.system('y')\n", "x.system"), "");
  EXPECT_EQ(resolve("get()()\n", "get()"), "");
}

TEST(ModuleModel, ExportsAndImportedModules) {
  PythonParser parser;
  const std::string source = "import os\nfrom .utils import helper as h\nfrom json import *\ndef f():\n    pass\nx = 1\n";
  const Tree tree = parser.parse(source);
  const ModuleModel model = ModuleModel::build(ts_tree_root_node(tree.get()), source, {"pkg.mod", false});
  EXPECT_EQ(model.exports().at("os").name, "os");
  EXPECT_EQ(model.exports().at("h").name, "pkg.utils.helper");
  EXPECT_EQ(model.exports().at("f").name, "pkg.mod.f");
  EXPECT_EQ(model.exports().count("x"), 0u);  // a plain value, not a name
  EXPECT_EQ(model.imported_modules(), (std::vector<std::string>{"os", "pkg.utils", "json"}));
  EXPECT_EQ(model.star_imports(), (std::vector<std::string>{"json"}));
}

TEST(ModuleModel, DeepNestingDoesNotOverflowTheStack) {
  std::string source = "import os\nx = ";
  for (int i = 0; i < 100000; ++i) source += '(';
  source += "os.system('x')";
  for (int i = 0; i < 100000; ++i) source += ')';
  source += '\n';
  const auto calls = calls_of(source);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].qualified, "os.system");
}

}  // namespace
}  // namespace warden::detail

namespace warden::detail {
namespace {

TEST(ModuleModel, ScopeAtFindsTheInnermostScope) {
  const std::string source =
      "import os\n"
      "class K:\n"
      "    def m(self, os):\n"
      "        return [os for x in y]\n"
      "z = 1\n";
  PythonParser parser;
  const Tree tree = parser.parse(source);
  const ModuleModel model = ModuleModel::build(ts_tree_root_node(tree.get()), source, {"mod", false});
  const auto at = [&](std::string_view needle) {
    return model.scopes()[model.scope_at(static_cast<std::uint32_t>(source.find(needle)))].qualname;
  };
  EXPECT_EQ(at("z = 1"), "mod");
  EXPECT_EQ(at("def m"), "mod.K");
  EXPECT_EQ(at("return"), "mod.K.m");
  EXPECT_EQ(at("x in y"), "mod.K.m.<locals>.<comprehension>");
}

}  // namespace
}  // namespace warden::detail
