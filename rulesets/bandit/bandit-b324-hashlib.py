import hashlib
import hashlib as hl
from hashlib import new
from hashlib import new as new_hash

# ruleid: bandit-b324-hashlib
hashlib.new("md5")
# ruleid: bandit-b324-hashlib
hashlib.new("md4", b"data")
# ruleid: bandit-b324-hashlib
hashlib.new("MD5")
# ruleid: bandit-b324-hashlib
hashlib.new(name="md5", data=b"x")
# ruleid: bandit-b324-hashlib
hl.new("md5")
# ruleid: bandit-b324-hashlib
new("md5")
# ruleid: bandit-b324-hashlib
new_hash("Md4")
# Bandit 1.6.2 does not look at usedforsecurity=False (1.8 does).
# ruleid: bandit-b324-hashlib
hashlib.new("md5", usedforsecurity=False)


def multiline(data):
    # ruleid: bandit-b324-hashlib
    return hashlib.new(
        "md5",
        data,
    ).hexdigest()


# ok: bandit-b324-hashlib
hashlib.new("sha256")
# Bandit 1.8 flags sha1 in hashlib.new too; 1.6.2 only md4 and md5.
# ok: bandit-b324-hashlib
hashlib.new("sha1")
# hashlib.md5 is B303's in Bandit 1.6.2 (B324's in 1.8).
# ok: bandit-b324-hashlib
hashlib.md5(b"x")
# A name Warden cannot compute.
# ok: bandit-b324-hashlib
hashlib.new(algorithm)
# Bandit 1.6.2 flags this: it reads the variable's *name* `md5` as the algorithm.
# ok: bandit-b324-hashlib
hashlib.new(md5)
# ok: bandit-b324-hashlib
hashlib.new("md5sum_like")

# Bandit 1.6.2 misses this: it does not follow `n = hashlib.new` assignments.
n = hashlib.new
# ruleid: bandit-b324-hashlib
n("md5")


class Registry:
    def new(self, name):
        return name


# ok: bandit-b324-hashlib
Registry().new("md5")
