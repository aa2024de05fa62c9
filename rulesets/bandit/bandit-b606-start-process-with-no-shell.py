import os
import os as o
from os import execvp, spawnv as sv


def positives(mode, path, args, env, file):
    # ruleid: bandit-b606-start-process-with-no-shell
    os.execl(path, "ls", "-l")
    # ruleid: bandit-b606-start-process-with-no-shell
    os.execle(path, "ls", env)
    # ruleid: bandit-b606-start-process-with-no-shell
    o.execlp(file, "ls")
    # ruleid: bandit-b606-start-process-with-no-shell
    os.execv(path, args)
    # ruleid: bandit-b606-start-process-with-no-shell
    os.execve(path, args, env)
    # ruleid: bandit-b606-start-process-with-no-shell
    execvp(file, args)
    # ruleid: bandit-b606-start-process-with-no-shell
    os.spawnl(mode, path, "ls")
    # ruleid: bandit-b606-start-process-with-no-shell
    sv(mode, path, args)
    # ruleid: bandit-b606-start-process-with-no-shell
    os.spawnve(mode, path, args, env)
    # ruleid: bandit-b606-start-process-with-no-shell
    os.spawnvp(mode, file, args)
    # ruleid: bandit-b606-start-process-with-no-shell
    os.startfile(path)
    # No arguments at all: Bandit still reports it.
    # ruleid: bandit-b606-start-process-with-no-shell
    os.execvpe()
    # ruleid: bandit-b606-start-process-with-no-shell
    pid = os.spawnlpe(
        mode,
        file,
        "ls",
        env,
    )
    return pid


def aliased(path, args):
    replace = os.execv
    # Bandit 1.6.2 misses this: it does not follow `replace = os.execv`.
    # ruleid: bandit-b606-start-process-with-no-shell
    replace(path, args)


def negatives(cmd, proc, path):
    # A shell: B605.
    # ok: bandit-b606-start-process-with-no-shell
    os.system(cmd)
    # ok: bandit-b606-start-process-with-no-shell
    os.fork()
    # ok: bandit-b606-start-process-with-no-shell
    proc.execv(path, cmd)
    # ok: bandit-b606-start-process-with-no-shell
    os.posix_spawn(path, cmd, {})
