import hashlib
import hashlib as hl
from hashlib import md5
from hashlib import sha1 as SHA1
from Crypto.Hash import MD2, MD4, MD5, SHA
from Cryptodome.Hash import MD5 as DomeMD5
from cryptography.hazmat.primitives import hashes
import Crypto.Hash.SHA

# hashlib's constructors are B324's since Bandit 1.7 (on Python 3.9 and later).
# ok: bandit-b303-md5
hashlib.md5(data).hexdigest()
# ok: bandit-b303-md5
hashlib.sha1(data)
# ok: bandit-b303-md5
hl.md5()
# ok: bandit-b303-md5
md5(data)
# ok: bandit-b303-md5
SHA1(data)
# ruleid: bandit-b303-md5
MD2.new()
# ruleid: bandit-b303-md5
MD4.new()
# ruleid: bandit-b303-md5
MD5.new(data)
# ruleid: bandit-b303-md5
SHA.new(data)
# ruleid: bandit-b303-md5
Crypto.Hash.SHA.new(data)
# ruleid: bandit-b303-md5
DomeMD5.new(data)
# ruleid: bandit-b303-md5
hashes.Hash(hashes.MD5())
# ruleid: bandit-b303-md5
hashes.Hash(hashes.SHA1())

# ok: bandit-b303-md5
hashlib.md5(data, usedforsecurity=False)


def multiline(namespace, data):
    # ruleid: bandit-b303-md5
    return MD5.new(
        namespace.bytes + data,
    ).digest()


# Strong hashes are fine.
# ok: bandit-b303-md5
hashlib.sha256(data)
# ok: bandit-b303-md5
hashes.Hash(hashes.SHA256())
# hashlib.new("md5") is B324's, not B303's.
# ok: bandit-b303-md5
hashlib.new("md5")
# ok: bandit-b303-md5
hashlib.sha1

# Bandit misses this: it does not follow `h = MD5.new` assignments.
h = MD5.new
# ruleid: bandit-b303-md5
h(data)


class Digest:
    def md5(self):
        return self


# A method named md5.
# ok: bandit-b303-md5
Digest().md5()
