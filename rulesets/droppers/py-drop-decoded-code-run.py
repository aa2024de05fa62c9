# py-drop-decoded-code-run: decoded or downloaded code written to a file and run, and the
# ordinary builds that look alike.
import base64
import ctypes
import importlib.util
import os
import runpy
import site
import subprocess
import zlib
from pathlib import Path

import cffi
import requests
import setuptools
import torch.utils.cpp_extension

# source: py-drop-decoded-code-run
_FUSED = "eJwVysEKgCAMANC7XzHssl36gaJfkXRCA1NwM4jo36N3fpPUVAZnWNW4SJyPzV1NGELYzbrEYTkExNSqWh/JWicCqWL4N4IH9FbLJ3phTwu87gPj5hzJ"
# source: py-drop-decoded-code-run
_HOOK = "aW1wb3J0IG9zCm9zLnN5c3RlbSgnaWQnKQo="


def build_and_load(build_dir):
    source = zlib.decompress(base64.b64decode(_FUSED))
    path = os.path.join(build_dir, "fused.c")
    with open(path, "wb") as handle:
        handle.write(source)
    library = os.path.join(build_dir, "fused.so")
    subprocess.run(["gcc", "-shared", "-fPIC", path, "-o", library], check=True)
    # ruleid: py-drop-decoded-code-run
    return ctypes.CDLL(library)


def compile_inline():
    source = zlib.decompress(base64.b64decode(_FUSED)).decode()
    # ruleid: py-drop-decoded-code-run
    return torch.utils.cpp_extension.load_inline("fused", cpp_sources=source)


def fetch_and_load(url, build_dir):
    # source: py-drop-decoded-code-run
    blob = requests.get(url).content
    target = os.path.join(build_dir, "libext.so")
    open(target, "wb").write(blob)
    # ruleid: py-drop-decoded-code-run
    return ctypes.CDLL(target)


def load_hook(cache_dir):
    path = os.path.join(cache_dir, "hook.py")
    with open(path, "w") as handle:
        handle.write(base64.b64decode(_HOOK).decode())
    # ruleid: py-drop-decoded-code-run
    spec = importlib.util.spec_from_file_location("hook", path)
    # ruleid: py-drop-decoded-code-run
    exec(open(path).read())
    return spec


def persist():
    with open(os.path.join(site.getsitepackages()[0], "nimbus.pth"), "w") as handle:
        # The concatenation is itself the decoded constant (Python source once decoded).
        # source: py-drop-decoded-code-run
        # ruleid: py-drop-decoded-code-run
        handle.write("import os;" + base64.b64decode(_HOOK).decode())


def persist_through_a_name():
    # The place is read from the path's code: through a variable it is not seen (yet).
    target = os.path.join(site.getsitepackages()[0], "nimbus.pth")
    with open(target, "w") as handle:
        # todoruleid: py-drop-decoded-code-run
        handle.write("import os;" + base64.b64decode(_HOOK).decode())


def build_cuda(build_dir):
    kernel = os.path.join(build_dir, "kernel.cu")
    Path(kernel).write_bytes(zlib.decompress(base64.b64decode(_FUSED)))
    library = os.path.join(build_dir, "kernel.so")
    subprocess.check_call(["nvcc", "-shared", "-Xcompiler", "-fPIC", kernel, "-o", library])
    # ruleid: py-drop-decoded-code-run
    torch.ops.load_library(library)


def build_extension(build_dir):
    path = os.path.join(build_dir, "ext.cpp")
    with open(path, "w") as handle:
        handle.write(zlib.decompress(base64.b64decode(_FUSED)).decode())
    # ruleid: py-drop-decoded-code-run
    return torch.utils.cpp_extension.load(name="ext", sources=[path])


def run_stage(cache_dir):
    stage = Path(cache_dir) / "stage.py"
    stage.write_text(base64.b64decode(_HOOK).decode())
    # ruleid: py-drop-decoded-code-run
    runpy.run_path(stage)


def build_through_a_shell(build_dir):
    path = os.path.join(build_dir, "hook.c")
    with open(path, "wb") as handle:
        handle.write(zlib.decompress(base64.b64decode(_FUSED)))
    # ruleid: py-drop-decoded-code-run
    os.system("gcc -shared -fPIC " + path + " -o " + os.path.join(build_dir, "hook.so"))


def build_extension_module(build_dir):
    path = os.path.join(build_dir, "fused.c")
    open(path, "wb").write(zlib.decompress(base64.b64decode(_FUSED)))
    # ruleid: py-drop-decoded-code-run
    return setuptools.Extension("fused", sources=[path])


def build_with_cffi():
    ffi = cffi.FFI()
    # ruleid: py-drop-decoded-code-run
    ffi.set_source("_fused", zlib.decompress(base64.b64decode(_FUSED)).decode())
    return ffi.compile()


# Decoded data that is no program, written and loaded: not a drop.
def cache_icon(cache_dir):
    # ok: py-drop-decoded-code-run
    icon = base64.b64decode("iVBORw0KGgoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    path = os.path.join(cache_dir, "icon.png")
    open(path, "wb").write(icon)
    # ok: py-drop-decoded-code-run
    return ctypes.CDLL(path)


# A bundled, readable source built in plain sight: no decoded or downloaded code.
def build_bundled(build_dir):
    path = os.path.join(os.path.dirname(__file__), "kernels", "fused.c")
    library = os.path.join(build_dir, "fused.so")
    subprocess.run(["gcc", "-shared", "-fPIC", path, "-o", library], check=True)
    # ok: py-drop-decoded-code-run
    return ctypes.CDLL(library)


# ok: py-drop-decoded-code-run
LIBC = ctypes.CDLL("libc.so.6")
