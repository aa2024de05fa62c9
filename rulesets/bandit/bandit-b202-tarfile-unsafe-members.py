import tarfile
import zipfile
from zipfile import ZipFile


def safe_members(tar):
    for member in tar.getmembers():
        if not member.name.startswith(("/", "..")):
            yield member


def unpack(path, dest, names):
    tar = tarfile.open(path)
    # No members=: high ("used without any validation").
    # ruleid: bandit-b202-tarfile-unsafe-members (severity: high, confidence: high)
    tar.extractall(dest)
    # ruleid: bandit-b202-tarfile-unsafe-members
    tar.extractall()
    with tarfile.open(path, "r:gz") as archive:
        # ruleid: bandit-b202-tarfile-unsafe-members
        archive.extractall(
            path=dest,
        )
    # ruleid: bandit-b202-tarfile-unsafe-members
    tarfile.open(path).extractall(dest)
    # members= a call: low, low confidence (Bandit trusts the function to filter).
    # ruleid: bandit-b202-tarfile-unsafe-members (severity: low, confidence: low)
    tar.extractall(dest, members=safe_members(tar))
    # Any other members=: medium.
    # ruleid: bandit-b202-tarfile-unsafe-members (severity: medium, confidence: medium)
    tar.extractall(dest, members=names)
    # ruleid: bandit-b202-tarfile-unsafe-members (severity: medium, confidence: medium)
    tar.extractall(dest, members=[m for m in tar if m.isfile()])
    # Only filter="data" counts as safe for Bandit.
    # ruleid: bandit-b202-tarfile-unsafe-members (severity: high)
    tar.extractall(dest, filter="tar")
    # ruleid: bandit-b202-tarfile-unsafe-members
    tar.extractall(dest, filter="fully_trusted")
    # ok: bandit-b202-tarfile-unsafe-members
    tar.extractall(dest, filter="data")
    # ok: bandit-b202-tarfile-unsafe-members
    tar.extractall(dest, members=names, filter="data")
    # Bandit 1.8 flags this (it accepts only the string "data"); it is the same filter.
    # ok: bandit-b202-tarfile-unsafe-members
    tar.extractall(dest, filter=tarfile.data_filter)
    # A single member is not extractall (Bandit checks the name only).
    # ok: bandit-b202-tarfile-unsafe-members
    tar.extract("config.json", dest)


def unzip(path, dest):
    # Bandit 1.8 flags these (any extractall in a file that imports tarfile); a ZipFile
    # cannot extract outside the destination.
    with zipfile.ZipFile(path) as archive:
        # ok: bandit-b202-tarfile-unsafe-members
        archive.extractall(dest)
    with ZipFile(path, "r") as zf:
        # ok: bandit-b202-tarfile-unsafe-members
        zf.extractall(dest)
    # ok: bandit-b202-tarfile-unsafe-members
    zipfile.ZipFile(path).extractall(dest)
    # A ZipFile bound by assignment is not recognised (no type tracking of instances).
    zf = zipfile.ZipFile(path)
    # todook: bandit-b202-tarfile-unsafe-members
    zf.extractall(dest)


# Bandit matches any call whose name contains "extractall"; a different name is not flagged.
def safe_extractall(tar, dest):
    for member in tar.getmembers():
        tar.extract(member, dest)


# Bandit 1.8 flags this (the name contains "extractall"); a wrapper named so is often the fix.
# ok: bandit-b202-tarfile-unsafe-members
safe_extractall(tarfile.open("x.tar"), "out")
