#!/bin/bash
# Ordinary shell use of keys, tokens and the environment.
set -euo pipefail

# Install a public key on another machine.
# ok: yara.exfiltration.shell_credential_upload
cat ~/.ssh/id_rsa.pub | ssh gpu-box 'cat >> ~/.ssh/known_good_keys'
# Authenticate with .netrc: curl reads it, nothing is uploaded.
# ok: yara.exfiltration.shell_credential_upload
curl --netrc -fsSL -o model.bin https://example.com/model.bin
# Upload a checkpoint.
# ok: yara.exfiltration.shell_credential_upload
curl -T model.bin https://storage.example.com/upload
# Look at the environment.
# ok: yara.exfiltration.shell_credential_upload
env | grep CUDA | sort
# ok: yara.exfiltration.shell_credential_upload
printenv | sort > env.txt
