import crypt
import hashlib
import hashlib as hl
from crypt import METHOD_MD5
from hashlib import md5
from hashlib import new
from hashlib import new as new_hash

# Bandit's examples (examples/hashlib_new_insecure_functions.py, crypt-insecure.py).
# ruleid: bandit-b324-hashlib (severity: high, confidence: high)
hashlib.new("md5")
# ruleid: bandit-b324-hashlib (severity: high)
hashlib.new("md4", b"data")
# ruleid: bandit-b324-hashlib (severity: high)
hashlib.new("sha1")
# ruleid: bandit-b324-hashlib (severity: high)
hashlib.new("sha")
# ruleid: bandit-b324-hashlib (severity: high)
hashlib.new("MD5")
# ruleid: bandit-b324-hashlib
hashlib.new(name="md5", data=b"x")
# ruleid: bandit-b324-hashlib
hashlib.new("SHA1", usedforsecurity=True)
# ok: bandit-b324-hashlib
hashlib.new("md5", usedforsecurity=False)
# ok: bandit-b324-hashlib
hashlib.new(name="sha1", usedforsecurity=False)
# ruleid: bandit-b324-hashlib
hl.new("md5")
# ruleid: bandit-b324-hashlib
new("md5")
# ruleid: bandit-b324-hashlib
new_hash("Md4")

# hashlib's constructors (B303's in Bandit 1.6.2).
# ruleid: bandit-b324-hashlib (severity: high, confidence: high)
hashlib.md5(b"x")
# ruleid: bandit-b324-hashlib
hashlib.sha1(b"x")
# ruleid: bandit-b324-hashlib
hashlib.md4()
# ruleid: bandit-b324-hashlib
md5(data)
# ruleid: bandit-b324-hashlib
hashlib.md5(b"x", usedforsecurity=True)
# ok: bandit-b324-hashlib
hashlib.md5(b"x", usedforsecurity=False)
# ok: bandit-b324-hashlib
hashlib.sha1(b"x", usedforsecurity=False)
# As Bandit: usedforsecurity given as a name is not True.
# ok: bandit-b324-hashlib
hashlib.md5(b"x", usedforsecurity=FOR_SECURITY)


def multiline(data):
    # ruleid: bandit-b324-hashlib
    return hashlib.new(
        "md5",
        data,
    ).hexdigest()


# The crypt module's weak methods: medium.
# ruleid: bandit-b324-hashlib (severity: medium, confidence: high)
crypt.crypt("password", crypt.METHOD_CRYPT)
# ruleid: bandit-b324-hashlib (severity: medium)
crypt.crypt("password", salt=crypt.METHOD_MD5)
# ruleid: bandit-b324-hashlib (severity: medium)
crypt.mksalt(crypt.METHOD_BLOWFISH)
# ruleid: bandit-b324-hashlib (severity: medium)
crypt.mksalt(method=METHOD_MD5)
# ok: bandit-b324-hashlib
crypt.crypt("password", crypt.METHOD_SHA512)
# ok: bandit-b324-hashlib
crypt.mksalt(crypt.METHOD_SHA256)

# ok: bandit-b324-hashlib
hashlib.new("sha256")
# ok: bandit-b324-hashlib
hashlib.sha256(b"x")
# A name Warden cannot compute.
# ok: bandit-b324-hashlib
hashlib.new(algorithm)
# Bandit flags this: it reads the variable's *name* `md5` as the algorithm.
# ok: bandit-b324-hashlib
hashlib.new(md5)
# ok: bandit-b324-hashlib
hashlib.new("md5sum_like")

# Bandit misses this: it does not follow `n = hashlib.new` assignments.
n = hashlib.new
# ruleid: bandit-b324-hashlib
n("md5")


class Registry:
    def new(self, name):
        return name


# ok: bandit-b324-hashlib
Registry().new("md5")
