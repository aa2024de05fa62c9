import ssl
import ssl as s
from ssl import _create_unverified_context
from ssl import _create_unverified_context as insecure
import urllib.request

# ruleid: bandit-b323-unverified-context
ctx = ssl._create_unverified_context()
# ruleid: bandit-b323-unverified-context
s._create_unverified_context()
# ruleid: bandit-b323-unverified-context
_create_unverified_context()
# ruleid: bandit-b323-unverified-context
urllib.request.urlopen(url, context=insecure())


def multiline(cafile):
    # ruleid: bandit-b323-unverified-context
    return ssl._create_unverified_context(
        cafile=cafile,
        cert_reqs=ssl.CERT_NONE,
    )


# The verified default is fine.
# ok: bandit-b323-unverified-context
ssl.create_default_context()
# ok: bandit-b323-unverified-context
ssl.create_default_context(cafile="ca.pem")
# Assigning the function (the global monkey-patch) is not a call; neither tool flags it.
# ok: bandit-b323-unverified-context
ssl._create_default_https_context = ssl._create_unverified_context

# Bandit 1.6.2 misses this: it does not follow assignments of the function to another name.
make = ssl._create_unverified_context
# ruleid: bandit-b323-unverified-context
make()
