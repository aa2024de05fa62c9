# Tests for py-flow-download-to-shell: `warden test-rules rulesets/taint`.
import http.client
import os
import shlex
import socket
import subprocess
import urllib.request

import requests
from huggingface_hub import hf_hub_download


def post_install(url):
    # source: py-flow-download-to-shell
    script = requests.get(url, timeout=10).text
    for line in script.splitlines():
        # ruleid: py-flow-download-to-shell
        os.system(line)


def session_command(url):
    # source: py-flow-download-to-shell
    with requests.Session() as session:
        command = session.get(url).json()["command"]
    # ruleid: py-flow-download-to-shell
    subprocess.run(command, shell=True, check=True)


def http_client_command(host):
    conn = http.client.HTTPSConnection(host)
    conn.request("GET", "/cmd")
    # source: py-flow-download-to-shell
    body = conn.getresponse().read().decode()
    # ruleid: py-flow-download-to-shell
    os.popen(body)


def socket_program(host):
    sock = socket.create_connection((host, 9000))
    # source: py-flow-download-to-shell
    data, _ = sock.recvfrom(1024)
    program = data.decode().strip()
    # ruleid: py-flow-download-to-shell
    subprocess.Popen([program, "--serve"])


def socket_file(sock):
    # source: py-flow-download-to-shell
    reader = sock.makefile("r")
    # ruleid: py-flow-download-to-shell
    subprocess.check_output(reader.readline().split())


def hub_script(repo):
    # source: py-flow-download-to-shell
    path = hf_hub_download(repo_id=repo, filename="install.sh")
    # ruleid: py-flow-download-to-shell
    subprocess.call("sh " + path, shell=True)


def exec_downloaded(url):
    # source: py-flow-download-to-shell
    with urllib.request.urlopen(url) as handle:
        tool = handle.read().decode().strip()
    # ruleid: py-flow-download-to-shell
    os.execvp(tool, [tool])


def quoted_argument(url):
    name = shlex.quote(requests.get(url).json()["name"])
    # ok: py-flow-download-to-shell
    os.system("echo " + name)


def argument_after_fixed_program(url):
    revision = requests.get(url).json()["revision"]
    # An argument, not the program, and no shell.
    # ok: py-flow-download-to-shell
    subprocess.run(["git", "checkout", revision], check=True)


def status_check(url):
    ok = requests.head(url).status_code == 200
    # ok: py-flow-download-to-shell
    os.system("echo ready" if ok else "echo down")


def local_command():
    branch = os.environ.get("BRANCH", "main")
    # Not a download (see py-flow-input-to-shell).
    # ok: py-flow-download-to-shell
    os.system("git checkout " + branch)


# --- interprocedural flows: helpers, fields, globals, closures, *args and **kwargs ----


def fetch_command(url):
    # source: py-flow-download-to-shell
    return requests.get(url).json()["command"]


def run_fetched(url):
    # ruleid: py-flow-download-to-shell
    subprocess.run(fetch_command(url), shell=True)


class Installer:
    def __init__(self, url):
        # source: py-flow-download-to-shell
        self.steps = requests.get(url).json()["steps"]

    def install(self):
        for step in self.steps:
            # ruleid: py-flow-download-to-shell
            os.system(step)


def shell(cmd, **kwargs):
    # ruleid: py-flow-download-to-shell
    return subprocess.run(cmd, shell=True, **kwargs)


def run_remote(url):
    # source: py-flow-download-to-shell
    shell(requests.get(url).text, check=True)
