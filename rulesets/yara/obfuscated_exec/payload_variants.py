import base64 as b
import codecs


def _one():
    # ruleid: yara.obfuscated_exec.exec_base64
    eval(compile(b.b64decode(_PAYLOAD), "<string>", "exec"))


def _two(payload):
    # ruleid: yara.obfuscated_exec.exec_rot13
    exec(codecs.decode(payload,
                       "rot_13"))


def _three():
    # ruleid: yara.obfuscated_exec.exec_char_codes
    exec(chr(112) + chr(114) + chr(105) + chr(110) + chr(116) + chr(40) + chr(41))


def _four(code):
    # ruleid: yara.obfuscated_exec.exec_reversed_string
    exec(code[::-1])


def _five():
    # ruleid: yara.obfuscated_exec.exec_marshal
    exec(__import__("marshal").loads(_CODE))
