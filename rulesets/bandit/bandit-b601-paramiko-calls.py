# Bandit only reports exec_command in a file that imports a module whose name contains
# "paramiko", and only after that import (it records imports as it walks the file). The rule's
# `imports [*paramiko*, *paramiko*.*]` sees every import of the file, wherever it is, so a call
# before the import is reported too (a file without any paramiko import: see the directory
# bandit-b601-paramiko-calls/).


def before_import(client, cmd):
    # Bandit 1.6.2 has not seen the paramiko import yet here (see above).
    # todook: bandit-b601-paramiko-calls
    client.exec_command(cmd)


import paramiko  # noqa: E402
from paramiko import SSHClient  # noqa: E402


def positives(host, cmd, user):
    client = paramiko.SSHClient()
    client.connect(host)
    # ruleid: bandit-b601-paramiko-calls
    stdin, stdout, stderr = client.exec_command("ls " + user)
    # ruleid: bandit-b601-paramiko-calls
    client.exec_command(cmd, timeout=10)
    # ruleid: bandit-b601-paramiko-calls
    SSHClient().exec_command("something; really; unsafe")
    transport = client.get_transport()
    channel = transport.open_session()
    # ruleid: bandit-b601-paramiko-calls
    channel.exec_command(
        cmd,
    )
    # ruleid: bandit-b601-paramiko-calls
    paramiko.exec_command("something; really; unsafe")
    # ruleid: bandit-b601-paramiko-calls
    out = client.exec_command(cmd)[1].read()
    return out


def negatives(client, cmd, conn):
    # ok: bandit-b601-paramiko-calls
    client.invoke_shell()
    # ok: bandit-b601-paramiko-calls
    client.exec_commands(cmd)
    # ok: bandit-b601-paramiko-calls
    conn.execute_command(cmd)
    # ok: bandit-b601-paramiko-calls
    client.exec_command
