import subprocess
from subprocess import Popen as pop

import mylib
from mylib import execute_with_timeout


def positives(cmd, flag, runner, self):
    # ruleid: bandit-b604-any-other-function-with-shell-equals-true
    execute_with_timeout(cmd, shell=True)
    # ruleid: bandit-b604-any-other-function-with-shell-equals-true
    mylib.spawn("/bin/gcc --version", shell=True)
    # ruleid: bandit-b604-any-other-function-with-shell-equals-true
    runner.run(cmd, shell=flag)
    # ruleid: bandit-b604-any-other-function-with-shell-equals-true
    self.execute(cmd, shell=1)
    # ruleid: bandit-b604-any-other-function-with-shell-equals-true
    subprocess.getoutput(cmd, shell=True)
    # ruleid: bandit-b604-any-other-function-with-shell-equals-true
    run_helper(
        cmd,
        shell=True,
    )


def negatives(cmd, runner):
    # The subprocess functions are B602's.
    # ok: bandit-b604-any-other-function-with-shell-equals-true
    subprocess.Popen(cmd, shell=True)
    # ok: bandit-b604-any-other-function-with-shell-equals-true
    pop(cmd, shell=True)
    # ok: bandit-b604-any-other-function-with-shell-equals-true
    runner.run(cmd, shell=False)
    # ok: bandit-b604-any-other-function-with-shell-equals-true
    runner.run(cmd, shell=None)
    # ok: bandit-b604-any-other-function-with-shell-equals-true
    runner.run(cmd, shell=0)
    # ok: bandit-b604-any-other-function-with-shell-equals-true
    runner.run(cmd)
    # ok: bandit-b604-any-other-function-with-shell-equals-true
    runner.run(cmd, use_shell=True)


def aliased(cmd):
    start = subprocess.Popen
    # Bandit 1.6.2 flags this: it does not follow `start = subprocess.Popen`, which is B602's.
    # ok: bandit-b604-any-other-function-with-shell-equals-true
    start(cmd, shell=True)
