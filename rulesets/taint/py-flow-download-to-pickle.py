# Tests for py-flow-download-to-pickle: `warden test-rules rulesets/taint`.
import io
import pickle
import urllib.request

import dill
import joblib
import numpy as np
import pandas as pd
import requests
import torch
import yaml
from huggingface_hub import hf_hub_download


def remote_state(url):
    # source: py-flow-download-to-pickle
    blob = requests.get(url).content
    # ruleid: py-flow-download-to-pickle
    return pickle.loads(blob)


def hub_state(repo):
    # source: py-flow-download-to-pickle
    path = hf_hub_download(repo, "state.pkl")
    with open(path, "rb") as fh:
        # ruleid: py-flow-download-to-pickle
        return pickle.load(fh)


def urllib_state(url):
    # ruleid: py-flow-download-to-pickle
    # source: py-flow-download-to-pickle
    return pickle.load(urllib.request.urlopen(url))


def hub_checkpoint(repo):
    # source: py-flow-download-to-pickle
    path = hf_hub_download(repo, "pytorch_model.bin")
    # ruleid: py-flow-download-to-pickle
    return torch.load(path, map_location="cpu")


def hub_checkpoint_weights_only(repo):
    path = hf_hub_download(repo, "pytorch_model.bin")
    # ok: py-flow-download-to-pickle
    return torch.load(path, weights_only=True)


def remote_arrays(url):
    # source: py-flow-download-to-pickle
    blob = io.BytesIO(requests.get(url).content)
    # ruleid: py-flow-download-to-pickle
    return np.load(blob, allow_pickle=True)


def remote_arrays_plain(url):
    blob = io.BytesIO(requests.get(url).content)
    # ok: py-flow-download-to-pickle
    return np.load(blob)


def hub_frame(repo):
    # source: py-flow-download-to-pickle
    path = hf_hub_download(repo, "data.pkl")
    # ruleid: py-flow-download-to-pickle
    return pd.read_pickle(path)


def hub_estimator(repo):
    # source: py-flow-download-to-pickle
    path = hf_hub_download(repo, "sklearn_model.joblib")
    # ruleid: py-flow-download-to-pickle
    return joblib.load(path)


def remote_closure(url):
    # source: py-flow-download-to-pickle
    payload = requests.post(url, json={}).content
    # ruleid: py-flow-download-to-pickle
    return dill.loads(payload)


def remote_yaml(url):
    # source: py-flow-download-to-pickle
    text = requests.get(url).text
    # ruleid: py-flow-download-to-pickle
    return yaml.load(text, Loader=yaml.Loader)


def remote_yaml_safe(url):
    text = requests.get(url).text
    # ok: py-flow-download-to-pickle
    return yaml.load(text, Loader=yaml.SafeLoader)


def socket_state(sock):
    header = sock.recv(8)
    # Both receives are sources; the flow is reported from the second.
    # ruleid: py-flow-download-to-pickle
    # source: py-flow-download-to-pickle
    return pickle.loads(header + sock.recv(int.from_bytes(header, "big")))


def local_state(path):
    with open(path, "rb") as fh:
        # ok: py-flow-download-to-pickle
        return pickle.load(fh)


def download(url):
    # source: py-flow-download-to-pickle
    return requests.get(url).content


def load_downloaded(url):
    # The download happens in another function.
    # ruleid: py-flow-download-to-pickle
    return pickle.loads(download(url))
