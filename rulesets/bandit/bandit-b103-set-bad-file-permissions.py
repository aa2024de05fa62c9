import os
import stat
from os import chmod as set_mode
from pathlib import Path

# ruleid: bandit-b103-set-bad-file-permissions
os.chmod("/etc/passwd", 0o777)
# ruleid: bandit-b103-set-bad-file-permissions
os.chmod("/etc/passwd", 0o227)
# ruleid: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 0o755)
# Decimal 511 is 0o777; 0x1FF too.
# ruleid: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 511)
# ruleid: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 0x1FF)
# ruleid: bandit-b103-set-bad-file-permissions
os.fchmod(fd, 0o772)
# Bandit counts positional arguments and wants two: Path.chmod(mode) has one, so neither tool
# reports it (a gap of the check itself).
# ok: bandit-b103-set-bad-file-permissions
Path("script.sh").chmod(0o775)
# ruleid: bandit-b103-set-bad-file-permissions
os.chmod(
    "/tmp/x",
    0o666,
)
# ruleid: bandit-b103-set-bad-file-permissions
set_mode("/etc/passwd", 0o777)

# ok: bandit-b103-set-bad-file-permissions
os.chmod("/etc/passwd", 0o644)
# ok: bandit-b103-set-bad-file-permissions
os.chmod("/etc/passwd", 0o700)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 0o600)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 420)
# Bandit evaluates a positional int literal only: a keyword, a name or an expression is not read.
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, mode=0o777)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, stat.S_IRWXU | stat.S_IRWXO)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, MODE)
# Bandit counts positional arguments only: keywords after the two are allowed.
# ruleid: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 0o777, follow_symlinks=False)
# Three positional arguments.
# ok: bandit-b103-set-bad-file-permissions
weird_chmod(key_file, 0o777, True)
# ok: bandit-b103-set-bad-file-permissions
os.chown(key_file, 0o777)
