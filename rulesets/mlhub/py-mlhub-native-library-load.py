# Tests for py-mlhub-native-library-load: `warden test-rules rulesets/mlhub`.
import ctypes
import ctypes.util
import os
from ctypes import CDLL, cdll

import torch
from cffi import FFI

_HERE = os.path.dirname(os.path.abspath(__file__))


def load_kernels():
    # A binary shipped next to the modeling file.
    # ruleid: py-mlhub-native-library-load
    return ctypes.CDLL(os.path.join(_HERE, "libfused_attention.so"))


def load_kernels_relative():
    # ruleid: py-mlhub-native-library-load
    return cdll.LoadLibrary("./kernels/libquant.so")


def load_kernels_from_config(config):
    # ruleid: py-mlhub-native-library-load
    return CDLL(config.kernel_path, mode=ctypes.RTLD_GLOBAL)


def load_ops(path):
    # ruleid: py-mlhub-native-library-load
    torch.ops.load_library(path)


def load_with_cffi(lib_dir):
    ffi = FFI()
    ffi.cdef("int add(int, int);")
    # ruleid: py-mlhub-native-library-load
    return ffi.dlopen(os.path.join(lib_dir, "libadd.so"))


def libc():
    # A system library by name: the dynamic loader finds it.
    # ok: py-mlhub-native-library-load
    return ctypes.CDLL("libc.so.6")


def cuda_driver():
    # ok: py-mlhub-native-library-load
    return ctypes.CDLL("/usr/lib/x86_64-linux-gnu/libcuda.so.1")


def found_by_name():
    # ok: py-mlhub-native-library-load
    return ctypes.CDLL(ctypes.util.find_library("gomp"))


def found_by_name_indirect():
    path = ctypes.util.find_library("gomp")
    # A variable holding a find_library result is still computed.
    # todook: py-mlhub-native-library-load
    return ctypes.CDLL(path)


def ffi_system_lib():
    ffi = FFI()
    # ok: py-mlhub-native-library-load
    return ffi.dlopen("c")


def buffer(data):
    # Other ctypes calls load nothing.
    # ok: py-mlhub-native-library-load
    return ctypes.create_string_buffer(data)
