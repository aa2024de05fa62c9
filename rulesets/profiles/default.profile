# Warden's default: its own packs, and the Bandit checks that signal risk in code a model
# repository runs. docs/profiles.md gives the reason for each Bandit check left out.
*
-bandit-*
-yara.bandit-*
