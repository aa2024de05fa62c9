# `from tarfile import open` imports tarfile.open (and tarfile): the file imports tarfile.
# Bandit differs here: its import set holds only "tarfile.open", so it does not report.
from tarfile import open as open_tar


def unpack(path, dest):
    with open_tar(path) as tar:
        # ruleid: bandit-b202-tarfile-unsafe-members
        tar.extractall(dest)
