# Test for bandit-b508-snmp-insecure-version-check (Bandit 1.8; Bandit 1.6.2 has no B508, so it
# reports none of these). Cases from Bandit's examples/snmp.py.
from pysnmp import hlapi
from pysnmp.hlapi import CommunityData
from pysnmp.hlapi.asyncio import CommunityData as AsyncCommunityData

# Bandit 1.6.2 misses this: B508 is new in Bandit 1.8.
# ruleid: bandit-b508-snmp-insecure-version-check
hlapi.CommunityData("public", mpModel=0)
# Bandit 1.6.2 misses this: B508 is new in Bandit 1.8.
# ruleid: bandit-b508-snmp-insecure-version-check
hlapi.CommunityData("public", mpModel=1)
# Bandit 1.6.2 misses this: B508 is new in Bandit 1.8.
# ruleid: bandit-b508-snmp-insecure-version-check
CommunityData("public", mpModel=0)
# Bandit (1.8) misses this: it names pysnmp.hlapi.CommunityData only.
# ruleid: bandit-b508-snmp-insecure-version-check
AsyncCommunityData("public", mpModel=1)
# Bandit 1.6.2 misses this: B508 is new in Bandit 1.8.
# ruleid: bandit-b508-snmp-insecure-version-check
auth = hlapi.CommunityData(
    "public",
    mpModel=0,
)

# ok: bandit-b508-snmp-insecure-version-check
hlapi.UsmUserData("securityName", authKey="authkey1", privKey="privkey1")
# ok: bandit-b508-snmp-insecure-version-check
hlapi.CommunityData("public", mpModel=2)
# Bandit misses this: CommunityData defaults to mpModel=1 (SNMPv2c); Bandit flags only an
# explicit mpModel=0 or mpModel=1.
# ruleid: bandit-b508-snmp-insecure-version-check
hlapi.CommunityData("public")
# Bandit misses this: mpModel given by position (communityIndex, communityName, mpModel).
# ruleid: bandit-b508-snmp-insecure-version-check
hlapi.CommunityData("agent", "public", 0)
# ok: bandit-b508-snmp-insecure-version-check
other.CommunityData("public", mpModel=0)
