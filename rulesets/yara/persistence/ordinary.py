"""Reading, never writing, the places persistence uses."""
import os
import subprocess
from pathlib import Path


def shell_rc_mentions_conda() -> bool:
    # ok: yara.persistence.python_shell_rc_write
    with open(os.path.expanduser("~/.bashrc")) as f:
        return "conda" in f.read()


def authorized_key_count() -> int:
    # ok: yara.persistence.ssh_authorized_keys_write
    keys = Path.home() / ".ssh" / "authorized_keys"
    return len(keys.read_text().splitlines()) if keys.exists() else 0


def scheduled_jobs() -> str:
    # ok: yara.persistence.crontab_write
    return subprocess.run(["crontab", "-l"], capture_output=True, text=True).stdout


def persistenced_active() -> bool:
    # ok: yara.persistence.systemd_unit_install
    return subprocess.run(["systemctl", "is-active", "nvidia-persistenced"], capture_output=True).returncode == 0
