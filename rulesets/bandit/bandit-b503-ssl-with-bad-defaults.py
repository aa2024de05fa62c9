# Test for bandit-b503-ssl-with-bad-defaults.
import ssl
from OpenSSL import SSL
from ssl import PROTOCOL_SSLv3


# ruleid: bandit-b503-ssl-with-bad-defaults
def open_ssl_socket(version=SSL.SSLv2_METHOD):
    pass


# ruleid: bandit-b503-ssl-with-bad-defaults
def open_ssl_socket2(host, port=443, version=ssl.PROTOCOL_SSLv3, timeout=5):
    pass


# ruleid: bandit-b503-ssl-with-bad-defaults
def open_ssl_socket3(version=SSL.TLSv1_METHOD):
    pass


# ruleid: bandit-b503-ssl-with-bad-defaults
def open_ssl_socket4(version=ssl.PROTOCOL_TLSv1, *args, **kwargs):
    pass


# ruleid: bandit-b503-ssl-with-bad-defaults
def typed(version: int = ssl.PROTOCOL_SSLv2):
    pass


class Server:
    @staticmethod
    # ruleid: bandit-b503-ssl-with-bad-defaults
    def make(method=SSL.SSLv23_METHOD):
        return SSL.Context(method)


# Bandit 1.6.2 misses this: TLS 1.1 joined the list in Bandit 1.8.
# ruleid: bandit-b503-ssl-with-bad-defaults
def legacy(version=ssl.PROTOCOL_TLSv1_1):
    pass


# Bandit misses this: it checks FunctionDef only, not async def.
# ruleid: bandit-b503-ssl-with-bad-defaults
async def connect(version=ssl.PROTOCOL_SSLv3):
    pass


# Bandit misses this: it checks positional-or-keyword defaults, not keyword-only ones.
# ruleid: bandit-b503-ssl-with-bad-defaults
def keyword_only(host, *, version=SSL.SSLv3_METHOD):
    pass


# ok: bandit-b503-ssl-with-bad-defaults
def good(version=ssl.PROTOCOL_TLS_CLIENT):
    pass


# ok: bandit-b503-ssl-with-bad-defaults
def good2(version=SSL.TLS_METHOD, timeout=5):
    pass


# Bandit takes the name of an attribute default only; a bare name is not checked.
# ok: bandit-b503-ssl-with-bad-defaults
def bare_name(version=PROTOCOL_SSLv3):
    pass


# ok: bandit-b503-ssl-with-bad-defaults
def in_body():
    return ssl.PROTOCOL_SSLv3


# A lambda is not a function definition to Bandit.
# ok: bandit-b503-ssl-with-bad-defaults
make = lambda v=ssl.PROTOCOL_SSLv3: v
