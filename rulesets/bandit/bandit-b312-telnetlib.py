import telnetlib
import telnetlib as tl
from telnetlib import Telnet
import paramiko

# ruleid: bandit-b312-telnetlib
tn = telnetlib.Telnet("host", 23)
# ruleid: bandit-b312-telnetlib
tl.Telnet(host)
# ruleid: bandit-b312-telnetlib
Telnet(host)
# Bandit's 'telnetlib.*' is a glob that also crosses dots.
# ruleid: bandit-b312-telnetlib
telnetlib.Telnet.open(tn, host)

# ruleid: bandit-b312-telnetlib
with telnetlib.Telnet(host) as session:
    # The session's methods are calls on an object, not on telnetlib: neither tool flags them.
    # ok: bandit-b312-telnetlib
    session.read_until(b"login: ")
    # ok: bandit-b312-telnetlib
    session.write(b"admin\n")


def multiline(host):
    # ruleid: bandit-b312-telnetlib
    return telnetlib.Telnet(
        host,
        23,
        timeout=10,
    )


# SSH is the alternative.
# ok: bandit-b312-telnetlib
paramiko.SSHClient()
# Naming the module's constant is not a call.
# ok: bandit-b312-telnetlib
port = telnetlib.TELNET_PORT

# Bandit 1.6.2 misses this: it does not follow `T = telnetlib.Telnet` assignments.
T = telnetlib.Telnet
# ruleid: bandit-b312-telnetlib
T(host)
