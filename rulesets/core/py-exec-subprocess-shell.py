# Tests for py-exec-subprocess-shell: `warden test-rules rulesets/core`.
import subprocess
import subprocess as sp
from subprocess import Popen, check_output as out, getoutput


def install(cmd):
    # ruleid: py-exec-subprocess-shell
    subprocess.run(cmd, shell=True)


def alias(cmd):
    # ruleid: py-exec-subprocess-shell
    sp.run(cmd, shell=True, check=False)


def computed_flag(c, flag):
    # A computed shell= may be true.
    # ruleid: py-exec-subprocess-shell
    sp.check_output(c, shell=flag)


def truthy_constant(cmd):
    # ruleid: py-exec-subprocess-shell
    subprocess.call(cmd, shell=1)
    # ruleid: py-exec-subprocess-shell
    subprocess.check_call(cmd, shell="yes")


def from_import(cmd):
    # ruleid: py-exec-subprocess-shell
    proc = Popen(cmd, shell=True, stdout=subprocess.PIPE)
    return proc


def from_import_as(cmd):
    # ruleid: py-exec-subprocess-shell
    return out(cmd, text=True, shell=True)


def variable_alias(cmd):
    runner = subprocess.run
    # ruleid: py-exec-subprocess-shell
    runner(cmd, shell=True)


def dunder_import(cmd):
    # ruleid: py-exec-subprocess-shell
    __import__("subprocess").run(cmd, shell=True)


def always_shell():
    # ruleid: py-exec-subprocess-shell
    name = getoutput("ls")
    # ruleid: py-exec-subprocess-shell
    status, text = subprocess.getstatusoutput("uname -a")
    return name, status, text


def multi_line(cmd):
    # ruleid: py-exec-subprocess-shell
    subprocess.run(
        cmd,
        shell=True,
    )


def options_from_kwargs(cmd, **kwargs):
    # shell=True may come in through **kwargs; nothing shows it.
    # todoruleid: py-exec-subprocess-shell
    subprocess.run(cmd, **{"shell": True})


def without_shell(cmd):
    # ok: py-exec-subprocess-shell
    subprocess.run(["ls", "-la"])
    # ok: py-exec-subprocess-shell
    subprocess.run(cmd, shell=False)
    # ok: py-exec-subprocess-shell
    subprocess.Popen(cmd, shell=0)
    # ok: py-exec-subprocess-shell
    subprocess.check_call(["git", "status"], cwd="/tmp")
    # ok: py-exec-subprocess-shell
    sp.run(cmd, shell=None)
    # ok: py-exec-subprocess-shell
    subprocess.run(cmd, shell="")


def other_modules(cmd):
    import asyncio

    # A different module's function named run.
    # ok: py-exec-subprocess-shell
    asyncio.run(cmd)
