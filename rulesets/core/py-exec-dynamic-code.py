# Tests for py-exec-dynamic-code: `warden test-rules rulesets/core`.
import base64
import builtins
from builtins import eval as evaluate

import requests


def run_downloaded(url):
    code = requests.get(url, timeout=10).text
    # ruleid: py-exec-dynamic-code
    exec(code)


def decode_and_run(blob):
    # ruleid: py-exec-dynamic-code
    exec(base64.b64decode(blob).decode())


def evaluate_expression(expr):
    # ruleid: py-exec-dynamic-code
    return eval(expr)


def interpolated(x):
    # f-strings are computed
    # ruleid: py-exec-dynamic-code
    return eval(f"{x} + 1")


def concatenated(name):
    # ruleid: py-exec-dynamic-code
    exec("import " + name)


def compiled(src):
    # ruleid: py-exec-dynamic-code
    return compile(src, "<string>", "exec")


def compiled_by_keyword(src):
    # ruleid: py-exec-dynamic-code
    return compile(source=src, filename="<string>", mode="exec")


def through_builtins(code):
    # ruleid: py-exec-dynamic-code
    builtins.exec(code)


def through_alias(expr):
    # ruleid: py-exec-dynamic-code
    return evaluate(expr)


def through_variable(code):
    run = exec
    # ruleid: py-exec-dynamic-code
    run(code)


def multi_line(parts):
    # ruleid: py-exec-dynamic-code
    exec(
        "\n".join(parts)
    )


def through_dunder_import(code):
    # ruleid: py-exec-dynamic-code
    __import__("builtins").exec(code)


def through_getattr(code):
    # Reflection is out of reach of name resolution.
    # todoruleid: py-exec-dynamic-code
    getattr(builtins, "exec")(code)


def literal_code():
    # ok: py-exec-dynamic-code
    exec("print('hello')")
    # ok: py-exec-dynamic-code
    eval("1 + 1")
    # ok: py-exec-dynamic-code
    compile("x = 1", "<string>", "exec")
    # ok: py-exec-dynamic-code
    exec("import " "json")


def no_argument():
    # ok: py-exec-dynamic-code
    exec()


class Model:
    def eval(self):
        return self

    def train(self, mode=True):
        return self


def model_code(model, text):
    # A method named eval is not the builtin.
    # ok: py-exec-dynamic-code
    model.eval()
    # ok: py-exec-dynamic-code
    Model().eval()
    # ok: py-exec-dynamic-code
    re_compiled = __import__("re").compile(text)
    return re_compiled


def shadowed():
    def exec(x):
        return x

    # ok: py-exec-dynamic-code
    exec(shadowed)


def safe_data(text):
    import ast

    # ok: py-exec-dynamic-code
    return ast.literal_eval(text)


SETUP = "import math"


def constant_pieces():
    # Built only of literals: readable as it is.
    # ok: py-exec-dynamic-code
    exec("x = " + "1")
    # ok: py-exec-dynamic-code
    exec(SETUP)
