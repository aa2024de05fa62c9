# Tests for py-flow-input-to-shell: `warden test-rules rulesets/taint`.
import argparse
import os
import shlex
import subprocess
import sys
import tempfile


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


def from_argparse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gpu")
    # source: py-flow-input-to-shell
    args = parser.parse_args()
    # ruleid: py-flow-input-to-shell
    os.system(f"nvidia-smi -i {args.gpu}")


def from_parse_known_args(parser):
    # source: py-flow-input-to-shell
    options, _rest = parser.parse_known_args()
    # ruleid: py-flow-input-to-shell
    subprocess.run("make " + options.target, shell=True)


def argparse_as_list(parser):
    args = parser.parse_args()
    # ok: py-flow-input-to-shell
    subprocess.run(["make", args.target])


def quoted():
    name = shlex.quote(os.environ.get("NAME", ""))
    # ok: py-flow-input-to-shell
    os.system("echo " + name)


def temporary_directory():
    scratch = tempfile.mkdtemp(dir=os.environ.get("SCRATCH"))
    # ok: py-flow-input-to-shell
    os.system("rm -rf " + scratch)


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
    # source: py-flow-input-to-shell
    return os.environ.get("POST_INSTALL")


def run_setting():
    # Through a helper's return value.
    # ruleid: py-flow-input-to-shell
    os.system(read_setting())


def run_command(cmd):
    # The caller passes input() as the parameter.
    # ruleid: py-flow-input-to-shell
    os.system(cmd)


def caller():
    # source: py-flow-input-to-shell
    run_command(input())


# source: py-flow-input-to-shell
STARTUP = os.environ.get("STARTUP_CMD")
# ruleid: py-flow-input-to-shell
os.system(STARTUP)
