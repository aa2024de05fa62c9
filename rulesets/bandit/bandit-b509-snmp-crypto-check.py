# Test for bandit-b509-snmp-crypto-check (Bandit 1.8; Bandit 1.6.2 has no B509, so it
# reports none of these). Cases from Bandit's examples/snmp.py.
from pysnmp import hlapi
from pysnmp.hlapi import UsmUserData

# Bandit 1.6.2 misses this: B509 is new in Bandit 1.8.
# ruleid: bandit-b509-snmp-crypto-check
hlapi.UsmUserData("securityName")
# Bandit 1.6.2 misses this: B509 is new in Bandit 1.8.
# ruleid: bandit-b509-snmp-crypto-check
hlapi.UsmUserData("securityName", "authName")
# Bandit 1.6.2 misses this: B509 is new in Bandit 1.8.
# ruleid: bandit-b509-snmp-crypto-check
UsmUserData("securityName", authKey="authkey1")
# Bandit 1.6.2 misses this: B509 is new in Bandit 1.8.
# ruleid: bandit-b509-snmp-crypto-check
user = UsmUserData(
    "securityName",
    "authkey1",
)

# ok: bandit-b509-snmp-crypto-check
hlapi.UsmUserData("securityName", "authName", "privName")
# ok: bandit-b509-snmp-crypto-check
UsmUserData("securityName", "authkey1", "privkey1", authProtocol=hlapi.usmHMACSHAAuthProtocol)
# Bandit 1.8 flags this (it counts positional arguments only), but privKey= encrypts.
# ok: bandit-b509-snmp-crypto-check
hlapi.UsmUserData("securityName", authKey="authkey1", privKey="privkey1")
# ok: bandit-b509-snmp-crypto-check
other.UsmUserData("securityName")
