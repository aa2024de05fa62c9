"""Ordinary downloads in model code: data, not code."""
import ast
import json
import os
import subprocess
import urllib.request

import requests
import torch


def load_config(url):
    # ok: yara.download_exec.python_fetch_exec
    return json.loads(urllib.request.urlopen(url).read())


def load_labels(url):
    # literal_eval only builds literals.
    # ok: yara.download_exec.python_fetch_exec
    return ast.literal_eval(requests.get(url, timeout=10).text)


def evaluate(model: torch.nn.Module, url: str):
    # ok: yara.download_exec.python_fetch_exec
    batch = requests.get(url, timeout=10).content
    model.eval()
    return model(torch.frombuffer(bytearray(batch), dtype=torch.uint8))


def run_local_script(path):
    # A file of the repository, not a download.
    with open(path) as f:
        # ok: yara.download_exec.python_fetch_exec
        exec(compile(f.read(), path, "exec"))


def fetch_vocab(url, path):
    # ok: yara.download_exec.fetch_chmod_run
    urllib.request.urlretrieve(url, path)
    os.chmod(path, 0o644)
    subprocess.run(["wc", "-l", path], check=True)
