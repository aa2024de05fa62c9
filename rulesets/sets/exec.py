# Every member of `sinks code-strings` and `sinks exec`, and look-alikes that are not.
import importlib.util
import runpy


def run(source, path):
    # ruleid: sinks.code-strings, sinks.exec
    exec(source)
    # ruleid: sinks.code-strings, sinks.exec
    value = eval(source)
    # ruleid: sinks.exec
    code = compile(source, "<string>", "exec")
    # ruleid: sinks.exec
    runpy.run_path(path)
    # ruleid: sinks.exec
    spec = importlib.util.spec_from_file_location("plugin", path)
    # ok: sinks.code-strings, sinks.exec
    importlib.util.find_spec("json")
    return value, code, spec
