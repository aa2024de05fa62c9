/*
 * Warden YARA pack: cryptocurrency miners.
 *
 * Every rule here becomes the Warden check `yara.crypto_miners.<rule name>` and is run over the
 * raw bytes of every scanned file (Python, shell, notebooks, JSON, text). Metadata the engine reads:
 *   title       = "one line"                      what was found
 *   description = "why it matters"                and what to do instead
 *   severity    = "low" | "medium" | "high" | "critical"
 *   confidence  = "low" | "medium" | "high"       how sure a match is the real thing
 *   cwe         = 506  (an integer, or a string of several: "400, 506")
 *   reference   = "url"                           optional
 * Tags on the rule header (`rule x : shell network`) become Warden tags.
 *
 * A finding is reported once per rule and file, on the line of the earliest string match.
 * Plain YARA 4.2: no modules, no external variables. A miner's name alone is not a finding (a
 * README may warn about it): each rule needs a pool address, a pool argument or miner-only
 * configuration.
 */

rule stratum_pool_url : miner network
{
    meta:
        title = "Mining pool URL (stratum+tcp://, stratum+ssl://)"
        description = "Stratum is the protocol miners use to talk to a mining pool; a stratum URL with a host in a model repository means the code (or a binary it starts) mines cryptocurrency on the machine that loads it, usually on its GPUs. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = "400, 506"

    strings:
        $url = /stratum[12]?\+(tcp|ssl|tls|udp|tcps):\/\/[A-Za-z0-9_\-]{1,63}(\.[A-Za-z0-9_\-]{1,63}){0,8}(:[0-9]{2,5})?/ nocase

    condition:
        $url
}

rule miner_cli_pool_args : miner process
{
    meta:
        title = "Known miner program started with a pool or wallet argument"
        description = "xmrig, xmr-stak, cpuminer/minerd, ccminer, ethminer, lolMiner, T-Rex, NBMiner, SRBMiner... started with -o/--url (a pool) or -u/--user (a wallet) is a miner at work. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = "400, 506"

    strings:
        // ./xmrig -o pool:3333 -u WALLET  |  ["./xmrig", "--url", ...]  |  minerd -a scrypt -o stratum...
        $cli = /\b(xmrig|xmr-stak(-rx|-cpu)?|minerd|cpuminer(-multi|-opt|-gr)?|ccminer|cgminer|bfgminer|ethminer|lolminer|nbminer|t-rex|nanominer|teamredminer|srbminer(-multi)?|phoenixminer|gminer|xmrigcc|xmrig-notls)(\.exe)?\\?["']?(\s*,\s*\\?["']?|\s+)([^\n]{0,200}[\s"',\[\\])?(-o|--url|-u|--user|--pool|--wallet|-P)\\?["']?(\s*,\s*\\?["']?|\s*=\s*|\s+)[A-Za-z0-9]/ nocase

    condition:
        $cli
}

rule mining_pool_host : miner network
{
    meta:
        title = "Address of a known mining pool (host:port)"
        description = "A host:port of a public mining pool (MineXMR, SupportXMR, Nanopool, MoneroOcean, HashVault, C3Pool, 2Miners, F2Pool, Ethermine, HeroMiners, unMineable...) is where a miner sends its work. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = "400, 506"

    strings:
        $host = /(minexmr\.com|supportxmr\.com|nanopool\.org|moneroocean\.stream|hashvault\.pro|c3pool\.(com|org)|xmrpool\.eu|herominers\.com|2miners\.com|f2pool\.com|ethermine\.org|minergate\.com|unmineable\.com|monerohash\.com|dwarfpool\.com|flexpool\.io|miningpoolhub\.com|zpool\.ca|hiveon\.net|nicehash\.com|prohashing\.com|mining-dutch\.nl|zergpool\.com|woolypooly\.com|kryptex\.network|xmrfast\.com|minerxmr\.ru)\\?["']?\s*(:|\\?["']?\s*,\s*(port\s*=\s*)?)[0-9]{2,5}\b/ nocase

    condition:
        $host
}

rule miner_only_flags : miner process
{
    meta:
        title = "Command-line flag that only miners have (--donate-level, --randomx-*, --cpu-max-threads-hint)"
        description = "--donate-level N and the RandomX tuning flags belong to XMRig and its forks: the command that carries them runs a Monero miner. Remove it."
        severity = "critical"
        confidence = "high"
        cwe = "400, 506"

    strings:
        // --donate-level 1, "--donate-level=0", "--cpu-max-threads-hint", "50": flags with a number
        $valued = /--(donate-level|donate-over-proxy|cpu-max-threads-hint|cpu-priority|max-cpu-usage)\\?["']?(=|\s*,\s*\\?["']?|\s+)[0-9]/
        $mode = /--randomx-mode\\?["']?(=|\s*,\s*\\?["']?|\s+)(auto|fast|light)\b/
        // RandomX switches that take no value
        $switch = /--randomx-(1gb-pages|no-numa|wrmsr|no-rdmsr|cache-qos)\b/

    condition:
        any of them
}

rule miner_config_keys : miner config
{
    meta:
        title = "Miner configuration (XMRig or cpuminer JSON keys)"
        description = "A JSON object with \"donate-level\" and \"pools\" (XMRig), or \"algo\" set to a mining algorithm next to a pool \"url\" and \"user\" (cpuminer, ccminer), configures a miner. Remove it and the binary it configures."
        severity = "critical"
        confidence = "high"
        cwe = "400, 506"

    strings:
        $donate = /\\?["']donate-level\\?["']\s*:\s*[0-9]/
        $pools = /\\?["']pools\\?["']\s*:\s*\[/
        $rig = /\\?["'](rig-id|randomx|cryptonight|huge-pages-jit|max-threads-hint)\\?["']\s*:/
        $algo = /\\?["']algo\\?["']\s*:\s*\\?["'](rx\/[0-9a-z]{1,6}|cn\/[0-9a-z\-]{1,10}|cryptonight[a-z0-9\-]{0,12}|randomx|kawpow|ethash|etchash|autolykos2?|ghostrider|scrypt|sha256d|x11|x16r|x16rv2|yescrypt[a-z0-9]{0,6}|lyra2rev[23]|lyra2z|neoscrypt|equihash|argon2d?[a-z0-9]{0,8}|verushash|cuckatoo[0-9]{0,2}|blake2s|groestl|quark|qubit)\\?["']/ nocase
        $url = /\\?["'](url|pool|host)\\?["']\s*:\s*\\?["'](stratum[12]?\+|[A-Za-z0-9.\-]{1,100}:[0-9]{2,5}\\?["'])/
        $user = /\\?["'](user|wallet|worker|login)\\?["']\s*:\s*\\?["']/

    condition:
        ($donate and ($pools or $rig)) or ($algo and $url and $user)
}
