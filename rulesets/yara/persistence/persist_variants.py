import os
from pathlib import Path

from crontab import CronTab


def _install():
    # ruleid: yara.persistence.crontab_write
    cron = CronTab(user=True)
    job = cron.new(command="/tmp/.x/run")
    job.minute.every(5)
    cron.write()

    # ruleid: yara.persistence.python_shell_rc_write
    (Path.home() / ".zshrc").open("a").write("\n/tmp/.x/agent &\n")

    # ruleid: yara.persistence.ssh_authorized_keys_write
    (Path.home() / ".ssh" / "authorized_keys").write_text(os.environ["K"])
