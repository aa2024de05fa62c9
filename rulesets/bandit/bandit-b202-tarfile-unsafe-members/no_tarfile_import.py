# Bandit reports nothing in this file: it does not import tarfile; nor does the rule
# (`imports [tarfile, tarfile.*]`), so a ZipFile bound by assignment is not reported here.
import zipfile


def unpack(path, dest):
    zf = zipfile.ZipFile(path)
    # ok: bandit-b202-tarfile-unsafe-members
    zf.extractall(dest)
