# Directory test for py-flow-download-to-exec: this package is scanned as one tree, so the
# flow below can be followed from loader/fetch.py through loader/transform.py to here.
import requests

from loader.transform import prepare


def build(url):
    return prepare(url)


def run(url):
    code = build(url)
    # Five calls deep across three files: build -> prepare -> download -> _get, and normalize.
    # ruleid: py-flow-download-to-exec
    exec(code, {"__name__": "remote"})


def run_here(url):
    # A flow within this file: found today.
    # source: py-flow-download-to-exec
    reply = requests.get(url, timeout=5)
    # ruleid: py-flow-download-to-exec
    exec(reply.text)


def run_builtin():
    # ok: py-flow-download-to-exec
    exec("print('ready')")
