#!/bin/bash
# Ordinary downloads: to a file, checked, unpacked, or parsed as data.
set -euo pipefail

# ok: yara.download_exec.curl_pipe_shell, yara.download_exec.fetch_chmod_run
curl -fsSL -o model.tar.gz https://example.com/model.tar.gz && sha256sum -c model.sha256
# ok: yara.download_exec.curl_pipe_shell
curl -sL https://example.com/data.tar.gz | tar xz -C data/
# ok: yara.download_exec.curl_pipe_shell
curl -s https://example.com/api/status | python3 -m json.tool
# ok: yara.download_exec.curl_pipe_shell
curl -s https://example.com/api/status | python3 -c 'import json, sys; print(json.load(sys.stdin)["ok"])'
# ok: yara.download_exec.curl_pipe_shell
wget -qO- https://example.com/weights.bin | sha256sum
# ok: yara.download_exec.curl_pipe_shell
curl -s https://example.com/list.txt | shuf -n 1

# A file made readable, not executable.
# ok: yara.download_exec.fetch_chmod_run
wget -q https://example.com/vocab.txt -O vocab.txt && chmod 644 vocab.txt && ls -l vocab.txt

# A script of the repository run after chmod, nothing downloaded.
# ok: yara.download_exec.fetch_chmod_run
chmod +x scripts/train.sh && ./scripts/train.sh
