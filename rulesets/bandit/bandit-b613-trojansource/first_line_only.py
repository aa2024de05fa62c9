"""Bandit reports a file once, at the first line with a bidirectional control character."""

# ruleid: yara.bandit-b613-trojansource.trojansource
GREETING = "hello ‫world‬"
# The same file again: no second finding.
# ok: yara.bandit-b613-trojansource.trojansource
FAREWELL = "bye ‭world‬"
