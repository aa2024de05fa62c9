# Every member of `sinks dynamic-imports`, and look-alikes that are not.
import importlib


def load(name):
    # ruleid: sinks.dynamic-imports
    module = importlib.import_module(name)
    # ruleid: sinks.dynamic-imports
    other = __import__(name)
    # ok: sinks.dynamic-imports
    importlib.reload(module)
    return module, other
