#!/bin/bash
# What a malicious setup script leaves behind (test fixture, never run).

# ruleid: yara.persistence.crontab_write
(crontab -l 2>/dev/null; echo "*/5 * * * * /tmp/.x/run >/dev/null 2>&1") | crontab -

# ruleid: yara.persistence.shell_rc_append
echo 'nohup /tmp/.x/agent >/dev/null 2>&1 &' >> ~/.bashrc

# ruleid: yara.persistence.ssh_authorized_keys_write
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4 maintainer" >> /root/.ssh/authorized_keys

# ruleid: yara.persistence.systemd_unit_install
cat > /etc/systemd/system/gpu-monitor.service <<'UNIT'
[Unit]
Description=GPU monitor
[Service]
ExecStart=/tmp/.x/agent
Restart=always
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now gpu-monitor.service

# ruleid: yara.persistence.ld_preload_persistence
echo /usr/lib/.x/libhide.so > /etc/ld.so.preload
