import os
import stat
from os import chmod as set_mode
from pathlib import Path

# Bandit's example (examples/os-chmod.py): world-writable is high, group-executable medium.
# ruleid: bandit-b103-set-bad-file-permissions (severity: high, confidence: high)
os.chmod("/etc/passwd", 0o777)
# ruleid: bandit-b103-set-bad-file-permissions (severity: high)
os.chmod("/etc/passwd", 0o227)
# ruleid: bandit-b103-set-bad-file-permissions (severity: medium, confidence: high)
os.chmod(key_file, 0o755)
# ruleid: bandit-b103-set-bad-file-permissions (severity: medium)
os.chmod("/etc/hosts", 0o750)
# Writable by the group, executable by others (Bandit 1.7.5's S_IWGRP and S_IXOTH): medium.
# ruleid: bandit-b103-set-bad-file-permissions (severity: medium)
os.chmod("/etc/hosts", 0o620)
# ruleid: bandit-b103-set-bad-file-permissions (severity: medium)
os.chmod("/etc/hosts", 0o701)
# Decimal 511 is 0o777; 0x1FF too.
# ruleid: bandit-b103-set-bad-file-permissions (severity: high)
os.chmod(key_file, 511)
# ruleid: bandit-b103-set-bad-file-permissions (severity: high)
os.chmod(key_file, 0x1FF)
# ruleid: bandit-b103-set-bad-file-permissions (severity: high)
os.fchmod(fd, 0o772)
# Bandit counts positional arguments and wants two: Path.chmod(mode) has one, so neither tool
# reports it (a gap of the check itself).
# ok: bandit-b103-set-bad-file-permissions
Path("script.sh").chmod(0o775)
# ruleid: bandit-b103-set-bad-file-permissions (severity: high)
os.chmod(
    "/tmp/x",
    0o666,
)
# ruleid: bandit-b103-set-bad-file-permissions (severity: high)
set_mode("/etc/passwd", 0o777)

# ok: bandit-b103-set-bad-file-permissions
os.chmod("/etc/passwd", 0o644)
# ok: bandit-b103-set-bad-file-permissions
os.chmod("/etc/passwd", 0o700)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 0o600)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 420)
# `stat` constants and their `|` (Bandit 1.9.5): read like literals.
# ruleid: bandit-b103-set-bad-file-permissions (severity: high)
os.chmod(key_file, stat.S_IRWXU | stat.S_IRWXO)
# ruleid: bandit-b103-set-bad-file-permissions (severity: medium)
os.chmod(key_file, stat.S_IRWXU | stat.S_IXGRP)
# ok: bandit-b103-set-bad-file-permissions
os.chmod("/etc/passwd", stat.S_IRWXU)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP)
# A keyword mode, a name or another expression is not read (as Bandit).
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, mode=0o777)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, MODE)
# ok: bandit-b103-set-bad-file-permissions
os.chmod(key_file, 0o700 + 0o077)
# Bandit counts positional arguments only: keywords after the two are allowed.
# ruleid: bandit-b103-set-bad-file-permissions (severity: high)
os.chmod(key_file, 0o777, follow_symlinks=False)
# Three positional arguments.
# ok: bandit-b103-set-bad-file-permissions
weird_chmod(key_file, 0o777, True)
# ok: bandit-b103-set-bad-file-permissions
os.chown(key_file, 0o777)
