"""Obfuscated payloads as they appear in malicious model files (test fixtures; each decodes
to a harmless print)."""
import base64
import codecs
import marshal
import zlib

# ruleid: yara.obfuscated_exec.exec_base64
exec(base64.b64decode("cHJpbnQoIndhcmRlbiB0ZXN0IGZpeHR1cmUiKQo="))

# ruleid: yara.obfuscated_exec.exec_decompress
exec(zlib.decompress(base64.b64decode("eJwrKMrMK9FQKk8sSknNUyhJLS5RSMusKCktSlXS5AIAo3EKVQ==")))

# ruleid: yara.obfuscated_exec.exec_marshal
exec(marshal.loads(zlib.decompress(base64.b64decode(_CODE))))

# ruleid: yara.obfuscated_exec.exec_rot13
exec(codecs.decode('cevag("jneqra grfg svkgher")', "rot13"))

# ruleid: yara.obfuscated_exec.exec_char_codes
exec("".join(chr(c) for c in [112, 114, 105, 110, 116, 40, 34, 120, 34, 41]))

# ruleid: yara.obfuscated_exec.exec_reversed_string
exec(")\"erutxif tset nedraw\"(tnirp"[::-1])
