# Tests for py-flow-download-to-exec: `warden test-rules rulesets/taint`.
import urllib.request

import requests
from huggingface_hub import hf_hub_download


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
    # todosource: py-flow-download-to-exec
    return requests.get(url).text


def run_fetched(url):
    # Known gap: the download happens in another function.
    # todoruleid: py-flow-download-to-exec
    exec(fetch(url))
