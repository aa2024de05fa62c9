// The call graph: facts per file (phase 1), joined across files (phase 2), SCCs and order.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "call_graph.hpp"
#include "module_model.hpp"
#include "project.hpp"
#include "syntax.hpp"

namespace warden::detail {
namespace {

struct PyFile {
  std::string module;
  std::string source;
  bool is_package = false;
};

// What the scan will do: phase 1 per file (trees dropped after), then the cross-file build.
struct Built {
  std::vector<FileFunctions> files;
  CallGraph graph;
};

Built build(const std::vector<PyFile>& sources) {
  PythonParser parser;
  std::vector<std::string> names;
  for (const auto& f : sources) names.push_back(f.module);
  ProjectIndex index(names);
  std::vector<FileFunctions> files;
  for (const auto& f : sources) {
    const Tree tree = parser.parse(f.source);
    const TSNode root = ts_tree_root_node(tree.get());
    const ModuleModel model = ModuleModel::build(root, f.source, {f.module, f.is_package});
    files.push_back(extract_functions(model, root, f.source));
    index.set_exports(f.module, model.exports(), model.star_imports());
  }
  CallGraph graph = CallGraph::build(files, index);
  return {std::move(files), std::move(graph)};
}

CallGraph::Vertex the(const CallGraph& g, const std::string& name) {
  const auto found = g.find(name);
  if (found.size() != 1) {
    ADD_FAILURE() << name << ": " << found.size() << " vertices";
    return CallGraph::kNone;
  }
  return found.front();
}

std::set<std::string> names_of(const CallGraph& g, const std::vector<CallGraph::Vertex>& vertices) {
  std::set<std::string> out;
  for (const auto v : vertices) out.insert(g.vertex(v).qualname);
  return out;
}

std::set<std::string> callees(const CallGraph& g, const std::string& name) {
  const auto v = the(g, name);
  return v == CallGraph::kNone ? std::set<std::string>{} : names_of(g, g.callees(v));
}

std::set<std::string> module_callees(const CallGraph& g, const std::string& module) {
  const auto v = g.module_vertex(module);
  EXPECT_NE(v, CallGraph::kNone) << module;
  return v == CallGraph::kNone ? std::set<std::string>{} : names_of(g, g.callees(v));
}

// "kind:target" for every edge out of `name`.
std::set<std::string> edges(const CallGraph& g, CallGraph::Vertex v) {
  std::set<std::string> out;
  for (const auto& e : g.edges_from(v)) out.insert(std::string(to_string(e.kind)) + ":" + g.vertex(e.target).qualname);
  return out;
}

// Every edge between two SCCs goes from a later SCC to an earlier one in bottom-up order.
void expect_bottom_up(const CallGraph& g) {
  const auto& order = g.bottom_up_order();
  ASSERT_EQ(order.size(), g.scc_count());
  std::vector<std::size_t> position(g.scc_count());
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  for (CallGraph::Vertex v = 0; v < g.vertex_count(); ++v) {
    for (const auto callee : g.callees(v)) {
      if (g.scc_of(callee) != g.scc_of(v)) {
        ASSERT_LT(position[g.scc_of(callee)], position[g.scc_of(v)])
            << g.vertex(v).qualname << " -> " << g.vertex(callee).qualname;
      }
    }
  }
}

using Names = std::set<std::string>;

TEST(CallGraph, FactsOfOneFile) {
  const std::string source =
      "import functools\n"
      "class C(Base, metaclass=M):\n"
      "    @functools.cache\n"
      "    def m(self, a, b=1, *args, c, d=2, **kw):\n"
      "        return self.n(a)\n"
      "    @staticmethod\n"
      "    def s(x, *, y):\n"
      "        return x.n()\n"
      "f = lambda q: q\n";
  const auto built = build({{"pkg.mod", source}});
  const FileFunctions& file = built.files[0];
  ASSERT_EQ(file.functions.size(), 4u);
  EXPECT_EQ(file.functions[0].kind, FunctionFact::Kind::module);
  EXPECT_EQ(file.functions[0].qualname, "pkg.mod");
  const FunctionFact& m = file.functions[1];
  EXPECT_EQ(m.qualname, "pkg.mod.C.m");
  EXPECT_EQ(m.kind, FunctionFact::Kind::method);
  EXPECT_EQ(m.class_qualname, "pkg.mod.C");
  std::vector<std::string> params;
  for (const auto& p : m.parameters) params.push_back(p.name);
  EXPECT_EQ(params, (std::vector<std::string>{"self", "a", "b", "args", "c", "d", "kw"}));
  EXPECT_EQ(m.parameters[2].kind, ParameterFact::Kind::positional);
  EXPECT_TRUE(m.parameters[2].has_default);
  EXPECT_EQ(m.parameters[3].kind, ParameterFact::Kind::var_positional);
  EXPECT_EQ(m.parameters[4].kind, ParameterFact::Kind::keyword_only);
  EXPECT_EQ(m.parameters[6].kind, ParameterFact::Kind::var_keyword);
  ASSERT_EQ(m.decorators.size(), 1u);
  EXPECT_EQ(m.decorators[0].name, "functools.cache");
  EXPECT_EQ(m.span.start.row, 3u);
  const FunctionFact& s = file.functions[2];
  EXPECT_TRUE(s.is_staticmethod());
  EXPECT_EQ(s.parameters[1].kind, ParameterFact::Kind::keyword_only);
  EXPECT_EQ(file.functions[3].kind, FunctionFact::Kind::lambda);
  ASSERT_EQ(file.classes.size(), 1u);
  EXPECT_EQ(file.classes[0].qualname, "pkg.mod.C");
  ASSERT_EQ(file.classes[0].bases.size(), 1u);  // metaclass= is not a base
  EXPECT_EQ(file.classes[0].bases[0].name, "Base");
  EXPECT_EQ(file.classes[0].definer, 0u);
  // metaclass=M calls M where the class is defined; self.n() is a method call of C; x.n() in a
  // staticmethod is not.
  std::vector<std::string> calls;
  for (const auto& c : file.calls) {
    calls.push_back(std::to_string(static_cast<int>(c.kind)) + ":" + c.method + ":" + c.callee.name + "@" +
                    file.functions[c.caller].qualname);
  }
  EXPECT_EQ(calls, (std::vector<std::string>{"0::M@pkg.mod", "3::functools.cache@pkg.mod",
                                             "3::builtins.staticmethod@pkg.mod", "1:n:@pkg.mod.C.m"}));
}

TEST(CallGraph, ModuleFunctionsCallEachOther) {
  const auto built = build({{"pkg.a",
                             "def f():\n    return g() + h()\n"
                             "def g():\n    return [h() for _ in range(3)]\n"
                             "def h(x=g()):\n    return 1\n"
                             "class K:\n    v = f()\n"
                             "f()\n"}});
  const auto& g = built.graph;
  EXPECT_EQ(callees(g, "pkg.a.f"), (Names{"pkg.a.g", "pkg.a.h"}));
  // The comprehension runs in g; defaults and class bodies run where they are defined.
  EXPECT_EQ(callees(g, "pkg.a.g"), (Names{"pkg.a.h", "builtins.range"}));
  EXPECT_EQ(callees(g, "pkg.a.h"), Names{});
  EXPECT_EQ(module_callees(g, "pkg.a"), (Names{"pkg.a.f", "pkg.a.g"}));
  EXPECT_EQ(names_of(g, g.callers(the(g, "pkg.a.h"))), (Names{"pkg.a.f", "pkg.a.g"}));
  EXPECT_EQ(g.vertex(the(g, "pkg.a.f")).kind, CallGraph::VertexKind::function);
  EXPECT_EQ(g.vertex(the(g, "builtins.range")).kind, CallGraph::VertexKind::external);
}

TEST(CallGraph, MethodsViaSelfAndCls) {
  const auto built = build({{"pkg.a",
                             "class C:\n"
                             "    def run(self):\n"
                             "        self.step()\n"
                             "        return list(map(lambda x: self.finish(x), []))\n"
                             "    def step(self):\n        pass\n"
                             "    def finish(self, x):\n        pass\n"
                             "    @classmethod\n"
                             "    def make(cls):\n        return cls.build()\n"
                             "    @classmethod\n"
                             "    def build(cls):\n        return cls()\n"
                             "    @staticmethod\n"
                             "    def util(self):\n        self.step()\n"
                             "    def shadow(self):\n"
                             "        def inner(self):\n            self.step()\n"
                             "        return inner\n"}});
  const auto& g = built.graph;
  EXPECT_EQ(callees(g, "pkg.a.C.run"), (Names{"pkg.a.C.step", "builtins.list", "builtins.map"}));
  EXPECT_EQ(callees(g, "pkg.a.C.run.<locals>.<lambda>"), Names{"pkg.a.C.finish"});
  EXPECT_EQ(callees(g, "pkg.a.C.make"), Names{"pkg.a.C.build"});
  EXPECT_EQ(g.vertex(the(g, "pkg.a.C.make")).kind, CallGraph::VertexKind::method);
  EXPECT_EQ(callees(g, "pkg.a.C.util"), Names{});                     // no self in a staticmethod
  EXPECT_EQ(callees(g, "pkg.a.C.shadow.<locals>.inner"), Names{});    // its own `self`
}

TEST(CallGraph, InstantiationCallsInitAlongBases) {
  const auto built = build({{"pkg.a",
                             "import torch\n"
                             "class C:\n    def __init__(self):\n        helper()\n"
                             "class D(C):\n    pass\n"
                             "class N(torch.nn.Module):\n    pass\n"
                             "def helper():\n    pass\n"
                             "def main():\n    C()\n    D()\n    N()\n"}});
  const auto& g = built.graph;
  EXPECT_EQ(edges(g, the(g, "pkg.a.main")),
            (Names{"instantiation:pkg.a.C", "init:pkg.a.C.__init__", "instantiation:pkg.a.D",
                   "instantiation:pkg.a.N", "init:torch.nn.Module.__init__"}));
  EXPECT_EQ(callees(g, "pkg.a.C.__init__"), Names{"pkg.a.helper"});
  EXPECT_EQ(g.vertex(the(g, "pkg.a.C")).kind, CallGraph::VertexKind::class_);
}

TEST(CallGraph, SuperReachesABaseInAnotherFile) {
  const auto built = build({
      {"pkg.base",
       "class Base:\n"
       "    def setup(self):\n        self.load()\n"
       "    def load(self):\n        pass\n"},
      {"pkg.model",
       "from .base import Base\n"
       "import pkg.base as pb\n"
       "class Model(Base):\n"
       "    def setup(self):\n        super().setup()\n        Base.load(self)\n"
       "    def load(self):\n        super(Model, self).load()\n"
       "class Other(pb.Base):\n"
       "    def go(self):\n        self.setup()\n"},
  });
  const auto& g = built.graph;
  // super() itself is a call too.
  EXPECT_EQ(edges(g, the(g, "pkg.model.Model.setup")),
            (Names{"call:builtins.super", "super:pkg.base.Base.setup", "call:pkg.base.Base.load"}));
  EXPECT_EQ(edges(g, the(g, "pkg.model.Model.load")), (Names{"call:builtins.super", "super:pkg.base.Base.load"}));
  // self.load() in Base runs Base.load, or an override in a subclass.
  EXPECT_EQ(edges(g, the(g, "pkg.base.Base.setup")), (Names{"method:pkg.base.Base.load", "override:pkg.model.Model.load"}));
  EXPECT_EQ(callees(g, "pkg.model.Other.go"), Names{"pkg.base.Base.setup"});  // inherited, base via `import as`
}

TEST(CallGraph, FunctionsImportedFromOtherFiles) {
  const auto built = build({
      {"pkg", "from .util import helper\n", true},
      {"pkg.util", "def helper():\n    pass\ndef other():\n    pass\n"},
      {"pkg.sub.a",
       "from pkg.util import helper\n"           // absolute
       "from ..util import other as o\n"         // relative, aliased
       "from .. import util\n"                   // a sibling module
       "import pkg\n"
       "def f():\n    helper()\n    o()\n    util.other()\n    pkg.helper()\n"},  // a re-export
  });
  const auto& g = built.graph;
  EXPECT_EQ(edges(g, the(g, "pkg.sub.a.f")), (Names{"call:pkg.util.helper", "call:pkg.util.other"}));
  EXPECT_EQ(g.edges_from(the(g, "pkg.sub.a.f")).size(), 4u);  // one edge per call site
  // Imports run the imported modules' top level.
  EXPECT_EQ(module_callees(g, "pkg.sub.a"), (Names{"pkg", "pkg.util"}));
  EXPECT_EQ(module_callees(g, "pkg"), Names{"pkg.util"});
}

TEST(CallGraph, DecoratedFunctionsStayCallableByName) {
  const auto built = build({
      {"pkg.deco", "def register(f):\n    return f\n"},
      {"pkg.a",
       "import functools\n"
       "from .deco import register\n"
       "@register\n@functools.lru_cache(maxsize=None)\n"
       "def g():\n    pass\n"
       "@register\nclass K:\n    pass\n"
       "def main():\n    g()\n    K()\n"},
  });
  const auto& g = built.graph;
  EXPECT_EQ(callees(g, "pkg.a.main"), (Names{"pkg.a.g", "pkg.a.K"}));
  const auto module = g.module_vertex("pkg.a");
  EXPECT_EQ(edges(g, module), (Names{"decorator:pkg.deco.register", "call:functools.lru_cache", "import:pkg.deco"}));
  const FunctionFact& fn = built.files[1].functions[1];
  ASSERT_EQ(fn.qualname, "pkg.a.g");
  ASSERT_EQ(fn.decorators.size(), 2u);
  EXPECT_EQ(fn.decorators[0].name, "pkg.deco.register");
  EXPECT_EQ(fn.decorators[1].name, "functools.lru_cache");
}

TEST(CallGraph, RecursionSharesAnSccAndOrderIsBottomUp) {
  const auto built = build({
      {"pkg.even", "from .odd import odd\ndef even(n):\n    return n == 0 or odd(n - 1)\n"},
      {"pkg.odd", "def odd(n):\n    from .even import even\n    return n != 0 and even(n - 1)\n"},
      {"pkg.main",
       "from .even import even\n"
       "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n"
       "def leaf():\n    pass\n"
       "def main():\n    leaf()\n    fact(5)\n    even(4)\n"},
  });
  const auto& g = built.graph;
  const auto even = the(g, "pkg.even.even"), odd = the(g, "pkg.odd.odd");
  const auto fact = the(g, "pkg.main.fact"), main = the(g, "pkg.main.main"), leaf = the(g, "pkg.main.leaf");
  EXPECT_EQ(g.scc_of(even), g.scc_of(odd));
  EXPECT_EQ(g.scc_members(g.scc_of(even)), (std::vector<CallGraph::Vertex>{std::min(even, odd), std::max(even, odd)}));
  EXPECT_TRUE(g.is_recursive(g.scc_of(even)));
  EXPECT_TRUE(g.is_recursive(g.scc_of(fact)));
  EXPECT_FALSE(g.is_recursive(g.scc_of(main)));
  EXPECT_FALSE(g.is_recursive(g.scc_of(leaf)));
  EXPECT_NE(g.scc_of(main), g.scc_of(even));
  const auto& order = g.bottom_up_order();
  const auto position = [&](CallGraph::Vertex v) {
    return std::find(order.begin(), order.end(), g.scc_of(v)) - order.begin();
  };
  EXPECT_LT(position(even), position(main));
  EXPECT_LT(position(fact), position(main));
  EXPECT_LT(position(leaf), position(main));
  expect_bottom_up(g);
}

TEST(CallGraph, ReachabilityAcrossThreeFiles) {
  const auto built = build({
      {"pkg.a", "from .b import step\ndef entry():\n    step()\ndef unused_a():\n    pass\n"},
      {"pkg.b", "from . import c\ndef step():\n    c.finish('x')\ndef unused_b():\n    c.other()\n"},
      {"pkg.c",
       "import os\nclass Runner:\n    def __init__(self, cmd):\n        os.system(cmd)\n"
       "def finish(cmd):\n    Runner(cmd)\ndef other():\n    eval('1')\n"},
  });
  const auto& g = built.graph;
  const std::vector<CallGraph::Vertex> entries{the(g, "pkg.a.entry")};
  EXPECT_EQ(names_of(g, g.reachable_from(entries)),
            (Names{"pkg.a.entry", "pkg.b.step", "pkg.c.finish", "pkg.c.Runner", "pkg.c.Runner.__init__", "os.system"}));
  // What runs on load: a module's top level and what it imports.
  const std::vector<CallGraph::Vertex> load{g.module_vertex("pkg.a")};
  EXPECT_EQ(names_of(g, g.reachable_from(load)), (Names{"pkg.a", "pkg.b", "pkg.c"}));
}

TEST(CallGraph, ExternalCalleesByQualifiedName) {
  const auto built = build({{"pkg.a",
                             "import subprocess as sp\n"
                             "from os import system\n"
                             "import pickle, torch\n"
                             "def f(data, cmd):\n"
                             "    sp.run(cmd)\n    system(cmd)\n    eval(data)\n"
                             "    pickle.loads(data)\n    torch.load(data)\n    os.popen(cmd)\n"}});
  const auto& g = built.graph;
  EXPECT_EQ(callees(g, "pkg.a.f"), (Names{"subprocess.run", "os.system", "builtins.eval", "pickle.loads",
                                          "torch.load", "os.popen"}));
  for (const auto v : g.callees(the(g, "pkg.a.f"))) {
    EXPECT_EQ(g.vertex(v).kind, CallGraph::VertexKind::external);
    EXPECT_EQ(g.vertex(v).file, CallGraph::kNone);
  }
  // One vertex per external name, shared by every caller.
  const auto two = build({{"pkg.a", "import os\ndef f():\n    os.system('a')\ndef g():\n    os.system('b')\n"}});
  EXPECT_EQ(names_of(two.graph, two.graph.callers(the(two.graph, "os.system"))), (Names{"pkg.a.f", "pkg.a.g"}));
}

TEST(CallGraph, EdgesPointBackToTheirCallSites) {
  const auto built = build({{"pkg.a", "def f():\n    pass\ndef g():\n    f()\n"}});
  const auto& g = built.graph;
  const auto out = g.edges_from(the(g, "pkg.a.g"));
  ASSERT_EQ(out.size(), 1u);
  const CallFact& call = built.files[out[0].file].calls[out[0].call];
  EXPECT_EQ(call.span.start.row, 3u);
  EXPECT_EQ(call.span.start.column, 4u);
  EXPECT_EQ(call.callee.name, "pkg.a.f");
}

TEST(CallGraph, BrokenAndEmptyFilesBuild) {
  const auto built = build({{"pkg.broken", "def f(:\n  class\n    lambda\n@\ndef g(self\n    g()\nclass (:\n"},
                            {"pkg.empty", ""},
                            {"", "def top():\n    top()\n"}});  // a buffer has no module name
  const auto& g = built.graph;
  EXPECT_NE(g.module_vertex("pkg.empty"), CallGraph::kNone);
  EXPECT_TRUE(g.is_recursive(g.scc_of(the(g, "top"))));
  expect_bottom_up(g);
}

TEST(CallGraph, LongChainAndLongCycleWithoutRecursion) {
  constexpr int kFunctions = 10'000;
  std::string chain, ring;
  for (int i = 0; i < kFunctions; ++i) {
    // Appends, not operator+ chains: GCC 12 -O3 warns falsely (-Wrestrict) on those.
    const std::string self = std::to_string(i), next = std::to_string((i + 1) % kFunctions);
    chain.append("def f").append(self).append("():\n    ");
    if (i + 1 < kFunctions) chain.append("f").append(next).append("()\n");
    else chain.append("pass\n");
    ring.append("def r").append(self).append("():\n    r").append(next).append("()\n");
  }
  const auto built = build({{"chain", chain}, {"ring", ring}});
  const auto& g = built.graph;
  const auto first = the(g, "chain.f0"), last = the(g, "chain.f9999");
  EXPECT_EQ(g.reachable_from(std::vector<CallGraph::Vertex>{first}).size(), std::size_t{kFunctions});
  EXPECT_FALSE(g.is_recursive(g.scc_of(first)));
  const auto& order = g.bottom_up_order();
  EXPECT_LT(std::find(order.begin(), order.end(), g.scc_of(last)) - order.begin(),
            std::find(order.begin(), order.end(), g.scc_of(first)) - order.begin());
  const auto r0 = the(g, "ring.r0");
  EXPECT_EQ(g.scc_members(g.scc_of(r0)).size(), std::size_t{kFunctions});
  EXPECT_EQ(g.scc_of(r0), g.scc_of(the(g, "ring.r5000")));
  expect_bottom_up(g);
}

// Each loader call as "loader line: path (complete|tail)...", for one file.
std::vector<std::string> loader_calls_of(const std::string& source) {
  const auto built = build({{"m", source}});
  std::vector<std::string> out;
  for (const LoaderCallFact& call : built.files[0].loader_calls) {
    std::string line = call.loader + " " + std::to_string(call.span.start.row + 1) + ":";
    for (const PathLiteral& p : call.paths) line += " " + p.path + (p.complete ? " (complete)" : " (tail)");
    out.push_back(std::move(line));
  }
  return out;
}

TEST(CallGraph, LoaderCallsKeepThePathsWrittenInTheirArguments) {
  EXPECT_EQ(loader_calls_of("import os, pickle, joblib\n"
                            "import torch as t\n"
                            "from pathlib import Path\n"
                            "t.load('ckpt.pt', map_location='cpu')\n"
                            "t.load(os.path.join(here, 'weights', 'ckpt.pt'))\n"
                            "pickle.load(open(os.path.join(d, 'vocab.pkl'), 'rb'))\n"
                            "joblib.load(f'{root}/model.joblib')\n"
                            "pickle.loads(open('blob.pkl', 'rb').read())\n"
                            "t.load(Path(__file__).parent / 'w' / 'a.bin')\n"
                            "t.load(root + '/b.bin')\n"
                            "t.load(f'{name}.pt')\n"
                            "t.load('{}/c.pt'.format(root))\n"
                            "t.load(os.path.join('/abs', 'd.pt'))\n"
                            "t.load(Path(here).joinpath('e', 'f.pt'))\n"),
            (std::vector<std::string>{
                "torch.load 4: ckpt.pt (complete)", "torch.load 5: /weights/ckpt.pt (tail)",
                "pickle.load 6: /vocab.pkl (tail)", "joblib.load 7: /model.joblib (tail)",
                "pickle.loads 8: blob.pkl (complete)", "torch.load 9: /w/a.bin (tail)",
                "torch.load 10: /b.bin (tail)", "torch.load 11: .pt (tail)", "torch.load 12: /c.pt (tail)",
                "torch.load 13: /abs/d.pt (complete)", "torch.load 14: /e/f.pt (tail)"}));
}

TEST(CallGraph, OtherCallsAndComputedPathsKeepNothing) {
  EXPECT_TRUE(loader_calls_of("import json, torch, numpy as np\n"
                              "json.load(open('config.json'))\n"  // not a weights loader
                              "torch.load(path)\n"               // nothing written
                              "torch.load(buffer, map_location='cpu')\n"
                              "np.save('out.npy', x)\n"
                              "def load(p):\n"
                              "    pass\n"
                              "load('x.pt')\n")  // the file's own load
                  .empty());
  // `np` is numpy.load through its alias; a call in the arguments of something else.
  EXPECT_EQ(loader_calls_of("import numpy as np\nnp.load(str('arr.npy'), allow_pickle=True)\n"),
            (std::vector<std::string>{"numpy.load 2: arr.npy (complete)"}));
}

TEST(CallGraph, LoadsThatCannotRunAPickleKeepNothing) {
  EXPECT_TRUE(loader_calls_of("import torch, numpy\n"
                              "torch.load('ckpt.pt', weights_only=True)\n"
                              "numpy.load('arr.npy')\n"
                              "numpy.load('arr.npy', allow_pickle=False)\n")
                  .empty());
  EXPECT_EQ(loader_calls_of("import torch\ntorch.load('ckpt.pt', weights_only=False)\n"),
            (std::vector<std::string>{"torch.load 2: ckpt.pt (complete)"}));
}

}  // namespace
}  // namespace warden::detail
