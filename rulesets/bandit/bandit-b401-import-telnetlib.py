# Test for bandit-b401-import-telnetlib.
import importlib

# ruleid: bandit-b401-import-telnetlib
import telnetlib
# ruleid: bandit-b401-import-telnetlib
import telnetlib as tn
# ruleid: bandit-b401-import-telnetlib
from telnetlib import Telnet
# Bandit matches by prefix: telnetlib3 counts too.
# ruleid: bandit-b401-import-telnetlib
import telnetlib3
# ruleid: bandit-b401-import-telnetlib
import os, telnetlib


def connect(host):
    # ruleid: bandit-b401-import-telnetlib
    from telnetlib import Telnet as T
    return T(host)


# ruleid: bandit-b401-import-telnetlib
mod = __import__("telnetlib")
# ruleid: bandit-b401-import-telnetlib
mod = importlib.import_module("telnetlib")
# ok: bandit-b401-import-telnetlib
import paramiko
# ok: bandit-b401-import-telnetlib
from asyncssh import connect
# ok: bandit-b401-import-telnetlib
import mytelnetlib
