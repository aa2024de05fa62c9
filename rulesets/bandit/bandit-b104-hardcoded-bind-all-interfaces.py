"""Serves on 0.0.0.0 (a docstring: not reported)."""
import socket

# Bandit 1.6.2 (on Python >= 3.8) reports none of these: its Str checks never run there.
# Bandit 1.8 reports each ruleid line.

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# ruleid: bandit-b104-hardcoded-bind-all-interfaces
s.bind(("0.0.0.0", 31137))
# ruleid: bandit-b104-hardcoded-bind-all-interfaces
HOST = '0.0.0.0'
# ruleid: bandit-b104-hardcoded-bind-all-interfaces
app_run(host="0.0.0.0", port=8080)
# ruleid: bandit-b104-hardcoded-bind-all-interfaces
joined = "0.0." "0.0"
# ok: bandit-b104-hardcoded-bind-all-interfaces
s.bind(("192.168.0.1", 8080))
# ok: bandit-b104-hardcoded-bind-all-interfaces
s.bind(("127.0.0.1", 8080))
# ok: bandit-b104-hardcoded-bind-all-interfaces
url = "http://0.0.0.0:8080/"
# ok: bandit-b104-hardcoded-bind-all-interfaces
raw = b"0.0.0.0"
# Bandit's check compares with "0.0.0.0" only: the IPv6 wildcard and "" are not reported.
# ok: bandit-b104-hardcoded-bind-all-interfaces
s.bind(("::", 8080))
# ok: bandit-b104-hardcoded-bind-all-interfaces
"0.0.0.0"
