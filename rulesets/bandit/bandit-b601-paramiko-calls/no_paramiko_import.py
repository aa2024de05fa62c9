# Bandit reports nothing in this file: nothing it imports has "paramiko" in its name; nor does
# the rule (`imports [*paramiko*, *paramiko*.*]`).
import fabric


def run(connection, cmd):
    # ok: bandit-b601-paramiko-calls
    connection.exec_command(cmd)
