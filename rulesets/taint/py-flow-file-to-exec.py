# Tests for py-flow-file-to-exec: `warden test-rules rulesets/taint`.
import ast
import json
import os
from pathlib import Path


def read_version(root):
    namespace = {}
    # source: py-flow-file-to-exec
    with open(os.path.join(root, "version.py")) as fh:
        # ruleid: py-flow-file-to-exec
        exec(fh.read(), namespace)
    return namespace["__version__"]


def run_hook(root):
    # source: py-flow-file-to-exec
    source = Path(root, "hooks.py").read_text()
    # Compiling alone runs nothing; running the result does.
    # ok: py-flow-file-to-exec
    code = compile(source, "hooks.py", "exec")
    # ruleid: py-flow-file-to-exec
    exec(code)


def eval_setting(path):
    # source: py-flow-file-to-exec
    lines = open(path).readlines()
    # ruleid: py-flow-file-to-exec
    return eval(lines[0])


def bytes_payload(path: Path):
    # source: py-flow-file-to-exec
    blob = path.read_bytes()
    # ruleid: py-flow-file-to-exec
    exec(blob.decode("utf-8"))


def syntax_check(path):
    with open(path) as fh:
        # ok: py-flow-file-to-exec
        compile(fh.read(), path, "exec")
    return True


def literal_setting(path):
    with open(path) as fh:
        value = ast.literal_eval(fh.read())
    # ok: py-flow-file-to-exec
    exec("import math")
    return value


def json_config(path):
    with open(path) as fh:
        config = json.load(fh)
    # ok: py-flow-file-to-exec
    return eval("1 + 1"), config


def write_code(path, code):
    with open(path, "w") as fh:
        fh.write(code)
    # A different value: not read from the file.
    # ok: py-flow-file-to-exec
    exec(code)


# --- interprocedural flows: helpers, fields, globals, closures, *args and **kwargs ----


def read_script(path):
    # source: py-flow-file-to-exec
    return Path(path).read_text()


def run_script(path):
    # ruleid: py-flow-file-to-exec
    exec(read_script(path))


CONFIG = {}


def load_config(path):
    # todosource: py-flow-file-to-exec
    CONFIG["init"] = open(path).read()


def init():
    # Known gap: a module-level container filled in another function.
    # todoruleid: py-flow-file-to-exec
    exec(CONFIG["init"])
