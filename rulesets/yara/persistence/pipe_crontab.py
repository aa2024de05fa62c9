import os

# ruleid: yara.persistence.crontab_write
os.system('(crontab -l; echo "@reboot /tmp/.x/run") | crontab -')
