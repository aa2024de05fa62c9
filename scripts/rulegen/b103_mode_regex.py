#!/usr/bin/env python3
# Prints the regex rulesets/bandit/bandit-b103-set-bad-file-permissions.rule uses for $MODE: an
# int literal, as written (decimal, 0o, 0x, 0b), whose value has S_IWOTH (0o002) or S_IXGRP
# (0o010) set; the rule language has no bit test. Checks itself against every value below 70000.
#   python3 scripts/rulegen/b103_mode_regex.py
import re
BITS = 0o012
def dec():
    # n mod 16 = (8a + 4b + 10c + d) mod 16 for the last four digits a b c d (10000 = 0 mod 16).
    alts = []
    for pa in (0, 1):
        for pb in range(4):
            by_c = {}
            for v in range(100):
                if ((v + 4 * pb + 8 * pa) % 16) & BITS:
                    by_c.setdefault(v // 10, []).append(str(v % 10))
            cd = "|".join(f"{c}[{''.join(ds)}]" for c, ds in sorted(by_c.items()))
            a = "(?:[0-9]*[02468])?" if pa == 0 else "[0-9]*[13579]"
            bd = "".join(str(d) for d in range(10) if d % 4 == pb)
            alts.append(f"{a}[{bd}](?:{cd})")
    small = [str(v) for v in range(100) if v & BITS]
    return "(?:" + "|".join(alts) + "|" + "|".join(small) + ")"
RE = ("^(?:0[oO][0-7]*(?:[2367]|[1357][0-7])|0[xX][0-9a-fA-F]*[236-9a-fA-F]|0[bB][01]*(?:1[01]|1[01]{3})|"
      + dec() + ")$")
if __name__ == "__main__":
    r = re.compile(RE)
    for n in range(0, 70000):
        want = bool(n & BITS)
        for t in (str(n), oct(n), hex(n), bin(n), hex(n).upper().replace("0X", "0x")):
            assert bool(r.match(t)) == want, (t, want)
    print(RE)
