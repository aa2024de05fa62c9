# Tests for py-exec-os-system: `warden test-rules rulesets/core`.
import os
import os as operating_system
from os import popen as query
from os import system

import posix


def install(package):
    # ruleid: py-exec-os-system
    os.system(f"pip install -q {package}")


def list_files():
    # Constant commands still start a shell.
    # ruleid: py-exec-os-system
    os.system("ls -la")


def gpu_name():
    # ruleid: py-exec-os-system
    return os.popen("nvidia-smi --query-gpu=name --format=csv,noheader").read().strip()


def by_keyword(cmd):
    # ruleid: py-exec-os-system
    os.system(command=cmd)


def from_import(cmd):
    # ruleid: py-exec-os-system
    system(cmd)


def import_as(cmd):
    # ruleid: py-exec-os-system
    operating_system.system(cmd)


def from_import_as():
    # ruleid: py-exec-os-system
    return query("uname -a").read()


def variable_alias(cmd):
    run = os.system
    # ruleid: py-exec-os-system
    run(cmd)


def dunder_import(cache_dir):
    # ruleid: py-exec-os-system
    __import__("os").system("rm -rf " + cache_dir)


def posix_module(cmd):
    # ruleid: py-exec-os-system
    posix.system(cmd)


def nested_in_expression(cmd):
    # ruleid: py-exec-os-system
    return 0 if not cmd else os.system(cmd)


def ordinary_os_use(a, b):
    # ok: py-exec-os-system
    path = os.path.join(a, b)
    # ok: py-exec-os-system
    cwd = os.getcwd()
    # ok: py-exec-os-system
    os.makedirs(path, exist_ok=True)
    # ok: py-exec-os-system
    env = os.environ.get("HF_HOME", cwd)
    return env


class Launcher:
    def system(self, cmd):
        return cmd


def method_named_system(cmd):
    # ok: py-exec-os-system
    Launcher().system(cmd)


def shadowed_parameter(system, cmd):
    # The parameter shadows the imported name.
    # ok: py-exec-os-system
    system(cmd)
