# Every member of `sinks file-writes`, `sinks startup-writes` and `sanitizers file-names`, and
# look-alikes that are not.
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


def persist(site_dir, payload, home):
    # ruleid: sinks.file-writes
    with open(site_dir + "/nimbus.pth", "w") as handle:
        # ruleid: sinks.startup-writes
        handle.write(payload)
    # ruleid: sinks.startup-writes, sinks.file-writes
    open(home + "/.bashrc", "a").write(payload)
    # ruleid: sinks.startup-writes, sinks.file-writes
    Path(home, ".ssh", "authorized_keys").write_text(payload)
    # ruleid: sinks.file-writes
    with open(site_dir + "/notes.txt", "w") as handle:
        # ok: sinks.startup-writes
        handle.write(payload)
