# Every member of `sinks file-writes` and `sanitizers file-names`, and look-alikes that are not.
import os
import shutil
import tarfile
from pathlib import Path


def save(path, data, archive_path, name):
    # ruleid: sinks.file-writes
    out = open(path, "w")
    # ok: sinks.file-writes
    read = open(path)
    # ruleid: sinks.file-writes
    log = open(mode="a", file=path)
    # ruleid: sinks.file-writes
    handle = Path(path).open("wb")
    # ok: sinks.file-writes
    Path(path).open("r")
    # ruleid: sinks.file-writes
    Path(path).write_text(data)
    # ruleid: sinks.file-writes
    Path(path).write_bytes(data)
    # ruleid: sinks.file-writes
    shutil.copy("a.txt", path)
    # ruleid: sinks.file-writes
    os.rename("a.txt", path)
    archive = tarfile.open(archive_path)
    # ruleid: sinks.file-writes
    archive.extractall(path)
    # ruleid: sinks.file-writes
    archive.extractall(members=None, path=path)
    # ruleid: sanitizers.file-names
    safe = os.path.basename(name)
    return out, read, log, handle, safe
