import base64
import types
from base64 import b64decode as unpack

# An alias of b64decode: YARA sees only the text, so it cannot tell unpack is b64decode.
# todoruleid: yara.obfuscated_exec.exec_base64
exec(unpack("cHJpbnQoIndhcmRlbiB0ZXN0IGZpeHR1cmUiKQo="))

# ruleid: yara.obfuscated_exec.exec_marshal
run = types.FunctionType(marshal.loads(_CODE), globals())

# ruleid: yara.obfuscated_exec.exec_char_codes
exec(''.join(map(chr, [112, 114, 105, 110, 116, 40, 34, 120, 34, 41])))

# ruleid: yara.obfuscated_exec.exec_reversed_string
exec(''.join(reversed(_SOURCE)))

# ruleid: yara.obfuscated_exec.exec_base64
exec(__import__('base64').b64decode(_PAYLOAD))
