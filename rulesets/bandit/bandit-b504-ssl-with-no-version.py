# Test for bandit-b504-ssl-with-no-version.
import ssl
import ssl as s
from ssl import wrap_socket

# ruleid: bandit-b504-ssl-with-no-version
ssl.wrap_socket()
# ruleid: bandit-b504-ssl-with-no-version
ssl.wrap_socket(sock)
# ruleid: bandit-b504-ssl-with-no-version
s.wrap_socket(sock, keyfile="k.pem", certfile="c.pem")
# ruleid: bandit-b504-ssl-with-no-version
wrap_socket(sock, server_side=True)
# ruleid: bandit-b504-ssl-with-no-version
conn = ssl.wrap_socket(
    sock,
    cert_reqs=ssl.CERT_REQUIRED,
)

# ok: bandit-b504-ssl-with-no-version
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1_2)
# B502's case, not B504's.
# ok: bandit-b504-ssl-with-no-version
ssl.wrap_socket(ssl_version=ssl.PROTOCOL_SSLv3)
# Bandit 1.6.2 flags this (it looks for the keyword only); the sixth positional argument is ssl_version.
# ok: bandit-b504-ssl-with-no-version
ssl.wrap_socket(sock, None, None, False, ssl.CERT_REQUIRED, ssl.PROTOCOL_TLSv1_2)
# A context's method is not ssl.wrap_socket.
# ok: bandit-b504-ssl-with-no-version
ssl.create_default_context().wrap_socket(sock, server_hostname="example.com")
context = ssl.create_default_context()
# ok: bandit-b504-ssl-with-no-version
context.wrap_socket(sock, server_hostname="example.com")
