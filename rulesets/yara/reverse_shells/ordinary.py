"""Ordinary networking and process code that looks like parts of a reverse shell."""
import os
import socket
import subprocess
import sys


def serve(port: int) -> None:
    # A plain TCP server: bind, listen, accept, echo.
    # ok: yara.reverse_shells.python_socket_shell
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", port))
    srv.listen()
    conn, _ = srv.accept()
    conn.sendall(conn.recv(1024))


def fetch_status(host: str) -> bytes:
    # ok: yara.reverse_shells.python_socket_shell
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((host, 80))
    s.sendall(b"GET /status HTTP/1.0\r\n\r\n")
    return s.recv(4096)


def daemonize(log_path: str) -> None:
    # The classic double fork: standard streams go to /dev/null and a log file.
    if os.fork() > 0:
        sys.exit(0)
    os.setsid()
    with open(os.devnull, "rb") as devnull, open(log_path, "ab") as log:
        # ok: yara.reverse_shells.python_socket_shell
        os.dup2(devnull.fileno(), 0)
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)


def git_revision() -> str:
    # A fixed command, no shell.
    # ok: yara.reverse_shells.python_socket_shell
    return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()


def port_open(host: str, port: int) -> bool:
    # ok: yara.reverse_shells.bash_dev_tcp
    return subprocess.call(["bash", "-c", f"</dev/tcp/{host}/{port}"], timeout=2) == 0
