# Every member of `sinks code-strings`, `sinks file-loaders`, `sinks exec` and
# `sinks native-loaders`, and look-alikes that are not.
import ctypes
import imp
import importlib.util
import runpy

import torch.utils.cpp_extension


def run(source, path):
    # ruleid: sinks.code-strings, sinks.exec
    exec(source)
    # ruleid: sinks.code-strings, sinks.exec
    value = eval(source)
    # ruleid: sinks.exec
    code = compile(source, "<string>", "exec")
    # ruleid: sinks.exec, sinks.file-loaders
    runpy.run_path(path)
    # ruleid: sinks.exec, sinks.file-loaders
    spec = importlib.util.spec_from_file_location("plugin", path)
    # ok: sinks.code-strings, sinks.exec, sinks.file-loaders, sinks.native-loaders
    importlib.util.find_spec("json")
    return value, code, spec


def native(path, source):
    # ruleid: sinks.native-loaders
    lib = ctypes.CDLL(path)
    # ruleid: sinks.native-loaders
    other = ctypes.cdll.LoadLibrary(path)
    # ruleid: sinks.native-loaders
    ext = imp.load_dynamic("ext", path)
    # ruleid: sinks.native-loaders
    inline = torch.utils.cpp_extension.load_inline("k", cpp_sources=source)
    # ruleid: sinks.native-loaders
    built = torch.utils.cpp_extension.load(name="k", sources=path)
    # ok: sinks.native-loaders
    found = ctypes.util.find_library("c")
    return lib, other, ext, inline, built, found
