"""The isolate controls U+2066..U+2069."""

# ruleid: yara.bandit-b613-trojansource.trojansource
LABEL = "⁧label⁩ ⁨x⁩"
