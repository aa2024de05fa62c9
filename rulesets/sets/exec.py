# Every member of `sinks code-strings`, `sinks file-loaders`, `sinks exec`,
# `sinks native-loaders` and `sinks native-builds`, and look-alikes that are not.
import ctypes
import imp
import importlib.util
import os
import runpy
import subprocess

import cffi
import setuptools

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


def build(path, source, out):
    # ruleid: sinks.native-builds
    ext = setuptools.Extension("fused", [path])
    # ruleid: sinks.native-builds
    other = setuptools.Extension("fused", sources=[path])
    ffi = cffi.FFI()
    # ruleid: sinks.native-builds
    ffi.set_source("_fused", source)
    # ruleid: sinks.native-builds
    os.system("gcc -shared " + path + " -o " + out)
    # ruleid: sinks.native-builds
    subprocess.run(f"nvcc -shared {path} -o {out}", shell=True)
    # ok: sinks.native-builds
    os.system("make -C " + path)
    return ext, other
