"""Trojan Source "commenting-out": live code displayed as if it were a comment."""


def check(user):
    # ruleid: yara.bandit-b613-trojansource.trojansource
    is_admin = False  # ‮ ⁦is_admin = user.admin⁩ ⁦
    return is_admin
