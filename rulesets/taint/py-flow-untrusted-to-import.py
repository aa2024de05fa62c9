# Tests for py-flow-untrusted-to-import: `warden test-rules rulesets/taint`.
import importlib
import os
import sys

import requests
from huggingface_hub import snapshot_download


def plugin_from_server(url):
    # source: py-flow-untrusted-to-import
    name = requests.get(url, timeout=5).json()["plugin"]
    # ruleid: py-flow-untrusted-to-import
    return importlib.import_module(f"plugins.{name}")


def module_from_hub(repo):
    # source: py-flow-untrusted-to-import
    local = snapshot_download(repo_id=repo)
    sys.path.insert(0, local)
    module_name = os.path.basename(local).replace("-", "_")
    # ruleid: py-flow-untrusted-to-import
    return __import__(module_name)


def tool_module(tokenizer, ids):
    # source: py-flow-untrusted-to-import
    answer = tokenizer.decode(ids, skip_special_tokens=True)
    # ruleid: py-flow-untrusted-to-import
    tool = importlib.import_module(answer.split(":")[0])
    return tool


SUPPORTED = {"bert": "models.bert", "gpt2": "models.gpt2"}


def from_fixed_table(url):
    kind = requests.get(url).json()["kind"]
    module_name = SUPPORTED.get(kind, "models.bert")
    # A known gap of the table look-up: the value looked up still counts as tainted.
    # todook: py-flow-untrusted-to-import
    return importlib.import_module(module_name)


def constant_module(url):
    response = requests.get(url)
    # ok: py-flow-untrusted-to-import
    json_module = importlib.import_module("json")
    return json_module.loads(response.text)


def local_name():
    # Configuration chosen by whoever runs the program is not a download.
    # ok: py-flow-untrusted-to-import
    return importlib.import_module(os.environ.get("BACKEND", "numpy"))


# --- interprocedural flows: helpers, fields, globals, closures, *args and **kwargs ----


def backend_name(url):
    # source: py-flow-untrusted-to-import
    return requests.get(url).json()["backend"]


def load_backend(url):
    # ruleid: py-flow-untrusted-to-import
    return importlib.import_module(backend_name(url))


def make_loader(url):
    # source: py-flow-untrusted-to-import
    remote = requests.get(url).json()

    def load():
        # A closure's free variable.
        # ruleid: py-flow-untrusted-to-import
        return importlib.import_module(remote["module"])

    return load
