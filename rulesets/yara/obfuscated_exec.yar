/*
 * Warden YARA pack: obfuscated code execution.
 *
 * Every rule here becomes the Warden check `yara.obfuscated_exec.<rule name>` and is run over the
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
 * Plain YARA 4.2: no modules, no external variables. Each rule needs exec/eval (or compile)
 * applied directly to a decoding step: decoding alone (images, weights, tokens) is ordinary.
 */

rule exec_base64 : python obfuscation
{
    meta:
        title = "exec/eval of base64-decoded data"
        description = "exec(base64.b64decode(...)) hides the code that runs from review and from every scanner that reads source; legitimate model code has no reason to encode itself. Decode it offline, read it, and ship the plain source if it is needed."
        severity = "high"
        confidence = "high"
        cwe = 506

    strings:
        // exec(base64.b64decode(  exec(b64decode(  eval(compile(base64.b64decode(  exec(binascii.a2b_base64(
        $call = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?([A-Za-z_][A-Za-z0-9_]{0,20}\.)?(b64decode|b32decode|b16decode|b85decode|a85decode|urlsafe_b64decode|standard_b64decode|decodebytes|decodestring|a2b_base64|unhexlify|fromhex)\s*\(/
        // exec(__import__('base64').b64decode(
        $import = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?__import__\s*\(\s*\\?["'](base64|binascii)\\?["']\s*\)\s*\.\s*[A-Za-z0-9_]{1,30}\s*\(/
        // exec(codecs.decode(s, "base64")) / exec("...".decode("base64"))  (Python 2)
        $codec = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?(codecs\.decode\s*\([^\n]{1,3000},|[^\n]{1,3000}\.decode\s*\()\s*\\?["'](base64|base_64|hex)(_codec)?\\?["']\s*\)/

    condition:
        any of them
}

rule exec_decompress : python obfuscation
{
    meta:
        title = "exec/eval of decompressed data (zlib, gzip, bz2, lzma)"
        description = "exec(zlib.decompress(...)) runs a compressed payload, usually base64 inside it, that nobody reviewing the file can read. Ship the plain source instead."
        severity = "high"
        confidence = "high"
        cwe = 506

    strings:
        $call = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?(zlib|gzip|bz2|lzma)\.decompress\s*\(/
        $import = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?__import__\s*\(\s*\\?["'](zlib|gzip|bz2|lzma)\\?["']\s*\)\s*\.\s*decompress\s*\(/

    condition:
        any of them
}

rule exec_marshal : python obfuscation
{
    meta:
        title = "exec of a code object loaded with marshal"
        description = "exec(marshal.loads(...)) runs compiled bytecode embedded in the file: no source to review at all, the usual output of Python obfuscators. Ship the plain source instead."
        severity = "critical"
        confidence = "high"
        cwe = 506

    strings:
        $call = /\b(exec|eval)\s*\(\s*marshal\.loads\s*\(/
        $import = /\b(exec|eval)\s*\(\s*__import__\s*\(\s*\\?["']marshal\\?["']\s*\)\s*\.\s*loads\s*\(/
        $function = /FunctionType\s*\(\s*(marshal\.loads|__import__\s*\(\s*\\?["']marshal\\?["']\s*\)\s*\.\s*loads)\s*\(/

    condition:
        any of them
}

rule exec_rot13 : python obfuscation
{
    meta:
        title = "exec/eval of a rot13-decoded string"
        description = "exec(codecs.decode(S, 'rot13')) runs code disguised by a letter rotation so that it does not read as code. Ship the plain source instead."
        severity = "high"
        confidence = "high"
        cwe = 506

    strings:
        $exec_codecs = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?codecs\.(decode|encode)\s*\(/
        $exec_import = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?__import__\s*\(\s*\\?["']codecs\\?["']\s*\)\s*\.\s*(decode|encode)\s*\(/
        $rot = /\\?["']rot[_-]?13\\?["']/

    condition:
        for any i in (1..#rot) : (
            for any j in (1..#exec_codecs) : (@exec_codecs[j] < @rot[i] and @rot[i] - @exec_codecs[j] < 65536) or
            for any k in (1..#exec_import) : (@exec_import[k] < @rot[i] and @rot[i] - @exec_import[k] < 65536)
        )
}

rule exec_char_codes : python obfuscation
{
    meta:
        title = "exec/eval of a string assembled from character codes"
        description = "exec(''.join(chr(c) for c in [...])) and exec(chr(105)+chr(109)+...) spell the code as numbers so that it cannot be read or searched. Ship the plain source instead."
        severity = "high"
        confidence = "high"
        cwe = 506

    strings:
        $join = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?(\\?(\\?["']){2}|str\s*\(\s*\\?(\\?["']){2}\s*\))\s*\.\s*join\s*\(\s*(map\s*\(\s*chr\b|\[?\s*chr\s*\()/
        $plus = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?chr\s*\(\s*[0-9]{1,7}\s*\)\s*\+\s*chr\s*\(\s*[0-9]{1,7}\s*\)/
        $bytes = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?bytes\s*\(\s*\[\s*[0-9]{1,3}\s*,\s*[0-9]{1,3}\s*,\s*[0-9]{1,3}\s*,/

    condition:
        any of them
}

rule exec_reversed_string : python obfuscation
{
    meta:
        title = "exec/eval of a reversed string ([::-1])"
        description = "exec(S[::-1]) runs code stored backwards so that it does not read as code; obfuscators combine it with base64 and zlib. Ship the plain source instead."
        severity = "high"
        confidence = "high"
        cwe = 506

    strings:
        $literal = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?b?("([^\n"\\]|\\.){1,3000}"|'([^\n'\\]|\\.){1,3000}'|\\"([^\n"\\]|\\.){1,3000}\\")\s*\[\s*::\s*-\s*1\s*\]/
        $name = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?[A-Za-z_][A-Za-z0-9_]{0,40}\s*\[\s*::\s*-\s*1\s*\]/
        $reversed = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?(\\?(\\?["']){2}|str\s*\(\s*\\?(\\?["']){2}\s*\))\s*\.\s*join\s*\(\s*reversed\s*\(/

    condition:
        any of them
}

rule import_decoder_exec : python obfuscation
{
    meta:
        title = "Decoder reached through __import__ and its result run by exec/eval (lambda packers)"
        description = "Obfuscators write _ = lambda __: __import__('zlib').decompress(__import__('base64').b64decode(__[::-1])); exec((_)(b'...')), so that no import statement names the decoder and no exec names a decoding call. Decode it offline, read it, and ship the plain source if it is needed."
        severity = "high"
        confidence = "high"
        cwe = 506

    strings:
        // _ = lambda __: __import__('base64').b64decode(__[::-1]); exec((_)(b'...'))   (exec of a call of a name, up to 200 bytes after)
        $import_then_exec = /__import__\s*\(\s*\\?["'](base64|zlib|marshal|bz2|lzma|gzip|binascii|codecs)\\?["']\s*\)\s*\.\s*(b64decode|b32decode|b85decode|a85decode|decompress|loads|a2b_base64|unhexlify|decode)\s*\(.{0,200}\b(exec|eval)\s*\(\s*\(?\s*[A-Za-z_][A-Za-z0-9_]{0,40}\s*\)?\s*\(/s
        // exec((lambda __: __import__('zlib').decompress(__))(b'...'))
        $lambda_in_exec = /\b(exec|eval)\s*\(\s*\(?\s*lambda\b.{0,64}__import__\s*\(\s*\\?["'](base64|zlib|marshal|bz2|lzma|gzip|binascii|codecs)\\?["']\s*\)/s

    condition:
        any of them
}

rule exec_long_encoded_literal : python obfuscation
{
    meta:
        title = "exec/eval of a call on a long base64-like literal"
        description = "exec(f(b'...')) where the argument is hundreds of base64 characters is the shape of packed payloads (pyobfuscate's exec((_)(b'...')), custom decoders). Decode it offline, read it, and ship the plain source if it is needed."
        severity = "high"
        confidence = "medium"
        cwe = 506

    strings:
        $call = /\b(exec|eval)\s*\(\s*(compile\s*\(\s*)?\(?\s*[A-Za-z_][A-Za-z0-9_.]{0,40}\s*\)?\s*\(\s*b?\\?["'][A-Za-z0-9+\/=_\-]{256}/

    condition:
        $call
}
