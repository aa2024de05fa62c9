# Test for bandit-b413-import-pycrypto.
import importlib

# ruleid: bandit-b413-import-pycrypto
import Crypto.Cipher
# ruleid: bandit-b413-import-pycrypto
from Crypto.Cipher import AES
# ruleid: bandit-b413-import-pycrypto
import Crypto.Cipher.AES as aes
# ruleid: bandit-b413-import-pycrypto
from Crypto import Random
# ruleid: bandit-b413-import-pycrypto
from Crypto.Hash import SHA256, MD5
# ruleid: bandit-b413-import-pycrypto
from Crypto.PublicKey import RSA
# ruleid: bandit-b413-import-pycrypto
from Crypto.Signature import pkcs1_15
# ruleid: bandit-b413-import-pycrypto
from Crypto.Util.Padding import pad
# ruleid: bandit-b413-import-pycrypto
from Crypto.Protocol.KDF import PBKDF2
# ruleid: bandit-b413-import-pycrypto
import Crypto.IO.PEM


def encrypt(key, data):
    # ruleid: bandit-b413-import-pycrypto
    from Crypto.Cipher import AES
    return AES.new(key, AES.MODE_GCM).encrypt_and_digest(data)


# ruleid: bandit-b413-import-pycrypto
mod = importlib.import_module("Crypto.Cipher")
# The top-level package alone is not listed.
# ok: bandit-b413-import-pycrypto
import Crypto
# ok: bandit-b413-import-pycrypto
from Crypto import __version__
# pycryptodomex's package name (B414, removed from Bandit).
# ok: bandit-b413-import-pycrypto
from Cryptodome.Cipher import AES as AESx
# ok: bandit-b413-import-pycrypto
from cryptography.hazmat.primitives.ciphers import Cipher
# ok: bandit-b413-import-pycrypto
from cryptography.hazmat.primitives import hashes
