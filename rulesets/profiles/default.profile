# Warden's default: its own packs, and the Bandit checks that signal risk in code a model
# repository runs. docs/profiles.md gives the reason for each Bandit check kept or left out.
*
-bandit-*
-yara.bandit-*
# Kept from the Bandit pack: no rule of Warden's own says the same thing.
bandit-b103-set-bad-file-permissions         # world-writable or executable files made by code
bandit-b202-tarfile-unsafe-members           # archives extracted where their names say
bandit-b302-marshal                          # marshal loads code objects
bandit-b323-unverified-context               # TLS verification off for urllib and http.client
bandit-b507-ssh-no-host-key-verification     # SSH to any host that answers
bandit-b601-paramiko-calls                   # commands run on remote hosts
bandit-b604-any-other-function-with-shell-equals-true   # a shell behind a wrapper
bandit-b612-logging-config-insecure-listen   # logging config (code) accepted from the network
