from Crypto.Cipher import ARC2, ARC4, Blowfish, DES, XOR, AES
from Cryptodome.Cipher import DES as DomeDES
from Cryptodome.Cipher import ARC4 as DomeARC4
import Cryptodome.Cipher.Blowfish
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.algorithms import IDEA
from cryptography.hazmat.backends import default_backend

# ruleid: bandit-b304-ciphers
ARC2.new(key, ARC2.MODE_CFB, iv)
# ruleid: bandit-b304-ciphers
ARC4.new(key)
# ruleid: bandit-b304-ciphers
Blowfish.new(key, Blowfish.MODE_CBC, iv)
# ruleid: bandit-b304-ciphers
DES.new(key, DES.MODE_ECB)
# ruleid: bandit-b304-ciphers
XOR.new(key)
# ruleid: bandit-b304-ciphers
DomeDES.new(key, DomeDES.MODE_OFB, iv)
# ruleid: bandit-b304-ciphers
DomeARC4.new(key)
# ruleid: bandit-b304-ciphers
Cryptodome.Cipher.Blowfish.new(key)
# ruleid: bandit-b304-ciphers
Cipher(algorithms.ARC4(key), mode=None, backend=default_backend())
# ruleid: bandit-b304-ciphers
Cipher(algorithms.Blowfish(key), mode=modes.CBC(iv), backend=default_backend())
# ruleid: bandit-b304-ciphers
Cipher(IDEA(key), mode=modes.CBC(iv), backend=default_backend())


def multiline(key, iv):
    # ruleid: bandit-b304-ciphers
    return DES.new(
        key,
        DES.MODE_CBC,
        iv,
    )


# AES is fine.
# ok: bandit-b304-ciphers
AES.new(key, AES.MODE_GCM)
# ok: bandit-b304-ciphers
Cipher(algorithms.AES(key), mode=modes.GCM(iv), backend=default_backend())
# Added to Bandit's list after 1.6.2: CAST5, SEED and TripleDES.
# ruleid: bandit-b304-ciphers
Cipher(algorithms.TripleDES(key), mode=modes.CBC(iv))
# ruleid: bandit-b304-ciphers
algorithms.CAST5(key)
# ruleid: bandit-b304-ciphers
algorithms.SEED(key)
# Naming the class is not a call.
# ok: bandit-b304-ciphers
cipher_class = algorithms.ARC4

# Bandit 1.6.2 misses this: it does not follow `make = DES.new` assignments.
make = DES.new
# ruleid: bandit-b304-ciphers
make(key)
