# Tests for py-flow-download-to-pickle: `warden test-rules rulesets/taint`.
import pickle
import urllib.request

import requests
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


def local_state(path):
    with open(path, "rb") as fh:
        # ok: py-flow-download-to-pickle
        return pickle.load(fh)


def download(url):
    # todosource: py-flow-download-to-pickle
    return requests.get(url).content


def load_downloaded(url):
    # Known gap: the download happens in another function.
    # todoruleid: py-flow-download-to-pickle
    return pickle.loads(download(url))
