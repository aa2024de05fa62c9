# Tests for py-mlhub-native-build: `warden test-rules rulesets/mlhub`.
import os
import subprocess
from pathlib import Path

import torch
from torch.utils.cpp_extension import load, load_inline

_KERNELS = Path(__file__).parent / "kernels"


def fused_rmsnorm():
    # ruleid: py-mlhub-native-build
    return load(
        name="fused_rmsnorm",
        sources=[str(_KERNELS / "rmsnorm.cpp"), str(_KERNELS / "rmsnorm_cuda.cu")],
        verbose=False,
    )


def inline_kernel(source):
    # ruleid: py-mlhub-native-build
    return torch.utils.cpp_extension.load_inline("inline_kernel", cpp_sources=[source])


def build_with_gcc(out):
    # ruleid: py-mlhub-native-build
    subprocess.check_call(["gcc", "-shared", "-fPIC", "-O2", str(_KERNELS / "quant.c"), "-o", out])


def build_with_nvcc():
    # ruleid: py-mlhub-native-build
    subprocess.run(["/usr/local/cuda/bin/nvcc", "-c", "attention.cu"], check=True)


def build_with_make():
    # ruleid: py-mlhub-native-build
    subprocess.check_call("make")


def build_with_os_system():
    # A shell: py-exec-os-system (core) reports this line.
    # ok: py-mlhub-native-build
    os.system("make -C kernels")


def build_with_shell(src):
    # py-exec-subprocess-shell (core) reports this line.
    # ok: py-mlhub-native-build
    subprocess.run(f"g++ -O3 -shared {src} -o libfast.so", shell=True, check=True)


def git_commit():
    # Other programs are not compilers.
    # ok: py-mlhub-native-build
    return subprocess.check_output(["git", "rev-parse", "HEAD"]).decode().strip()


def gpu_info():
    # ok: py-mlhub-native-build
    return subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv"], capture_output=True)


def cc_in_argument():
    # A compiler named as an argument, not run.
    # ok: py-mlhub-native-build
    subprocess.run(["which", "gcc"])


def load_checkpoint(model, path):
    # A model's load is not cpp_extension's.
    # ok: py-mlhub-native-build
    model.load(path)


def computed_compiler(compiler, src):
    # The compiler comes from a variable: not seen.
    # todoruleid: py-mlhub-native-build
    subprocess.run([compiler, "-shared", src])
