"""Look-alikes that are not bidirectional controls."""

# U+200E LEFT-TO-RIGHT MARK is not in Bandit's list.
# ok: yara.bandit-b613-trojansource.trojansource
A = "abc‎"
# A zero-width space is not a bidirectional control.
# ok: yara.bandit-b613-trojansource.trojansource
B = "a​b"
# Escapes written in the source are plain ASCII.
# ok: yara.bandit-b613-trojansource.trojansource
C = "\u202e\u2066\u200f"
# Right-to-left text without control characters.
# ok: yara.bandit-b613-trojansource.trojansource
D = "مرحبا שלום"
