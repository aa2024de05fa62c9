"""Trojan Source "stretched string": the return looks like part of the string."""


def is_admin(user):
    access_level = user.access_level
    # ruleid: yara.bandit-b613-trojansource.trojansource
    if access_level != "none‮⁦":  # Check if admin⁩⁦" and access_level != "user
        return True
    return False
