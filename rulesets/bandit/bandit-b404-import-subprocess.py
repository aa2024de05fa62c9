# Test for bandit-b404-import-subprocess.
import importlib

# ruleid: bandit-b404-import-subprocess
import subprocess
# ruleid: bandit-b404-import-subprocess
import subprocess as sp
# ruleid: bandit-b404-import-subprocess
from subprocess import Popen, PIPE
# ruleid: bandit-b404-import-subprocess
from subprocess import check_output as run_it
# Bandit matches by prefix: subprocess32 counts as subprocess.
# ruleid: bandit-b404-import-subprocess
import subprocess32
# Bandit reports one blacklist check per import statement, the first in its list order (here
# B403 for pickle); so does Warden with the whole Bandit set (`group: bandit-blacklist`). This
# file's test loads B404 alone, so B404 reports it.
# ruleid: bandit-b404-import-subprocess
import pickle, subprocess


def run(cmd):
    # ruleid: bandit-b404-import-subprocess
    import subprocess
    return subprocess.run(cmd, check=True)


# ruleid: bandit-b404-import-subprocess
sp2 = __import__("subprocess")
# ruleid: bandit-b404-import-subprocess
sp3 = importlib.import_module("subprocess")
# ok: bandit-b404-import-subprocess
import os
# ok: bandit-b404-import-subprocess
from asyncio import subprocess_exec
# ok: bandit-b404-import-subprocess
from asyncio import create_subprocess_exec
# ok: bandit-b404-import-subprocess
import multiprocessing
# ok: bandit-b404-import-subprocess
mod = importlib.import_module("subprocess.run")
