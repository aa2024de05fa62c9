# Test for bandit-b415-import-pyghmi (Bandit 1.8; Bandit 1.6.2 has no B415, so it reports none
# of these).
import importlib

# Bandit 1.6.2 misses this: B415 is new in Bandit 1.8.
# ruleid: bandit-b415-import-pyghmi
import pyghmi
# Bandit 1.6.2 misses this: B415 is new in Bandit 1.8.
# ruleid: bandit-b415-import-pyghmi
from pyghmi.ipmi import command
# Bandit 1.6.2 misses this: B415 is new in Bandit 1.8.
# ruleid: bandit-b415-import-pyghmi
import pyghmi.ipmi.command as ipmi
# Bandit 1.6.2 misses this: B415 is new in Bandit 1.8.
# ruleid: bandit-b415-import-pyghmi
from pyghmi import exceptions


def power_on(host, user, password):
    # Bandit 1.6.2 misses this: B415 is new in Bandit 1.8.
    # ruleid: bandit-b415-import-pyghmi
    from pyghmi.ipmi.command import Command
    return Command(host, user, password).set_power("on")


# Bandit 1.6.2 misses this: B415 is new in Bandit 1.8.
# ruleid: bandit-b415-import-pyghmi
mod = importlib.import_module("pyghmi")
# ok: bandit-b415-import-pyghmi
import redfish
# ok: bandit-b415-import-pyghmi
import pyipmi_wrapper
