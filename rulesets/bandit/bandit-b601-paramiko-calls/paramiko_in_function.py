# An import inside a function counts for the whole file, as for Bandit (which sees it before
# the call below).


def connect(host):
    import paramiko

    client = paramiko.SSHClient()
    client.connect(host)
    return client


def run(client, cmd):
    # ruleid: bandit-b601-paramiko-calls
    client.exec_command(cmd)
