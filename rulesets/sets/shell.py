# Every member of `sinks shell`, `sinks programs`, `sinks commands` and `sanitizers shell-quote`,
# and look-alikes that are not.
import os
import shlex
import subprocess


def run(cmd, prog, name):
    # ruleid: sinks.shell, sinks.commands
    os.system(cmd)
    # ruleid: sinks.shell, sinks.commands
    os.popen(cmd)
    # ruleid: sinks.shell, sinks.commands, sinks.programs
    subprocess.run(cmd, shell=True)
    # ruleid: sinks.shell, sinks.commands
    subprocess.getoutput(cmd)
    # ruleid: sinks.programs, sinks.commands
    subprocess.run([prog, "--version"])
    # ruleid: sinks.programs, sinks.commands
    subprocess.Popen(prog)
    # ruleid: sinks.programs
    os.execv(prog, [prog])
    # ruleid: sinks.programs
    os.spawnv(os.P_WAIT, prog, [prog])
    # ruleid: sanitizers.shell-quote
    quoted = shlex.quote(name)
    # ok: sinks.shell, sinks.programs, sinks.commands, sanitizers.shell-quote
    os.path.join(cmd, name)
    # ok: sinks.shell, sinks.programs, sinks.commands
    print(cmd)
    return quoted
