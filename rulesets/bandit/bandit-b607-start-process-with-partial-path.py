import os
import subprocess
import subprocess as sp
from subprocess import Popen as pop


def positives(args, env, mode):
    # ruleid: bandit-b607-start-process-with-partial-path
    pop("gcc --version", shell=False)
    # ruleid: bandit-b607-start-process-with-partial-path
    subprocess.check_output(["git", "rev-parse", "HEAD"])
    # ruleid: bandit-b607-start-process-with-partial-path
    sp.run(["nvidia-smi"], capture_output=True)
    # ruleid: bandit-b607-start-process-with-partial-path
    subprocess.Popen("ls -l", shell=True)
    # ruleid: bandit-b607-start-process-with-partial-path
    subprocess.getoutput("uname -a")
    # ruleid: bandit-b607-start-process-with-partial-path
    os.system("make all")
    # ruleid: bandit-b607-start-process-with-partial-path
    os.popen("uname -a").read()
    # ruleid: bandit-b607-start-process-with-partial-path
    os.execvp("ls", args)
    # ruleid: bandit-b607-start-process-with-partial-path
    subprocess.check_call("git " "status")
    # ruleid: bandit-b607-start-process-with-partial-path
    subprocess.run(
        [
            "cmake",
            "--build",
        ],
        check=True,
    )
    # An empty program name does not start with a path either.
    # ruleid: bandit-b607-start-process-with-partial-path
    subprocess.run("")


def negatives(cmd, exe, args, mode):
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.check_output(["/usr/bin/git", "rev-parse"])
    # ok: bandit-b607-start-process-with-partial-path
    pop("/bin/gcc --version")
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run(["./configure"])
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run(["../tools/build.sh"])
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run(["C:\\Tools\\build.exe"])
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run(["\\\\server\\share\\build.exe"])
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run([exe, "--help"])
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run(cmd)
    # Bandit looks at positional arguments only.
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run(args=["git", "status"])
    # The first argument of os.spawn* is the mode; Bandit checks it, and it is not a string.
    # ok: bandit-b607-start-process-with-partial-path
    os.spawnlp(mode, "ls", "ls")
    # A tuple is not a list for Bandit.
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run(("git", "status"))
    # An f-string is not a plain string for Bandit.
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.run(f"{exe} --help")
    # ok: bandit-b607-start-process-with-partial-path
    cmd.run(["git", "status"])
    # A list built by `+` is not a list display for Bandit.
    # ok: bandit-b607-start-process-with-partial-path
    subprocess.call(["pip", "install"] + args)


def aliased():
    check = subprocess.check_call
    # Bandit 1.6.2 misses this: it does not follow `check = subprocess.check_call`.
    # ruleid: bandit-b607-start-process-with-partial-path
    check(["git", "status"])


def bytes_program():
    # Bandit 1.6.2 misses this: a bytes literal is not a str for it, but a bytes program name
    # is looked up in PATH just the same.
    # ruleid: bandit-b607-start-process-with-partial-path
    subprocess.call(b"git status")
    # Bandit 1.6.2 misses this: a bytes literal is not a str for it.
    # ruleid: bandit-b607-start-process-with-partial-path
    subprocess.call([b"git", "status"])
