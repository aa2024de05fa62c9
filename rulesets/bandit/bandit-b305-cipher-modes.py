from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.modes import ECB
from cryptography.hazmat.primitives.ciphers import modes as cipher_modes
import cryptography.hazmat.primitives.ciphers.modes
from cryptography.hazmat.backends import default_backend

# ruleid: bandit-b305-cipher-modes
Cipher(algorithms.AES(key), mode=modes.ECB(), backend=default_backend())
# ruleid: bandit-b305-cipher-modes
mode = ECB()
# ruleid: bandit-b305-cipher-modes
cipher_modes.ECB()
# ruleid: bandit-b305-cipher-modes
cryptography.hazmat.primitives.ciphers.modes.ECB()


def multiline(key):
    return Cipher(
        algorithms.AES(key),
        # ruleid: bandit-b305-cipher-modes
        modes.ECB(),
        backend=default_backend(),
    )


# ok: bandit-b305-cipher-modes
Cipher(algorithms.AES(key), mode=modes.CBC(iv), backend=default_backend())
# ok: bandit-b305-cipher-modes
Cipher(algorithms.AES(key), mode=modes.GCM(iv))
# Naming the class is not a call.
# ok: bandit-b305-cipher-modes
mode_class = modes.ECB


class MyModes:
    def ECB(self):
        return None


# A method of another class named ECB.
# ok: bandit-b305-cipher-modes
MyModes().ECB()
# pycryptodome's ECB is a constant, not a call; neither Bandit nor this rule looks at it.
# ok: bandit-b305-cipher-modes
AES.new(key, AES.MODE_ECB)

# Bandit 1.6.2 misses this: it does not follow `ecb = modes.ECB` assignments.
ecb = modes.ECB
# ruleid: bandit-b305-cipher-modes
ecb()
