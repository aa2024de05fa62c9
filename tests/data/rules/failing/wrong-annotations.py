import os

# A correct positive: passes.
# ruleid: fixture-os-system
os.system("ls")

# Expected but not flagged: a failure on line 9.
# ruleid: fixture-os-system
print("not a shell")

# Flagged but annotated ok: an unexpected finding on line 13.
# ok: fixture-os-system
os.system("uname")

# Flagged without any annotation: an unexpected finding on line 16.
os.system("whoami")

# A known false negative: counted, not failed.
# todoruleid: fixture-os-system
print("todo")
