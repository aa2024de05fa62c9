# Test for bandit-b505-weak-cryptographic-key (cases from Bandit's examples/weak_cryptographic_key_sizes.py).
from cryptography.hazmat import backends
from cryptography.hazmat.primitives.asymmetric import dsa
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from Crypto.PublicKey import DSA as pycrypto_dsa
from Crypto.PublicKey import RSA as pycrypto_rsa
from Cryptodome.PublicKey import DSA as pycryptodomex_dsa
from Cryptodome.PublicKey import RSA as pycryptodomex_rsa

# ok: bandit-b505-weak-cryptographic-key
dsa.generate_private_key(key_size=2048, backend=backends.default_backend())
# ok: bandit-b505-weak-cryptographic-key
ec.generate_private_key(curve=ec.SECP384R1, backend=backends.default_backend())
# ok: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(public_exponent=65537, key_size=2048, backend=backends.default_backend())
# ok: bandit-b505-weak-cryptographic-key
pycrypto_dsa.generate(bits=2048)
# ok: bandit-b505-weak-cryptographic-key
pycrypto_rsa.generate(bits=2048)
# ok: bandit-b505-weak-cryptographic-key
pycryptodomex_rsa.generate(bits=4096)
# ok: bandit-b505-weak-cryptographic-key
dsa.generate_private_key(2048, backends.default_backend())
# ok: bandit-b505-weak-cryptographic-key
ec.generate_private_key(ec.SECP256K1, backends.default_backend())
# ok: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(3, 2048, backends.default_backend())
# ok: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(65537, 10000)
# No size given: the library's default.
# ok: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(65537, backend=backends.default_backend())
# A computed size: Bandit skips it too.
# ok: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(public_exponent=65537, key_size=bits)

# ruleid: bandit-b505-weak-cryptographic-key (severity: medium, confidence: high)
dsa.generate_private_key(key_size=2047, backend=backends.default_backend())
# ruleid: bandit-b505-weak-cryptographic-key (severity: medium)
ec.generate_private_key(curve=ec.SECP192R1, backend=backends.default_backend())
# ruleid: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(public_exponent=65537, key_size=2047, backend=backends.default_backend())
# ruleid: bandit-b505-weak-cryptographic-key
pycrypto_dsa.generate(bits=2047)
# ruleid: bandit-b505-weak-cryptographic-key
pycrypto_rsa.generate(bits=2047)
# ruleid: bandit-b505-weak-cryptographic-key
pycryptodomex_dsa.generate(bits=2047)
# ruleid: bandit-b505-weak-cryptographic-key
pycryptodomex_rsa.generate(bits=2047)
# ruleid: bandit-b505-weak-cryptographic-key
dsa.generate_private_key(2047, backends.default_backend())
# ruleid: bandit-b505-weak-cryptographic-key
ec.generate_private_key(ec.SECT163R2, backends.default_backend())
# ruleid: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(3, 2047, backends.default_backend())
# ruleid: bandit-b505-weak-cryptographic-key (severity: medium)
pycrypto_rsa.generate(1024)
# Under 1024 bits: high.
# ruleid: bandit-b505-weak-cryptographic-key (severity: high, confidence: high)
pycryptodomex_rsa.generate(512)
# ruleid: bandit-b505-weak-cryptographic-key (severity: high)
dsa.generate_private_key(key_size=1023)
# ruleid: bandit-b505-weak-cryptographic-key (severity: high)
rsa.generate_private_key(65537, 768)
# ruleid: bandit-b505-weak-cryptographic-key (severity: high)
pycrypto_dsa.generate(bits=1000)
# ruleid: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(65537, 1999)
# ruleid: bandit-b505-weak-cryptographic-key
key = rsa.generate_private_key(
    public_exponent=65537,
    key_size=1024,
)
# Bandit 1.6.2 misses this: it reads the curve's name only when not called, but cryptography
# takes a curve instance.
# ruleid: bandit-b505-weak-cryptographic-key
ec.generate_private_key(ec.SECP192R1(), backends.default_backend())
# Sizes are read as Python reads them: hex and underscores too.
# ruleid: bandit-b505-weak-cryptographic-key (severity: medium)
rsa.generate_private_key(65537, 0x400)
# ruleid: bandit-b505-weak-cryptographic-key (severity: high)
rsa.generate_private_key(65537, 0b1000000000)
# ok: bandit-b505-weak-cryptographic-key
rsa.generate_private_key(65537, 4_096)
