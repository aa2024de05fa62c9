/*
 * Bandit 1.8 B613 (trojansource): a source file that contains a Unicode bidirectional control
 * character, which makes the code render differently from how Python reads it (CVE-2021-42574,
 * "Trojan Source"). Bandit 1.8 looks for U+202A-U+202E (LRE, RLE, PDF, LRO, RLO), U+2066-U+2069
 * (LRI, RLI, FSI, PDI) and U+200F (RLM; it does not list U+200E, LRM) in the decoded text of a
 * Python file, and reports the first line that has one (one finding per file). Here the
 * characters are matched as their UTF-8 bytes, which is how they are stored in any Python
 * source that can hold them (UTF-8 is the default source encoding; Latin-1 and the other
 * one-byte encodings cannot encode them).
 *
 * Check id: yara.bandit-b613-trojansource.trojansource; `bandit = "B613"` in `meta` makes it
 * selectable as B613 (--checks, # nosec) and gives Bandit's test id in --format bandit-json.
 *
 * As Bandit, it reports Python files only (`files = "*.py"`): notebooks, JSON vocabularies and
 * text files with right-to-left text (U+200F is common in Arabic and Hebrew) are not sources.
 */

rule trojansource : bandit unicode obfuscation
{
    meta:
        title = "Bidirectional control character in source (Trojan Source)"
        message = "A Python source file contains bidirectional control characters"
        description = "Unicode bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200F) reorder how text is displayed, so code in a comment or string can look like live code, or live code like a comment, to a reviewer while Python runs what is really there (Trojan Source, CVE-2021-42574). Source code rarely needs them: remove them, or write them as escapes (\\u202e) in string literals."
        severity = "high"
        confidence = "medium"
        cwe = 838
        reference = "https://bandit.readthedocs.io/en/latest/plugins/b613_trojansource.html"
        reference = "https://cwe.mitre.org/data/definitions/838.html"
        bandit = "B613"
        files = "*.py"

    strings:
        // U+202A..U+202E and U+200F: E2 80 AA..AE, E2 80 8F
        $embed_override = { E2 80 ( AA | AB | AC | AD | AE | 8F ) }
        // U+2066..U+2069: E2 81 A6..A9
        $isolate = { E2 81 ( A6 | A7 | A8 | A9 ) }

    condition:
        // not a compiled .pyc (its header is 2 bytes of magic number, then "\r\n")
        not (uint16(2) == 0x0A0D) and any of them
}
