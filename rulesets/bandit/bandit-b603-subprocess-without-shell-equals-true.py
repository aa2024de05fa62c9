import subprocess
import subprocess as sp
from subprocess import Popen as pop
from subprocess import call, check_call, check_output, run


def positives(cmd, env):
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    subprocess.check_output(["/bin/ls", "-l"])
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    subprocess.check_call(["/bin/ls", "-l"], shell=False)
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    sp.run(cmd, check=True)
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    pop(cmd)
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    call(cmd, shell=None)
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    check_call(cmd, shell=0)
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    check_output(args=cmd)
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    run(**env)
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        shell=False,
    )
    # Nested in an expression.
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    out = subprocess.check_output(cmd).decode().strip()
    return out


def aliased(cmd):
    runner = subprocess.run
    # Bandit 1.6.2 misses this: it does not follow `runner = subprocess.run`.
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    runner(cmd)
    # Bandit 1.6.2 misses this: it does not follow `__import__`.
    # ruleid: bandit-b603-subprocess-without-shell-equals-true
    __import__("subprocess").call(cmd)


def negatives(cmd, flag, proc):
    # With a shell: B602.
    # ok: bandit-b603-subprocess-without-shell-equals-true
    subprocess.Popen(cmd, shell=True)
    # A computed shell= counts as a shell for Bandit.
    # ok: bandit-b603-subprocess-without-shell-equals-true
    subprocess.run(cmd, shell=flag)
    # Not in Bandit's list of subprocess functions.
    # ok: bandit-b603-subprocess-without-shell-equals-true
    subprocess.getoutput(cmd)
    # ok: bandit-b603-subprocess-without-shell-equals-true
    proc.call(cmd)
    # ok: bandit-b603-subprocess-without-shell-equals-true
    proc.communicate()
