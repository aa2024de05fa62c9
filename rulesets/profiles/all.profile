# Every check of every pack, the Bandit pack included (some lines then get a finding from a
# Warden rule and from its Bandit twin).
*
