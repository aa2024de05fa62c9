"""How the payload .pkl files of this directory were made (never loaded here).

The escaped bytes in this file are not raw pickle opcodes, so the file-level checks stay quiet.
"""
import os
import pickle


class Payload:
    def __reduce__(self):
        return (os.system, ("id",))


# ok: yara.pickle_payloads.pickle_global_code_exec
PROTOCOL_0 = b"cposix\nsystem\np0\n(Vid\np1\ntp2\nRp3\n."
# ok: yara.pickle_payloads.pickle_stack_global_code_exec
PROTOCOL_4 = b"\x80\x04\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x05posix\x94\x8c\x06system\x94\x93\x94\x8c\x02id\x94\x85\x94R\x94."


def dump(path, protocol):
    with open(path, "wb") as f:
        pickle.dump(Payload(), f, protocol=protocol)
