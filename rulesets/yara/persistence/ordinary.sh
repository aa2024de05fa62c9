#!/bin/bash
# Ordinary set-up steps next to the places persistence uses.
set -euo pipefail

# ok: yara.persistence.crontab_write
crontab -l | grep -q train.py || echo "no training job scheduled"
# ok: yara.persistence.crontab_write
ls /etc/cron.d/ /var/spool/cron/ 2>/dev/null

# Put the virtualenv on PATH for new shells.
# ok: yara.persistence.shell_rc_append
echo 'export PATH="$HOME/.local/bin:$PATH"' >> ~/.bashrc
# ok: yara.persistence.shell_rc_append
echo 'conda activate warden' >> ~/.zshrc

# Authorize your own key on a new box.
# ok: yara.persistence.ssh_authorized_keys_write
cat ~/.ssh/id_ed25519.pub >> ~/.ssh/authorized_keys
# ok: yara.persistence.ssh_authorized_keys_write
chmod 600 ~/.ssh/authorized_keys

# Services that are there already.
# ok: yara.persistence.systemd_unit_install
systemctl enable --now docker
# ok: yara.persistence.systemd_unit_install
systemctl status nvidia-persistenced.service

# ok: yara.persistence.ld_preload_persistence
test -s /etc/ld.so.preload && cat /etc/ld.so.preload
