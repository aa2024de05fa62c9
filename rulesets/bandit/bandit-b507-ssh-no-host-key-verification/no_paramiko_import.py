# Bandit reports nothing in this file: nothing it imports has "paramiko" in its name; nor does
# the rule (`imports [*paramiko*, *paramiko*.*]`).
import asyncssh


def connect(client, policy):
    # ok: bandit-b507-ssh-no-host-key-verification
    client.set_missing_host_key_policy(policy.AutoAddPolicy)
