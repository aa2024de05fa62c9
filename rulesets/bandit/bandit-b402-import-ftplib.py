# Test for bandit-b402-import-ftplib.
import importlib

# ruleid: bandit-b402-import-ftplib
import ftplib
# ruleid: bandit-b402-import-ftplib
import ftplib as ftp
# ruleid: bandit-b402-import-ftplib
from ftplib import FTP
# Bandit flags FTP_TLS too: the whole module is listed.
# ruleid: bandit-b402-import-ftplib
from ftplib import FTP_TLS
# ruleid: bandit-b402-import-ftplib
import os, ftplib


def fetch(host):
    # ruleid: bandit-b402-import-ftplib
    import ftplib
    return ftplib.FTP(host)


# ruleid: bandit-b402-import-ftplib
mod = __import__("ftplib")
# ruleid: bandit-b402-import-ftplib
mod = importlib.import_module("ftplib")
# ok: bandit-b402-import-ftplib
import paramiko
# ok: bandit-b402-import-ftplib
from urllib.request import urlopen
# ok: bandit-b402-import-ftplib
import pyftpdlib
