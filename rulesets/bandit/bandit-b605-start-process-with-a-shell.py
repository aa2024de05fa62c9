import os
import os as o
from os import popen, system as run_shell

import commands
import subprocess
import popen2


def positives(cmd, user, args):
    # A computed command: high.
    # ruleid: bandit-b605-start-process-with-a-shell (severity: high, confidence: high)
    os.system("/bin/ls %s" % user)
    # ruleid: bandit-b605-start-process-with-a-shell
    o.system(cmd)
    # ruleid: bandit-b605-start-process-with-a-shell (severity: high)
    run_shell(f"rm -rf {user}")
    # ruleid: bandit-b605-start-process-with-a-shell
    out = popen(cmd).read()
    # ruleid: bandit-b605-start-process-with-a-shell
    os.popen(cmd, "r", 1)
    # ruleid: bandit-b605-start-process-with-a-shell
    os.popen2(cmd)
    # ruleid: bandit-b605-start-process-with-a-shell
    popen2.Popen3(cmd)
    # ruleid: bandit-b605-start-process-with-a-shell
    commands.getstatusoutput(cmd)
    # subprocess.getoutput and getstatusoutput run a shell too (Bandit 1.7.8).
    # ruleid: bandit-b605-start-process-with-a-shell (severity: high)
    subprocess.getoutput(cmd)
    # ruleid: bandit-b605-start-process-with-a-shell (severity: low)
    subprocess.getstatusoutput("uname -a")
    # ruleid: bandit-b605-start-process-with-a-shell
    os.system(*args)
    # ruleid: bandit-b605-start-process-with-a-shell
    os.system(
        "make "
        + user
    )
    return out


def literal():
    # A str constant: low, "seems safe" (Bandit's examples/os_system.py).
    # ruleid: bandit-b605-start-process-with-a-shell (severity: low, confidence: high)
    os.system("/bin/echo hi")
    # ruleid: bandit-b605-start-process-with-a-shell (severity: low)
    os.popen("ls -l")


def aliased(cmd):
    shell = os.system
    # Bandit 1.6.2 misses this: it does not follow `shell = os.system`.
    # ruleid: bandit-b605-start-process-with-a-shell
    shell(cmd)


def negatives(cmd, proc):
    # No positional argument: Bandit requires one.
    # ok: bandit-b605-start-process-with-a-shell
    os.system(command=cmd)
    # Not a shell: that is B606.
    # ok: bandit-b605-start-process-with-a-shell
    os.execv("/bin/ls", ["ls"])
    # ok: bandit-b605-start-process-with-a-shell
    proc.system(cmd)
    # ok: bandit-b605-start-process-with-a-shell
    os.getcwd()
