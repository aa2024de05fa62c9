# Tests for py-flow-input-to-shell: `warden test-rules rulesets/taint`.
import os
import shlex
import subprocess
import sys


def install_from_env():
    # source: py-flow-input-to-shell
    package = os.environ.get("EXTRA_PACKAGE", "")
    command = f"pip install -q {package}"
    # ruleid: py-flow-input-to-shell
    os.system(command)


def direct_getenv():
    # ruleid: py-flow-input-to-shell
    # source: py-flow-input-to-shell
    subprocess.run("nvidia-smi -i " + os.getenv("GPU"), shell=True)


def from_argv():
    # source: py-flow-input-to-shell
    args = sys.argv[1:]
    line = " ".join(args)
    # ruleid: py-flow-input-to-shell
    return subprocess.check_output(line, shell=True)


def from_input():
    # source: py-flow-input-to-shell
    answer = input("directory to clean: ")
    # ruleid: py-flow-input-to-shell
    os.popen("rm -rf %s" % answer)


def subscripted_environ():
    # source: py-flow-input-to-shell
    home = os.environ["HOME"]
    # ruleid: py-flow-input-to-shell
    subprocess.getoutput("ls " + home)


def quoted():
    name = shlex.quote(os.environ.get("NAME", ""))
    # ok: py-flow-input-to-shell
    os.system("echo " + name)


def list_arguments_without_shell():
    path = os.environ.get("DATA")
    # ok: py-flow-input-to-shell
    subprocess.run(["ls", path])


def constant_command():
    path = os.environ.get("DATA")
    # ok: py-flow-input-to-shell
    os.system("ls /tmp")
    return path


def same_name_elsewhere():
    # A different function's `command`: not tainted here.
    command = "nvidia-smi"
    # ok: py-flow-input-to-shell
    os.system(command)


def read_setting():
    # todosource: py-flow-input-to-shell
    return os.environ.get("POST_INSTALL")


def run_setting():
    # Known gap: flows through a helper's return value need function summaries.
    # todoruleid: py-flow-input-to-shell
    os.system(read_setting())


def run_command(cmd):
    # Known gap: the caller passes input(); parameters are not followed yet.
    # todoruleid: py-flow-input-to-shell
    os.system(cmd)


def caller():
    # todosource: py-flow-input-to-shell
    run_command(input())


# source: py-flow-input-to-shell
STARTUP = os.environ.get("STARTUP_CMD")
# ruleid: py-flow-input-to-shell
os.system(STARTUP)
