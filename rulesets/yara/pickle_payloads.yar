/*
 * Warden YARA pack: pickle payloads.
 *
 * Every rule here becomes the Warden check `yara.pickle_payloads.<rule name>` and is run over the
 * raw bytes of every scanned file (Python, shell, notebooks, JSON, text, .pkl/.pt files that are
 * scanned). Rules of Warden's own can also apply them to a value decoded statically:
 * `where decoded($DATA) matches yara [pickle_payloads.*]` (rulesets/payloads/py-payload-pickle-exec).
 * Metadata the engine reads:
 *   title       = "one line"                      what was found
 *   description = "why it matters"                and what to do instead
 *   severity    = "low" | "medium" | "high" | "critical"
 *   confidence  = "low" | "medium" | "high"       how sure a match is the real thing
 *   cwe         = 502  (an integer, or a string of several: "502, 94")
 *   reference   = "url"                           optional
 * Tags on the rule header (`rule x : pickle payload`) become Warden tags.
 *
 * A finding is reported once per rule and file, on the line of the earliest string match.
 * Plain YARA 4.2: no modules, no external variables.
 *
 * A pickle names the callables it calls with two opcodes:
 *   - GLOBAL `c` (and INST `i`), protocols 0 to 3: `c` MODULE `\n` NAME `\n`, as in
 *     `cposix\nsystem\n`. Protocols 0-2 write Python 2 names: `__builtin__` for builtins and
 *     `commands` for subprocess.
 *   - STACK_GLOBAL 0x93, protocols 4 and 5: two strings pushed before it, usually
 *     SHORT_BINUNICODE (0x8c LEN TEXT), each followed by MEMOIZE (0x94):
 *     `\x8c\x05posix\x94\x8c\x06system\x94\x93`. Hand-made pickles use BINUNICODE (`X` + 4-byte
 *     length), BINUNICODE8 (0x8d + 8 bytes), SHORT_BINSTRING (`U` LEN), UNICODE (`V` TEXT `\n`),
 *     and BINPUT/LONG_BINPUT/PUT instead of MEMOIZE.
 * Only the callables that run a command or code are listed: os/posix/nt system, popen, exec*,
 * spawn*, posix_spawn*, startfile; subprocess (and Python 2's commands); builtins eval, exec,
 * execfile, __import__; pty.spawn. Ordinary pickles name classes (`collections\nOrderedDict`,
 * `torch._utils\n_rebuild_tensor_v2`, `numpy.core.multiarray\n_reconstruct`), never these.
 */

rule pickle_global_code_exec : pickle deserialization payload
{
    meta:
        title = "Pickle data whose GLOBAL opcode loads os.system, subprocess, eval, exec or __import__"
        description = "Unpickling calls what the pickle's GLOBAL (or INST) opcodes name with the arguments the pickle holds. A pickle that loads os.system, posix.system, subprocess.Popen/check_output, builtins.eval/exec or __import__ runs a command or code as soon as pickle.load, torch.load or joblib.load reads it: it is a payload, not data. Do not load it; store weights and data in safetensors, JSON or numpy arrays without allow_pickle."
        severity = "critical"
        confidence = "high"
        cwe = "502, 94"
        reference = "https://docs.python.org/3/library/pickle.html#restricting-globals"

    strings:
        // cposix\nsystem\n (what os.system pickles as on Linux)   cnt\nspawnv\n (Windows)
        $posix = /[ci](posix|nt)\n(system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?|startfile)\n/
        // cos\nsystem\n   ios\nsystem\n (hand-made pickles name the module os)
        $os = /[ci]os\n(system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?|startfile)\n/
        // csubprocess\nPopen\n   ccommands\ncheck_output\n (protocols 0-2)
        $subprocess = /[ci](subprocess|commands)\n(Popen|call|run|check_call|check_output|getoutput|getstatusoutput)\n/
        // cbuiltins\neval\n   c__builtin__\n__import__\n (protocols 0-2)
        $builtins = /[ci](builtins|__builtin__)\n(eval|exec|execfile|__import__)\n/
        $pty = /[ci]pty\nspawn\n/

    condition:
        // `os` only: prose has lines ending in "macos", "ratios" or the word "cos" followed by a
        // line "system", so the byte before `c`/`i` must not be a lowercase letter or a space,
        // unless it is the argument of BINPUT (`q`) or BINGET (`h`), as in `q\x61cos\nsystem\n`.
        // Known gap: a hand-made INST right after a string argument ending in a lowercase
        // letter, without a memo opcode between (`(X\x02\x00\x00\x00idios\nsystem\n.`).
        $posix or $subprocess or $builtins or $pty or
        for any i in (1..#os) : (
            @os[i] == 0 or
            (uint8(@os[i] - 1) != 0x20 and (uint8(@os[i] - 1) < 0x61 or uint8(@os[i] - 1) > 0x7A)) or
            uint8(@os[i] - 2) == 0x71 or uint8(@os[i] - 2) == 0x68
        )
}

rule pickle_stack_global_code_exec : pickle deserialization payload
{
    meta:
        title = "Pickle data whose STACK_GLOBAL opcode loads os.system, subprocess, eval, exec or __import__"
        description = "Protocols 4 and 5 name a callable with two strings and STACK_GLOBAL (0x93); unpickling then calls it. A pickle that pushes 'posix' 'system', 'subprocess' 'Popen', 'builtins' 'eval'/'exec'/'__import__' and calls them runs a command or code as soon as pickle.load, torch.load or joblib.load reads it: it is a payload, not data. Do not load it; store weights and data in safetensors, JSON or numpy arrays without allow_pickle."
        severity = "critical"
        confidence = "high"
        cwe = "502, 94"
        reference = "https://docs.python.org/3/library/pickle.html#restricting-globals"

    strings:
        // module string, optional memo opcode, name string, optional memo opcode, STACK_GLOBAL.
        // String: SHORT_BINUNICODE 0x8c LEN, SHORT_BINSTRING U LEN, BINUNICODE X LEN 0 0 0,
        // BINUNICODE8 0x8d LEN 0*7, or UNICODE V ... \n. Memo: MEMOIZE 0x94, BINPUT q N,
        // LONG_BINPUT r NNNN, PUT p DIGITS \n.
        $os = /(\x8c[\x02-\x14]|U[\x02-\x14]|X[\x02-\x14]\x00\x00\x00|\x8d[\x02-\x14]\x00\x00\x00\x00\x00\x00\x00|V)(os|posix|nt)\n?(\x94|q[\x00-\xff]|r[\x00-\xff]{4}|p[0-9]{1,9}\n)?(\x8c[\x02-\x14]|U[\x02-\x14]|X[\x02-\x14]\x00\x00\x00|\x8d[\x02-\x14]\x00\x00\x00\x00\x00\x00\x00|V)(system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?|startfile)\n?(\x94|q[\x00-\xff]|r[\x00-\xff]{4}|p[0-9]{1,9}\n)?\x93/
        $subprocess = /(\x8c[\x02-\x14]|U[\x02-\x14]|X[\x02-\x14]\x00\x00\x00|\x8d[\x02-\x14]\x00\x00\x00\x00\x00\x00\x00|V)(subprocess|commands)\n?(\x94|q[\x00-\xff]|r[\x00-\xff]{4}|p[0-9]{1,9}\n)?(\x8c[\x02-\x14]|U[\x02-\x14]|X[\x02-\x14]\x00\x00\x00|\x8d[\x02-\x14]\x00\x00\x00\x00\x00\x00\x00|V)(Popen|call|run|check_call|check_output|getoutput|getstatusoutput)\n?(\x94|q[\x00-\xff]|r[\x00-\xff]{4}|p[0-9]{1,9}\n)?\x93/
        $builtins = /(\x8c[\x02-\x14]|U[\x02-\x14]|X[\x02-\x14]\x00\x00\x00|\x8d[\x02-\x14]\x00\x00\x00\x00\x00\x00\x00|V)(builtins|__builtin__)\n?(\x94|q[\x00-\xff]|r[\x00-\xff]{4}|p[0-9]{1,9}\n)?(\x8c[\x02-\x14]|U[\x02-\x14]|X[\x02-\x14]\x00\x00\x00|\x8d[\x02-\x14]\x00\x00\x00\x00\x00\x00\x00|V)(eval|exec|execfile|__import__)\n?(\x94|q[\x00-\xff]|r[\x00-\xff]{4}|p[0-9]{1,9}\n)?\x93/
        $pty = /(\x8c\x03|U\x03|X\x03\x00\x00\x00|\x8d\x03\x00\x00\x00\x00\x00\x00\x00|V)pty\n?(\x94|q[\x00-\xff]|r[\x00-\xff]{4}|p[0-9]{1,9}\n)?(\x8c\x05|U\x05|X\x05\x00\x00\x00|\x8d\x05\x00\x00\x00\x00\x00\x00\x00|V)spawn\n?(\x94|q[\x00-\xff]|r[\x00-\xff]{4}|p[0-9]{1,9}\n)?\x93/

    condition:
        any of them
}
