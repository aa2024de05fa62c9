# Tests for py-flow-download-to-exec: `warden test-rules rulesets/taint`.
import http.client
import importlib.util
import runpy
import urllib.request

import httpx
import requests
from huggingface_hub import HfApi, hf_hub_download, snapshot_download
from transformers.utils import cached_file


def remote_config(url):
    # source: py-flow-download-to-exec
    response = requests.get(url, timeout=10)
    source = response.text
    # ruleid: py-flow-download-to-exec
    exec(source)


def remote_expression(url):
    # ruleid: py-flow-download-to-exec
    # source: py-flow-download-to-exec
    return eval(requests.get(url).json()["expr"])


def urllib_code(url):
    # source: py-flow-download-to-exec
    with urllib.request.urlopen(url) as handle:
        body = handle.read().decode()
    # ruleid: py-flow-download-to-exec
    code = compile(body, "<remote>", "exec")
    return code


def hub_script(repo):
    # source: py-flow-download-to-exec
    path = hf_hub_download(repo_id=repo, filename="setup_model.py")
    with open(path) as fh:
        script = fh.read()
    # ruleid: py-flow-download-to-exec
    exec(script, {})


def socket_payload(sock):
    chunks = []
    # source: py-flow-download-to-exec
    chunks.append(sock.recv(4096))
    # ruleid: py-flow-download-to-exec
    exec(b"".join(chunks))


def httpx_code(url):
    # source: py-flow-download-to-exec
    with httpx.Client() as client:
        body = client.get(url).text
    # ruleid: py-flow-download-to-exec
    exec(body)


def http_client_code(host):
    conn = http.client.HTTPSConnection(host)
    conn.request("GET", "/patch.py")
    # source: py-flow-download-to-exec
    response = conn.getresponse()
    # ruleid: py-flow-download-to-exec
    exec(response.read())


def socket_file(sock):
    # source: py-flow-download-to-exec
    stream = sock.makefile("rb")
    # ruleid: py-flow-download-to-exec
    eval(stream.readline())


def hub_module_path(repo):
    # source: py-flow-download-to-exec
    path = cached_file(repo, "modeling_custom.py")
    # ruleid: py-flow-download-to-exec
    return importlib.util.spec_from_file_location("modeling_custom", path)


def hub_snapshot_script(repo):
    # source: py-flow-download-to-exec
    root = snapshot_download(repo_id=repo)
    # ruleid: py-flow-download-to-exec
    return runpy.run_path(f"{root}/prepare.py")


def api_download(repo):
    api = HfApi()
    # source: py-flow-download-to-exec
    script = api.hf_hub_download(repo_id=repo, filename="hook.py")
    # ruleid: py-flow-download-to-exec
    runpy.run_path(script)


def local_script(path):
    # ok: py-flow-download-to-exec
    return runpy.run_path(path)


def constant_code(url):
    response = requests.get(url)
    # ok: py-flow-download-to-exec
    exec("import math")
    return response


def status_only(url):
    ok = requests.get(url).status_code == 200
    # ok: py-flow-download-to-exec
    eval("1 + 1")
    return ok


def fetch(url):
    # source: py-flow-download-to-exec
    return requests.get(url).text


def run_fetched(url):
    # The download happens in another function.
    # ruleid: py-flow-download-to-exec
    exec(fetch(url))
