"""A docstring that mentions /tmp/cache is not a path in use."""
import os
import tempfile

# Bandit 1.6.2 (on Python >= 3.8) reports none of these: its Str checks never run there.
# Bandit 1.8 reports each ruleid line.

# ruleid: bandit-b108-hardcoded-tmp-directory
CACHE = "/tmp/model-cache"
# ruleid: bandit-b108-hardcoded-tmp-directory
open("/var/tmp/weights.bin", "wb")
# ruleid: bandit-b108-hardcoded-tmp-directory
os.makedirs('/dev/shm/workers', exist_ok=True)
# ruleid: bandit-b108-hardcoded-tmp-directory
LOG = r"/tmp\log.txt"
# ruleid: bandit-b108-hardcoded-tmp-directory
path = f"/tmp/{CACHE}"
# ruleid: bandit-b108-hardcoded-tmp-directory
joined = ("/tmp/" "model.bin")
# Prefix match, as Bandit: /tmpfiles starts with /tmp.
# ruleid: bandit-b108-hardcoded-tmp-directory
other = "/tmpfiles"


def run():
    """Writes to /tmp/x (a docstring: not reported)."""
    # ruleid: bandit-b108-hardcoded-tmp-directory
    return os.path.join("/tmp", "x")


# ok: bandit-b108-hardcoded-tmp-directory
safe = tempfile.mkdtemp()
# ok: bandit-b108-hardcoded-tmp-directory
rel = "tmp/cache"
# ok: bandit-b108-hardcoded-tmp-directory
home = "/home/user/tmp"
# Bytes are not str: Bandit 1.8's Str checks do not see them.
# ok: bandit-b108-hardcoded-tmp-directory
raw = b"/tmp/x"
# A string statement is skipped as a docstring would be.
# ok: bandit-b108-hardcoded-tmp-directory
"/tmp/statement"
