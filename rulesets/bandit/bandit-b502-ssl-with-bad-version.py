# Test for bandit-b502-ssl-with-bad-version (cases from Bandit's examples/ssl-insecure-version.py).
import ssl
from OpenSSL import SSL
from ssl import PROTOCOL_SSLv2 as V2

# ruleid: bandit-b502-ssl-with-bad-version (severity: high, confidence: high)
ssl.wrap_socket(ssl_version=ssl.PROTOCOL_SSLv2)
# ruleid: bandit-b502-ssl-with-bad-version (severity: high, confidence: high)
ssl.wrap_socket(ssl_version=ssl.PROTOCOL_SSLv3)
# ruleid: bandit-b502-ssl-with-bad-version (severity: high, confidence: high)
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)
# ruleid: bandit-b502-ssl-with-bad-version (severity: medium, confidence: medium)
SSL.Context(method=SSL.SSLv2_METHOD)
# ruleid: bandit-b502-ssl-with-bad-version (severity: medium, confidence: medium)
SSL.Context(method=SSL.SSLv23_METHOD)
# ruleid: bandit-b502-ssl-with-bad-version (severity: medium, confidence: medium)
SSL.Context(method=SSL.SSLv3_METHOD)
# ruleid: bandit-b502-ssl-with-bad-version (severity: medium, confidence: medium)
SSL.Context(method=SSL.TLSv1_METHOD)
# Any function: Bandit checks the keyword whatever the callee.
# ruleid: bandit-b502-ssl-with-bad-version (severity: medium, confidence: medium)
herp_derp(ssl_version=ssl.PROTOCOL_SSLv2)
# ruleid: bandit-b502-ssl-with-bad-version (severity: medium, confidence: medium)
herp_derp(method=SSL.SSLv3_METHOD)
# An imported alias: Bandit compares the name's text (V2), and so does this rule.
# todoruleid: bandit-b502-ssl-with-bad-version
make_context(method=V2)
# ruleid: bandit-b502-ssl-with-bad-version (severity: high, confidence: high)
conn = ssl.wrap_socket(
    sock,
    ssl_version=ssl.PROTOCOL_SSLv3,
)
# Bandit 1.6.2 misses this: TLS 1.1 joined the list in Bandit 1.8.
# ruleid: bandit-b502-ssl-with-bad-version (severity: high, confidence: high)
ssl.wrap_socket(ssl_version=ssl.PROTOCOL_TLSv1_1)

# ok: bandit-b502-ssl-with-bad-version
ssl.wrap_socket(ssl_version=ssl.PROTOCOL_TLSv1_2)
# ok: bandit-b502-ssl-with-bad-version
ssl.wrap_socket()
# ok: bandit-b502-ssl-with-bad-version
SSL.Context(method=SSL.TLS_METHOD)
# ok: bandit-b502-ssl-with-bad-version
herp_derp(method="GET")
# ok: bandit-b502-ssl-with-bad-version
ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
# Bandit misses this: it checks keywords only (the protocol is SSLContext's first argument).
# ruleid: bandit-b502-ssl-with-bad-version (severity: medium, confidence: medium)
SSL.Context(SSL.SSLv3_METHOD)
# Bandit misses this: it checks keywords only (the protocol is SSLContext's first argument).
# ruleid: bandit-b502-ssl-with-bad-version (severity: medium, confidence: medium)
ssl.SSLContext(ssl.PROTOCOL_TLSv1)
# ok: bandit-b502-ssl-with-bad-version
SSL.Context(SSL.TLS_METHOD)
# Another function's first argument is not a protocol (Bandit does not look at it either).
# ok: bandit-b502-ssl-with-bad-version
print(ssl.PROTOCOL_SSLv3)
