/*
 * Warden YARA pack: persistence.
 *
 * Every rule here becomes the Warden check `yara.persistence.<rule name>` and is run over the
 * raw bytes of every scanned file (Python, shell, notebooks, JSON, text). Metadata the engine reads:
 *   title       = "one line"                      what was found
 *   description = "why it matters"                and what to do instead
 *   severity    = "low" | "medium" | "high" | "critical"
 *   confidence  = "low" | "medium" | "high"       how sure a match is the real thing
 *   cwe         = 506  (an integer, or a string of several: "506, 912")
 *   reference   = "url"                           optional
 * Tags on the rule header (`rule x : shell network`) become Warden tags.
 *
 * A finding is reported once per rule and file, on the line of the earliest string match.
 * Plain YARA 4.2: no modules, no external variables. Reading or listing these places (crontab -l,
 * cat ~/.ssh/authorized_keys, systemctl status) is ordinary: each rule needs a write.
 */

rule crontab_write : shell persistence
{
    meta:
        title = "Job added to cron (| crontab -, /etc/cron.d/, /var/spool/cron, /etc/crontab)"
        description = "A cron entry keeps running after the model is unloaded and the process is gone, at every interval, usually to re-download or restart a payload. Loading a model never needs to schedule anything: remove it and check `crontab -l` and /etc/cron.d on machines that ran it."
        severity = "high"
        confidence = "high"
        cwe = "506, 912"

    strings:
        // (crontab -l; echo "* * * * * cmd") | crontab -     /   echo ... | crontab -u root -
        $pipe = /\|\s*(sudo\s+)?crontab\s+(-u\s+[A-Za-z0-9_\-]{1,32}\s+)?-(\s|["'`;)&|\\]|$)/
        // echo ... >> /etc/crontab  /  > /etc/cron.d/x  /  tee -a /var/spool/cron/crontabs/root  /  cp x /etc/cron.d/
        $redirect = /(>{1,2}|\btee\s+(-a\s+)?|\b(cp|mv|install)\s+[^\n;&|]{1,200}\s)\\?["']?(\/etc\/crontab\b|\/etc\/cron\.(d|hourly|daily|weekly|monthly)\/|\/var\/spool\/cron\/)/
        // open("/etc/cron.d/x", "w") / Path("/var/spool/cron/crontabs/root").write_text(...)
        $python = /\\?["'](\/etc\/crontab|\/etc\/cron\.(d|hourly|daily|weekly|monthly)\/[^"'\n]{0,100}|\/var\/spool\/cron\/[^"'\n]{0,100})\\?["']\s*(,\s*\\?["'](a|w)b?\+?\\?["']|\)\s*\.\s*(write_text|write_bytes|open\s*\(\s*\\?["'][aw]))/
        // python-crontab: CronTab(user=True) ... .new(command=...) ... .write()
        $pycron = /CronTab\s*\(\s*(user|tabfile)\s*=/
        $pycron_new = /\.new\s*\(\s*command\s*=/

    condition:
        $pipe or $redirect or $python or ($pycron and $pycron_new)
}

rule shell_rc_append : shell persistence
{
    meta:
        title = "Shell start-up file (.bashrc, .profile, .zshrc) given a network, decode or background command"
        description = "A line appended to ~/.bashrc or ~/.profile runs in every new shell of the user; one that fetches (curl, wget), decodes (base64 -d), connects (/dev/tcp, nc) or preloads a library is a foothold that survives the process. Adding an export PATH line is ordinary and is not reported."
        severity = "high"
        confidence = "high"
        cwe = "506, 912"

    strings:
        $append = /\b(echo|printf)\s[^\n]{0,300}(curl\s|wget\s|\/dev\/tcp\/|base64\s+(-d|--decode)|\bnc\s|\bncat\s|python[0-9.]{0,4}\s+-c\s|nohup\s|LD_PRELOAD=|alias\s+(sudo|ssh|su)=)[^\n]{0,300}>>\s*\\?["']?(~|\$HOME|\$\{HOME\}|\/root|\/home\/[A-Za-z0-9_.\-]{1,40})\/\.(bashrc|bash_profile|bash_login|zshrc|zprofile|zshenv|profile)\b/

    condition:
        $append
}

rule python_shell_rc_write : python persistence
{
    meta:
        title = "Python opening a shell start-up file (.bashrc, .profile, .zshrc) for writing"
        description = "Code that appends to ~/.bashrc or ~/.profile runs its line in every new shell of the user, long after the model is loaded. A model has no business editing them: remove it."
        severity = "high"
        confidence = "medium"
        cwe = "506, 912"

    strings:
        // open(os.path.expanduser("~/.bashrc"), "a") / open(Path.home() / ".zshrc", "a")
        $open = /\bopen\s*\([^\n]{0,120}["'~\/]\.(bashrc|bash_profile|bash_login|zshrc|zprofile|zshenv|profile)\\?["']\s*\)?\s*,\s*(mode\s*=\s*)?\\?["'](a|w)b?\+?\\?["']/
        // (Path.home() / ".bashrc").open("a") / .write_text(...)
        $path = /\\?["']\.(bashrc|bash_profile|bash_login|zshrc|zprofile|zshenv|profile)\\?["']\s*\)\s*\.\s*(open\s*\(\s*(mode\s*=\s*)?\\?["'][aw]|write_text\s*\()/

    condition:
        $open or $path
}

rule ssh_authorized_keys_write : shell python persistence
{
    meta:
        title = "Key added to ~/.ssh/authorized_keys from the code"
        description = "A public key written into authorized_keys lets its owner log in to the machine over SSH whenever they like, whatever happens to the model. Code shipped with a model never needs to do that: remove it and check authorized_keys on machines that ran it."
        severity = "critical"
        confidence = "high"
        cwe = "506, 912"

    strings:
        // echo "ssh-rsa AAAA..." >> ~/.ssh/authorized_keys
        $echo_key = /\b(echo|printf)\s+(-[en]{1,2}\s+)?\\?["']?(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp[0-9]{3}|sk-ssh-ed25519@openssh\.com)\s+AAAA[A-Za-z0-9+\/]{16}[^\n]{0,2000}(>{1,2}|\btee\s+(-a\s+)?)\s*\\?["']?\S{0,100}authorized_keys2?\b/
        // curl URL >> ~/.ssh/authorized_keys
        $fetch_key = /\b(curl|wget)\s[^\n]{0,300}(>>|\|\s*(sudo\s+)?tee\s+-a)\s*\\?["']?\S{0,100}authorized_keys2?\b/
        // open(".../authorized_keys", "a")  /  Path(... "authorized_keys").write_text(...)
        $python_open = /\bopen\s*\([^\n]{0,150}authorized_keys2?\\?["']\s*\)?\s*,\s*(mode\s*=\s*)?\\?["'](a|w)b?\+?\\?["']/
        $python_path = /authorized_keys2?\\?["']\s*\)\s*\.\s*(open\s*\(\s*(mode\s*=\s*)?\\?["'][aw]|write_text\s*\()/

    condition:
        any of them
}

rule systemd_unit_install : shell python persistence
{
    meta:
        title = "systemd unit written to a system or user unit directory and enabled"
        description = "A .service or .timer written to /etc/systemd/system (or ~/.config/systemd/user) and enabled starts at every boot or login, long after the model is loaded: the persistence of miners and backdoors. Remove it and check `systemctl list-unit-files` on machines that ran it."
        severity = "high"
        confidence = "high"
        cwe = "506, 912"

    strings:
        $unit = /(\/etc\/systemd\/system|\/lib\/systemd\/system|\/usr\/lib\/systemd\/system|\.config\/systemd\/user)\/[A-Za-z0-9_@.\-{}]{1,100}\.(service|timer)\b/
        $enable = /\bsystemctl\s+(--user\s+)?(--now\s+)?enable\b/
        $enable_list = /\\?["']systemctl\\?["']\s*,\s*(\\?["']--user\\?["']\s*,\s*)?(\\?["']--now\\?["']\s*,\s*)?\\?["']enable\\?["']/

    condition:
        $unit and ($enable or $enable_list)
}

rule ld_preload_persistence : shell python persistence
{
    meta:
        title = "Library written into /etc/ld.so.preload"
        description = "Every dynamically linked program on the machine loads the libraries listed in /etc/ld.so.preload: writing one there is a system-wide rootkit technique. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = "506, 912"

    strings:
        $shell = /(>{1,2}|\btee\s+(-a\s+)?)\s*\\?["']?\/etc\/ld\.so\.preload\b/
        $python = /\\?["']\/etc\/ld\.so\.preload\\?["']\s*(,\s*(mode\s*=\s*)?\\?["'](a|w)b?\+?\\?["']|\)\s*\.\s*(write_text|write_bytes|open\s*\(\s*\\?["'][aw]))/

    condition:
        any of them
}
