// Two rule-language features: the file-level filter `imports NAMES` (inside `all`, or under
// `not`): the file has an import statement, at any scope, importing a matching module or
// name; and `{{` / `}}` for literal braces in message templates.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "temp_tree.hpp"
#include "rule_error_lines.hpp"
#include "warden/warden.hpp"

namespace warden {
namespace {

using Lines = std::vector<std::string>;

std::string rule(const std::string& match, const std::string& message = "found") {
  return "rule r {\n  title: \"t\"\n  message: \"" + message + "\"\n  severity: low\n  confidence: low\n  match: " + match +
         "\n}\n";
}

// "line:message" of each finding of the rules run on the code.
Lines run(const std::string& rules, const std::string& code, const std::string& path = "t.py") {
  const Scanner scanner(RuleSet::from_text("test.rule", rules));
  Lines out;
  for (const auto& f : scanner.scan_buffer(path, code).findings) {
    out.push_back(std::to_string(f.range.start.line) + ":" + f.message);
  }
  return out;
}

using testing::errors_of;

// ---------------------------------------------------------------------------------------
// imports NAMES

const std::string flask_debug = rule("all {\n    pattern `$APP.run(..., debug=True, ...)`\n    imports [flask, flask.*]\n  }");

TEST(ImportsFilter, HoldsWhenTheFileImportsAMatchingModule) {
  EXPECT_EQ(run(flask_debug, "import flask\napp = flask.Flask(__name__)\napp.run(debug=True)\n"), (Lines{"3:found"}));
  // `from flask import Flask` imports flask and flask.Flask.
  EXPECT_EQ(run(flask_debug, "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n"),
            (Lines{"3:found"}));
  EXPECT_EQ(run(flask_debug, "import flask.views as v\napp.run(debug=True)\n"), (Lines{"2:found"}));
  // Without a flask import, the same call is not reported.
  EXPECT_EQ(run(flask_debug, "import bottle\napp = bottle.Bottle()\napp.run(debug=True)\n"), Lines{});
  // A name that only starts like the module does not match.
  EXPECT_EQ(run(flask_debug, "import flask_cors\napp.run(debug=True)\n"), Lines{});
  // `from flask.json import provider` imports flask.json (which flask.* matches: `*` is one
  // dotted segment) and flask.json.provider (which it does not).
  EXPECT_EQ(run(flask_debug, "from flask.json import provider\napp.run(debug=True)\n"), (Lines{"2:found"}));
}

TEST(ImportsFilter, AnyScopeAndAnyPlaceInTheFile) {
  // An import inside a function, after the call, or in a try block counts.
  EXPECT_EQ(run(flask_debug, "def main():\n    import flask\n    return flask.Flask(__name__)\n\napp.run(debug=True)\n"),
            (Lines{"5:found"}));
  EXPECT_EQ(run(flask_debug, "app.run(debug=True)\ntry:\n    from flask import Flask\nexcept ImportError:\n    pass\n"),
            (Lines{"1:found"}));
  // Several findings in one file, each sees the same imports.
  EXPECT_EQ(run(flask_debug, "import flask\na.run(debug=True)\nb.run(debug=True)\n"), (Lines{"2:found", "3:found"}));
}

TEST(ImportsFilter, EachFileHasItsOwnImports) {
  const Scanner scanner(RuleSet::from_text("test.rule", flask_debug));
  EXPECT_EQ(scanner.scan_buffer("a.py", "import flask\napp.run(debug=True)\n").findings.size(), 1u);
  EXPECT_EQ(scanner.scan_buffer("b.py", "import os\napp.run(debug=True)\n").findings.size(), 0u);
  EXPECT_EQ(scanner.scan_buffer("c.py", "from flask import Flask\napp.run(debug=True)\n").findings.size(), 1u);
}

TEST(ImportsFilter, FromImportImportsTheDottedName) {
  const std::string r = rule("all { call paramiko.SSHClient  imports paramiko.client.SSHClient }");
  // `imports [a.b]` holds for `from a import b`; a plain `import paramiko` does not import
  // paramiko.client.SSHClient.
  EXPECT_EQ(run(r, "from paramiko.client import SSHClient\nimport paramiko\nparamiko.SSHClient()\n"),
            (Lines{"3:found"}));
  EXPECT_EQ(run(r, "import paramiko\nparamiko.SSHClient()\n"), Lines{});
}

TEST(ImportsFilter, Negated) {
  const std::string r = rule("all { call xml.etree.ElementTree.parse  not imports [defusedxml, defusedxml.*] }");
  EXPECT_EQ(run(r, "import xml.etree.ElementTree as ET\nET.parse(f)\n"), (Lines{"2:found"}));
  EXPECT_EQ(run(r, "import xml.etree.ElementTree as ET\nimport defusedxml\nET.parse(f)\n"), Lines{});
  EXPECT_EQ(run(r, "import xml.etree.ElementTree as ET\nfrom defusedxml import ElementTree\nET.parse(f)\n"), Lines{});
}

TEST(ImportsFilter, RelativeImportsResolveAsForImport) {
  // In the package pkg, app.py's `from .web import flask` imports pkg.web and pkg.web.flask;
  // `from . import views` imports pkg.views.
  const testing::TempTree tree({{"repo/pkg/__init__.py", ""},
                                {"repo/pkg/web.py", "flask = None\n"},
                                {"repo/pkg/app.py", "from .web import flask\napp.run(debug=True)\n"},
                                {"repo/pkg/other.py", "from . import views\napp.run(debug=True)\n"},
                                {"repo/pkg/absolute.py", "from web import flask\napp.run(debug=True)\n"}});
  const RuleSet rules = RuleSet::from_text(
      "test.rule", rule("all { pattern `$APP.run(..., debug=True, ...)`  imports [pkg.web.flask, pkg.views] }"));
  Lines found;
  for (const auto& f : Scanner(rules).scan({tree.root() / "repo"}).findings) {
    found.push_back(std::filesystem::path(f.file).filename().string() + ":" + std::to_string(f.range.start.line));
  }
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (Lines{"app.py:2", "other.py:2"}));

  // An `import` formula with the same names agrees with the filter on every file below.
  for (const std::string code : {"import flask\n", "from flask import Flask\n", "from . import flask\n", "import os\n",
                                 "from .web import flask\n"}) {
    const bool by_import = !run(rule("import [pkg.web.flask, flask, pkg.flask]"), code, "pkg/app.py").empty();
    const bool by_filter =
        !run(rule("all { node module  imports [pkg.web.flask, flask, pkg.flask] }"), code, "pkg/app.py").empty();
    EXPECT_EQ(by_import, by_filter) << code;
  }
}

TEST(ImportsFilter, ImportIsStillTheStatementFormula) {
  // `import` matches the statements themselves; `imports` filters where something else matched.
  EXPECT_EQ(run(rule("import flask"), "x = 1\nimport flask\n"), (Lines{"2:found"}));
  EXPECT_EQ(run(rule("all { node module  imports flask }"), "x = 1\nimport flask\n"), (Lines{"1:found"}));
}

TEST(ImportsFilter, Errors) {
  EXPECT_EQ(errors_of(rule("all {\n    call f\n    imports []\n  }")),
            (Lines{"8:14: expected a module or name like telnetlib"}));
  EXPECT_EQ(errors_of(rule("all {\n    call f\n    imports [flask.]\n  }")), (Lines{"8:20: expected a name after '.'"}));
  EXPECT_EQ(errors_of(rule("all {\n    call f\n    imports\n  }")),
            (Lines{"9:3: expected a module or name like telnetlib, or a list [a.b, c.d]"}));
  EXPECT_EQ(errors_of(rule("all {\n    call f\n    imports [flask, {a, b]\n  }")),
            (Lines{"8:26: expected ',' or '}' to close the alternatives"}));
  // A filter: not on its own, in `any`, or under `inside`.
  EXPECT_EQ(errors_of(rule("imports [flask]")),
            (Lines{"6:10: 'imports' must be inside 'all { ... }' (or directly under 'not')"}));
  EXPECT_EQ(errors_of(rule("all { call f  any { imports flask  call g } }")),
            (Lines{"6:30: 'imports' must be inside 'all { ... }' (or directly under 'not')"}));
  EXPECT_EQ(errors_of(rule("all { call f  inside imports flask }")),
            (Lines{"6:31: 'imports' must be inside 'all { ... }' (or directly under 'not')"}));
  EXPECT_EQ(errors_of(rule("all { imports flask }")),
            (Lines{"6:10: 'all' needs at least one pattern, call, import or node to match; filters alone match nothing"}));
}

// ---------------------------------------------------------------------------------------
// {{ and }} in messages

TEST(MessageBraces, DoubledBracesAreLiteral) {
  EXPECT_EQ(run(rule("call f", "to escape, write ${{ data |h }}"), "f()\n"), (Lines{"1:to escape, write ${ data |h }"}));
  EXPECT_EQ(run(rule("call eval", "{{callee}} is {callee}"), "eval(x)\n"), (Lines{"1:{callee} is eval"}));
  EXPECT_EQ(run(rule("`f($X)`", "{{{$X}}} and {{$X}}"), "f(a)\n"), (Lines{"1:{a} and {$X}"}));
  EXPECT_EQ(run(rule("call f", "}}{{"), "f()\n"), (Lines{"1:}{"}));
  // A doubled placeholder names nothing, so it need not be bound.
  EXPECT_EQ(errors_of(rule("call f", "{{$UNBOUND}} {{nonsense}}")), Lines{});
}

TEST(MessageBraces, TaintMessages) {
  const std::string r =
      "rule r {\n  title: \"t\"\n  message: \"{{$SOURCE}}: {$SINK} from {$SOURCE} {{x}}\"\n  severity: high\n"
      "  confidence: medium\n  taint: {\n    source: call input\n    sink: all { call os.system  pattern "
      "`os.system($SINK)`  focus $SINK }\n  }\n}\n";
  EXPECT_EQ(run(r, "import os\ncmd = input()\nos.system(cmd)\n"), (Lines{"3:{$SOURCE}: cmd from input() {x}"}));
}

TEST(MessageBraces, Errors) {
  EXPECT_EQ(errors_of(rule("call f", "a } b")), (Lines{"3:12: unmatched '}' in the message; write '}}' for a literal '}'"}));
  EXPECT_EQ(errors_of(rule("call f", "a { b")), (Lines{"3:12: unclosed '{' in the message; write '{{' for a literal '{'"}));
  EXPECT_EQ(errors_of(rule("call f", "{{x}")), (Lines{"3:12: unmatched '}' in the message; write '}}' for a literal '}'"}));
  EXPECT_EQ(errors_of(rule("call f", "{data |h}")),
            (Lines{"3:12: unknown placeholder {data |h} in the message; use {callee} or {$NAME}, and {{ and }} for "
                   "literal braces"}));
}

}  // namespace
}  // namespace warden
