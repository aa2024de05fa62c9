import subprocess
import subprocess as sp
from subprocess import Popen as pop
from subprocess import call, check_call, check_output, run


def computed(cmd, user, flag):
    # A computed command: high.
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true (severity: high, confidence: high)
    subprocess.Popen("/bin/ls %s" % user, shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true
    subprocess.Popen("/bin/ls {}".format(user), shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true
    sp.run(cmd, shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true
    pop(cmd, shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true
    call(cmd, shell=1)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true
    check_call(cmd, shell=flag)
    # An f-string is computed, even one without a replacement field.
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true (severity: high)
    check_output(f"ls {user}", shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true (severity: high)
    check_output(f"ls", shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true (severity: high)
    check_output(b"ls", shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true
    run(*cmd, shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true
    subprocess.check_output(
        cmd,
        stderr=subprocess.STDOUT,
        shell=True,
    )


def literal():
    # A str constant: low, "seems safe" (Bandit's examples/subprocess_shell.py).
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true (severity: low, confidence: high)
    subprocess.check_call("/bin/ls -l", shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true (severity: low)
    subprocess.Popen("/bin/ls *", shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true (severity: low)
    subprocess.run("ls " "-l", shell=True)
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true (severity: low)
    subprocess.run(r"ls -l", shell=True)


def aliased(cmd):
    runner = subprocess.run
    # Bandit 1.6.2 misses this (reports B604 instead): it does not follow `runner = subprocess.run`.
    # ruleid: bandit-b602-subprocess-popen-with-shell-equals-true
    runner(cmd, shell=True)


def negatives(cmd, user):
    # ok: bandit-b602-subprocess-popen-with-shell-equals-true
    subprocess.check_call(["/bin/ls", "-l"], shell=False)
    # ok: bandit-b602-subprocess-popen-with-shell-equals-true
    subprocess.check_output(["/bin/ls", "-l"])
    # ok: bandit-b602-subprocess-popen-with-shell-equals-true
    subprocess.run(cmd, shell=None)
    # ok: bandit-b602-subprocess-popen-with-shell-equals-true
    subprocess.run(cmd, shell=0)
    # No positional argument: Bandit's B602 needs one (and B604 skips subprocess calls).
    # ok: bandit-b602-subprocess-popen-with-shell-equals-true
    subprocess.run(args=cmd, shell=True)
    # Not a subprocess function (that is B604).
    # ok: bandit-b602-subprocess-popen-with-shell-equals-true
    user.run(cmd, shell=True)
    # ok: bandit-b602-subprocess-popen-with-shell-equals-true
    subprocess.getoutput(cmd)
