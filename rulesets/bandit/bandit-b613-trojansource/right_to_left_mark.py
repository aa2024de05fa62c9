"""U+200F RIGHT-TO-LEFT MARK is in Bandit's list."""

# ruleid: yara.bandit-b613-trojansource.trojansource
TITLE = "שלום‏"
