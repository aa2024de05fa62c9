import os as o
import subprocess as subp
import sys
from subprocess import check_output

import commands
import popen2


def positives(directory):
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    o.popen2("/bin/chmod *")
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    subp.Popen("/bin/chown *", shell=True)
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    o.system("tar czf backup.tgz *")
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    o.popen("rsync -av * remote:/srv/")
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    commands.getoutput("chmod 644 /srv/data/*")
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    popen2.Popen3("chown " "root *")
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    check_output(["tar", "czf", "x.tgz", "*"], shell=True)
    # A name in the list counts as its own name for Bandit.
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    subp.call(["chmod", "-R", "*", directory], shell=True)
    # Bandit tests substrings: "tar" is in "start".
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    o.system("start *.bat")
    # ruleid: bandit-b609-linux-commands-wildcard-injection
    subp.check_call(
        "chmod +x /opt/tool/bin/*",
        shell=True,
    )


def negatives(directory, flag):
    # Not vulnerable to wildcard injection: no shell expands the "*".
    # ok: bandit-b609-linux-commands-wildcard-injection
    subp.Popen("/bin/rsync *")
    # ok: bandit-b609-linux-commands-wildcard-injection
    subp.Popen("/bin/chmod *", shell=False)
    # Bandit needs shell=True written as the constant True.
    # ok: bandit-b609-linux-commands-wildcard-injection
    subp.Popen("/bin/chmod *", shell=flag)
    # ok: bandit-b609-linux-commands-wildcard-injection
    o.system("chmod 644 /srv/data/file.txt")
    # ok: bandit-b609-linux-commands-wildcard-injection
    o.system("ls *")
    # A computed command: Bandit sees no string.
    # ok: bandit-b609-linux-commands-wildcard-injection
    o.system("chmod 644 " + directory + "/*")
    # ok: bandit-b609-linux-commands-wildcard-injection
    o.system(f"chmod 644 {directory}/*")
    # No positional argument.
    # ok: bandit-b609-linux-commands-wildcard-injection
    o.system(command="chmod *")
    # Not one of Bandit's functions.
    # ok: bandit-b609-linux-commands-wildcard-injection
    sys.stdout.write("chmod *")
