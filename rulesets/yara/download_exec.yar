/*
 * Warden YARA pack: download and execute.
 *
 * Every rule here becomes the Warden check `yara.download_exec.<rule name>` and is run over the
 * raw bytes of every scanned file (Python, shell, notebooks, JSON, text). Metadata the engine reads:
 *   title       = "one line"                      what was found
 *   description = "why it matters"                and what to do instead
 *   severity    = "low" | "medium" | "high" | "critical"
 *   confidence  = "low" | "medium" | "high"       how sure a match is the real thing
 *   cwe         = 494  (an integer, or a string of several: "78, 94")
 *   reference   = "url"                           optional
 * Tags on the rule header (`rule x : shell network`) become Warden tags.
 *
 * A finding is reported once per rule and file, on the line of the earliest string match.
 * Plain YARA 4.2: no modules, no external variables. Each rule needs the fetch AND the run.
 */

rule curl_pipe_shell : shell network download_exec
{
    meta:
        title = "Output of curl or wget piped into a shell or an interpreter reading stdin"
        description = "curl URL | sh (or | bash, | sudo bash, | python -, bash <(curl ...), sh -c \"$(curl ...)\") runs whatever the server sends at that moment, unreviewed and unpinned. Download to a file, check its hash or signature, then run it; or install from a package index with pinned versions."
        severity = "high"
        confidence = "high"
        cwe = 494

    strings:
        // curl -fsSL URL | sudo -E bash -   (the first pipe after curl/wget)
        $pipe_sh = /\b(curl|wget)\s[^\n|;&]{0,300}\|\s*(sudo\s+(-[A-Za-z]+\s+){0,3})?(\/usr)?(\/bin\/)?(ba|z|k|da)?sh\b/
        // curl URL | python3 -   (python reading its program from stdin, not python -c/-m)
        $pipe_py = /\b(curl|wget)\s[^\n|;&]{0,300}\|\s*(sudo\s+(-[A-Za-z]+\s+){0,3})?(python[0-9.]{0,4}|perl|ruby|node)(\s+-)?\s*([\r\n"'`;)&|<\\]|-\s)/
        // bash <(curl URL)   |   sh -c "$(wget -qO- URL)"
        $subst = /\b(ba|z|k|da)?sh\s+(-c\s+)?\\?["']?(<\(|\$\()\s*(curl|wget)\s/

    condition:
        any of them
}

rule python_fetch_exec : python network download_exec
{
    meta:
        title = "Python exec/eval of code fetched over the network"
        description = "exec(urlopen(URL).read()), exec(requests.get(URL).text) and the same split over two statements run whatever the server returns, with the privileges of the process loading the model. Ship the code in the repository (or a pinned package) instead."
        severity = "critical"
        confidence = "high"
        cwe = 494

    strings:
        // exec(urllib.request.urlopen(url).read()) / eval(requests.get(u).text) / exec(compile(urlopen(u).read(), ...))
        $inline = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?(([A-Za-z_][A-Za-z0-9_]{0,20}\.){0,3}urlopen|(requests|httpx|session|urllib3|http)\.(get|request))\s*\([^\n]{1,300}\)\s*\.\s*(read\s*\(\s*\)|text\b|content\b)/
        // code = urlopen(url).read()  ...  exec(code)
        $fetch = /=\s*(([A-Za-z_][A-Za-z0-9_]{0,20}\.){0,3}urlopen|(requests|httpx|session|urllib3|http)\.(get|request))\s*\([^\n]{1,300}\)\s*\.\s*(read\s*\(\s*\)|text\b|content\b)/
        $exec_name = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?[A-Za-z_][A-Za-z0-9_]{0,30}(\.decode\s*\([^()\n]{0,20}\))?\s*[,)]/

    condition:
        $inline or
        for any i in (1..#fetch) : (
            for any j in (1..#exec_name) : (@exec_name[j] > @fetch[i] and @exec_name[j] - @fetch[i] < 400)
        )
}

rule powershell_download_cradle : powershell network download_exec
{
    meta:
        title = "PowerShell download cradle: Invoke-Expression of a downloaded string"
        description = "IEX (New-Object Net.WebClient).DownloadString(URL) and iwr URL | iex run a script fetched at that moment without writing it to disk. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = 494

    strings:
        $iex_webclient = /\b(iex|Invoke-Expression)\s*\(?\s*\(?\s*New-Object\s+(System\.)?Net\.WebClient\s*\)?\s*\.\s*Download(String|Data)\s*\(/ nocase
        $webclient_pipe = /New-Object\s+(System\.)?Net\.WebClient\s*\)\s*\.\s*Download(String|Data)\s*\([^\n]{1,300}\)\s*\|\s*(iex|Invoke-Expression)\b/ nocase
        $iwr_pipe = /\b(iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\s[^\n|]{1,300}\|\s*(iex|Invoke-Expression)\b/ nocase
        $iex_iwr = /\b(iex|Invoke-Expression)\s*\(?\s*\(?\s*(iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\s/ nocase

    condition:
        any of them
}

rule certutil_urlcache : windows network download_exec
{
    meta:
        title = "certutil -urlcache or bitsadmin /transfer used to download a file"
        description = "certutil -urlcache -f URL FILE and bitsadmin /transfer are Windows tools abused to fetch payloads past download controls; model code has no use for them. Remove it."
        severity = "high"
        confidence = "high"
        cwe = 494

    strings:
        $certutil = /certutil(\.exe)?\\?["']?\s+[^\n]{0,80}[-\/]urlcache\s[^\n]{0,80}(https?|ftp):\/\// nocase
        $bitsadmin = /bitsadmin(\.exe)?\\?["']?\s+[^\n]{0,40}\/transfer\s[^\n]{0,120}(https?|ftp):\/\// nocase

    condition:
        any of them
}

rule fetch_chmod_run : shell python network download_exec
{
    meta:
        title = "A file downloaded, made executable and run"
        description = "wget URL -O F && chmod +x F && ./F (or urlretrieve, os.chmod with an execute bit, then subprocess/os.system) runs a binary fetched at run time, which can change under you and is not reviewed. Ship or pin the tool instead and check its hash."
        severity = "high"
        confidence = "medium"
        cwe = 494

    strings:
        // wget -q URL -O /tmp/x && chmod +x /tmp/x && /tmp/x     (same line, or the next lines; in a notebook, the next `!` lines of the cell)
        $shell = /\b(curl|wget)\s[^\n]{1,300}(&&|;|\n|\\n"\s*,\s*"!?)\s*(sudo\s+)?chmod\s+(-[A-Za-z]+\s+)?([ugoa]{0,3}\+[rw]{0,2}x|[0-7]?[1357][0-7]{2}|[0-7]?[0-7][1357][0-7]|[0-7]?[0-7]{2}[1357])\s+[^\n;&|]{1,200}(&&|;|\n|\\n"\s*,\s*"!?)\s*(\.\/|\/|~\/|\$|nohup\s|sudo\s|exec\s|setsid\s)/
        // Python: urlretrieve / write of a download, os.chmod with an execute bit, then a process
        $py_fetch = /(urlretrieve\s*\(|\.write\s*\(\s*(requests\.get|urlopen|urllib\.request\.urlopen)\s*\()/
        $py_chmod = /os\.chmod\s*\([^\n]{1,200},\s*(0o?[0-7]?[0-7]{0,2}[1357][0-7]{0,2}\s*[,)]|[^\n]{0,80}(S_IXUSR|S_IXGRP|S_IXOTH|S_IEXEC|S_IRWXU)|0o?111\b|(493|511|365)\s*\))/
        $py_run = /(subprocess\.(run|call|Popen|check_call|check_output)|os\.(system|popen|execv|execl|execvp|execlp|spawnv|spawnl|startfile))\s*\(/

    condition:
        $shell or
        for any i in (1..#py_chmod) : (
            for any j in (1..#py_fetch) : (@py_fetch[j] < @py_chmod[i] and @py_chmod[i] - @py_fetch[j] < 1000) and
            for any k in (1..#py_run) : (@py_run[k] > @py_chmod[i] and @py_run[k] - @py_chmod[i] < 600)
        )
}
