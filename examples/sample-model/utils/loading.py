"""Loading helpers for the side files shipped next to the weights."""

import os
import pickle
import subprocess
import subprocess as sp
from os import system as run

import requests
import yaml


def read_generation_defaults(root):
    path = os.path.join(root, "generation.yaml")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return yaml.load(f, Loader=yaml.SafeLoader)


def read_legacy_defaults(root):
    with open(os.path.join(root, "legacy.yaml")) as f:
        return yaml.load(f)


def load_extra_weights(model, root):
    path = os.path.join(root, "extra_weights.pkl")
    if os.path.exists(path):
        with open(path, "rb") as f:
            blob = f.read()
        model.extra = pickle.loads(blob)


def fetch_assets(root, url):
    listing = subprocess.run(["ls", root], capture_output=True, text=True)
    if "assets" in listing.stdout:
        return
    cmd = f"cd {root} && git lfs pull --include assets/"
    sp.run(cmd, shell=True, check=False)
    response = requests.get(url, timeout=30, verify=False)
    with open(os.path.join(root, "assets.tar"), "wb") as f:
        f.write(response.content)


def gpu_name():
    query = os.popen
    return query("nvidia-smi --query-gpu=name --format=csv,noheader").read().strip()


def clear_cache(cache_dir):
    __import__("os").system("rm -rf " + cache_dir)


def install_requirements(packages):
    for package in packages:
        run(f"pip install -q {package}")
