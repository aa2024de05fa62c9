# Test for bandit-b507-ssh-no-host-key-verification (cases from Bandit's examples/no_host_key_verification.py).
import paramiko
from paramiko import client
from paramiko.client import AutoAddPolicy, WarningPolicy

ssh_client = client.SSHClient()
# ruleid: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(client.AutoAddPolicy)
# ruleid: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(client.WarningPolicy)
# ruleid: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(AutoAddPolicy)
# ruleid: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(paramiko.client.WarningPolicy)
# Bandit 1.6.2 misses this: it reads a policy's name only when not called (Bandit 1.8 reads both).
# ruleid: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
# Bandit 1.6.2 misses this: it reads a policy's name only when not called (Bandit 1.8 reads both).
# ruleid: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(WarningPolicy())


def connect(host):
    ssh = paramiko.SSHClient()
    # Bandit 1.6.2 misses this: it reads a policy's name only when not called (Bandit 1.8 reads both).
    # ruleid: bandit-b507-ssh-no-host-key-verification
    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    ssh.connect(host)
    return ssh


# ok: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(client.RejectPolicy)
# ok: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(paramiko.RejectPolicy())
# ok: bandit-b507-ssh-no-host-key-verification
ssh_client.load_system_host_keys()
# A policy chosen at run time: neither tool knows it.
# ok: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(policy)
# ok: bandit-b507-ssh-no-host-key-verification
ssh_client.set_missing_host_key_policy(MyAutoAddPolicyChecker())
