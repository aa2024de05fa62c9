#!/bin/bash
# Ordinary uses of /dev/tcp, netcat, fifos and socat.
set -euo pipefail

# Wait for the database: a port check through bash's /dev/tcp.
# ok: yara.reverse_shells.bash_dev_tcp
until timeout 1 bash -c "</dev/tcp/localhost/5432"; do sleep 1; done

# An HTTP request by hand.
# ok: yara.reverse_shells.bash_dev_tcp
exec 3<>/dev/tcp/example.com/80; printf 'GET / HTTP/1.0\r\n\r\n' >&3; cat <&3

# Port scan and a listener that serves a file.
# ok: yara.reverse_shells.netcat_exec
nc -z -w 2 localhost 8080
# ok: yara.reverse_shells.netcat_exec
nc -l -p 9000 < checkpoint.tar
# ok: yara.reverse_shells.netcat_exec
ncat --ssl -v example.com 443 < request.txt

# A fifo used to compress a stream.
# ok: yara.reverse_shells.fifo_shell
mkfifo /tmp/stream; gzip -c < /tmp/stream > out.gz & tar cf /tmp/stream data/

# Port forwarding with socat.
# ok: yara.reverse_shells.socat_shell
socat TCP-LISTEN:8080,fork,reuseaddr TCP:localhost:80

# An interactive login shell, no network.
# ok: yara.reverse_shells.bash_dev_tcp
bash -i -c 'source ~/.bashrc && env'
