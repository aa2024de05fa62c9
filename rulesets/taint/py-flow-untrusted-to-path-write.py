# Tests for py-flow-untrusted-to-path-write: `warden test-rules rulesets/taint`.
import io
import os
import shutil
import tarfile
import zipfile
from pathlib import Path

import requests
from werkzeug.utils import secure_filename


def save_attachment(url, dest):
    # source: py-flow-untrusted-to-path-write
    response = requests.get(url, timeout=30)
    name = response.headers["Content-Disposition"].split("filename=")[1]
    # ruleid: py-flow-untrusted-to-path-write
    with open(os.path.join(dest, name), "wb") as fh:
        fh.write(response.content)


def unzip_download(url, dest):
    # source: py-flow-untrusted-to-path-write
    archive = zipfile.ZipFile(io.BytesIO(requests.get(url).content))
    for member in archive.namelist():
        # ruleid: py-flow-untrusted-to-path-write
        (Path(dest) / member).write_bytes(archive.read(member))


def agent_writes_file(tokenizer, ids, workdir):
    # source: py-flow-untrusted-to-path-write
    reply = tokenizer.decode(ids, skip_special_tokens=True)
    filename, _, content = reply.partition("\n")
    # ruleid: py-flow-untrusted-to-path-write
    open(os.path.join(workdir, filename), mode="a").write(content)


def move_into_place(url, tmp):
    # source: py-flow-untrusted-to-path-write
    manifest = requests.get(url).json()
    # ruleid: py-flow-untrusted-to-path-write
    shutil.move(tmp, manifest["target"])
    # ruleid: py-flow-untrusted-to-path-write
    os.replace(tmp + ".bak", manifest["backup"])


def extract_where_told(url, archive_path):
    # source: py-flow-untrusted-to-path-write
    where = requests.get(url).json()["extract_to"]
    with tarfile.open(archive_path) as tar:
        # ruleid: py-flow-untrusted-to-path-write
        tar.extractall(path=where, filter="data")


def basename_only(url, dest):
    response = requests.get(url)
    name = os.path.basename(response.headers["X-Filename"])
    # ok: py-flow-untrusted-to-path-write
    with open(os.path.join(dest, name), "wb") as fh:
        fh.write(response.content)


def secure_name(url, dest):
    response = requests.get(url)
    # ok: py-flow-untrusted-to-path-write
    Path(dest, secure_filename(response.headers["X-Filename"])).write_bytes(response.content)


def fixed_destination(url, dest):
    response = requests.get(url)
    # Downloaded content, written to a path the code chose.
    # ok: py-flow-untrusted-to-path-write
    with open(os.path.join(dest, "model.bin"), "wb") as fh:
        fh.write(response.content)


def read_only(url, root):
    name = requests.get(url).text.strip()
    # Reading is not writing.
    # ok: py-flow-untrusted-to-path-write
    with open(os.path.join(root, name)) as fh:
        return fh.read()


def checked_member(url, dest):
    archive = zipfile.ZipFile(io.BytesIO(requests.get(url).content))
    root = os.path.realpath(dest)
    for member in archive.namelist():
        target = os.path.realpath(os.path.join(dest, member))
        if not target.startswith(root + os.sep):
            raise ValueError(member)
        # Known false positive: a containment check is a condition, not a sanitizer.
        # todook: py-flow-untrusted-to-path-write
        with open(target, "wb") as fh:
            fh.write(archive.read(member))


def local_output(args, data):
    # The command line's own output path.
    # ok: py-flow-untrusted-to-path-write
    Path(args.output).write_text(data)


# --- interprocedural flows: helpers, fields, globals, closures, *args and **kwargs ----

TARGET = None


def configure(url):
    global TARGET
    # source: py-flow-untrusted-to-path-write
    TARGET = requests.get(url).json()["target"]


def save(data):
    # A global set in another function.
    # ruleid: py-flow-untrusted-to-path-write
    with open(TARGET, "w") as fh:
        fh.write(data)


def write_file(path, data):
    # ruleid: py-flow-untrusted-to-path-write
    Path(path).write_text(data)


def save_remote(url, dest):
    # source: py-flow-untrusted-to-path-write
    name = requests.get(url).json()["name"]
    write_file(os.path.join(dest, name), "")
