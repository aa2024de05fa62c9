# Bandit's default set of checks: every check of the Bandit pack (rulesets/bandit/), as
# `bandit -r PATH` runs them. With --format bandit-json, a drop-in for `bandit -r PATH -f json`.
bandit-*
yara.bandit-*
