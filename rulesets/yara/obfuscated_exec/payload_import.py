"""Decoders reached through __import__, run directly by exec."""


def _one():
    # ruleid: yara.obfuscated_exec.exec_decompress
    exec(__import__("zlib").decompress(__import__("base64").b64decode(_BLOB)))
