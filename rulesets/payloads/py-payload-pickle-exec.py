# Tests for py-payload-pickle-exec: `warden test-rules rulesets/payloads`.
# The pickles were made with pickle.dumps of an object whose __reduce__ returns
# (os.system, ("id",)) (or subprocess.check_output, builtins.eval, builtins.__import__), at the
# protocol in the name. They are only ever decoded by Warden, never loaded.
import base64
import io
import pickle
import zlib
from base64 import b64decode
from io import BytesIO
from pickle import loads as unpickle

import dill
import joblib
import numpy as np
import requests
import torch

SYSTEM_P0 = "Y3Bvc2l4CnN5c3RlbQpwMAooVmlkCnAxCnRwMgpScDMKLg=="
SYSTEM_P1 = "Y3Bvc2l4CnN5c3RlbQpxAChYAgAAAGlkcQF0cQJScQMu"
SYSTEM_P2 = "gAJjcG9zaXgKc3lzdGVtCnEAWAIAAABpZHEBhXECUnEDLg=="
SYSTEM_P3 = "gANjcG9zaXgKc3lzdGVtCnEAWAIAAABpZHEBhXECUnEDLg=="
SYSTEM_P4 = "gASVHQAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUjAJpZJSFlFKULg=="
SYSTEM_P5 = "gAWVHQAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUjAJpZJSFlFKULg=="
# subprocess.check_output(["id"]) at protocol 2, which names it commands.check_output
CHECK_OUTPUT_P2 = "gAJjY29tbWFuZHMKY2hlY2tfb3V0cHV0CnEAXXEBWAIAAABpZHECYYVxA1JxBC4="
# builtins.eval("__import__('os').system('id')") at protocol 4, zlib-compressed
EVAL_P4_ZLIB = "eJxrYJlqyQABPRxJpZk5JZl5xVN6WFLLEnOmTJ7SIxsfn5lbkF9UEh+voZ5frK6pV1xZXJKaq6GemaKuOaV1StAUPQDjSxcZ"
# builtins.__import__("os") at protocol 5, in hex
IMPORT_P5_HEX = "80059524000000000000008c086275696c74696e73948c0a5f5f696d706f72745f5f9493948c026f7394859452942e"
# a torch.save-style zip whose archive/data.pkl holds {"weight": <os.system("id")>, "bias": [0.0, 0.0]}
CHECKPOINT = "UEsDBBQAAAAAAAAAIVg+kZXYVgAAAFYAAAAQAAAAYXJjaGl2ZS9kYXRhLnBrbIACfXEAKFgGAAAAd2VpZ2h0cQFjcG9zaXgKc3lzdGVtCnECWAIAAABpZHEDhXEEUnEFWAQAAABiaWFzcQZdcQcoRwAAAAAAAAAARwAAAAAAAAAAZXUuUEsDBBQAAAAAAAAAIVjRnmdVAgAAAAIAAAAPAAAAYXJjaGl2ZS92ZXJzaW9uMwpQSwECFAMUAAAAAAAAACFYPpGV2FYAAABWAAAAEAAAAAAAAAAAAAAAgAEAAAAAYXJjaGl2ZS9kYXRhLnBrbFBLAQIUAxQAAAAAAAAAIVjRnmdVAgAAAAIAAAAPAAAAAAAAAAAAAACAAYQAAABhcmNoaXZlL3ZlcnNpb25QSwUGAAAAAAIAAgB7AAAAswAAAAAA"

# OrderedDict(names=["posix", "system"], scale=0.5) at protocols 4 and 0: a class and strings, no call
ORDERED_P4 = "gASVUgAAAAAAAACMC2NvbGxlY3Rpb25zlIwLT3JkZXJlZERpY3SUk5QpUpQojAVuYW1lc5RdlCiMBXBvc2l4lIwGc3lzdGVtlGWMBXNjYWxllEc/4AAAAAAAAHUu"
ORDERED_P0 = "Y2NvbGxlY3Rpb25zCk9yZGVyZWREaWN0CnAwCih0UnAxClZuYW1lcwpwMgoobHAzClZwb3NpeApwNAphVnN5c3RlbQpwNQphc1ZzY2FsZQpwNgpGMC41CnMu"


def every_protocol():
    # ruleid: py-payload-pickle-exec
    pickle.loads(base64.b64decode(SYSTEM_P0))
    # ruleid: py-payload-pickle-exec
    pickle.loads(base64.b64decode(SYSTEM_P1))
    # ruleid: py-payload-pickle-exec
    pickle.loads(base64.b64decode(SYSTEM_P2))
    # ruleid: py-payload-pickle-exec
    pickle.loads(base64.b64decode(SYSTEM_P3))
    # ruleid: py-payload-pickle-exec
    pickle.loads(base64.b64decode(SYSTEM_P4))
    # ruleid: py-payload-pickle-exec
    pickle.loads(base64.b64decode(SYSTEM_P5))


def aliases():
    # ruleid: py-payload-pickle-exec
    return unpickle(b64decode(CHECK_OUTPUT_P2))


def compressed():
    # ruleid: py-payload-pickle-exec
    return pickle.loads(zlib.decompress(base64.b64decode(EVAL_P4_ZLIB)))


def hex_encoded():
    # ruleid: py-payload-pickle-exec
    return pickle.loads(bytes.fromhex(IMPORT_P5_HEX))


def split_constant():
    blob = SYSTEM_P4[:24] + SYSTEM_P4[24:]
    # ruleid: py-payload-pickle-exec
    return pickle.loads(base64.b64decode(blob))


def escaped_literal():
    # The classic hand-written payload, as a bytes literal: its escapes hide the opcodes from
    # the file-level yara.pickle_payloads checks.
    # ruleid: py-payload-pickle-exec
    return pickle.loads(b"cos\nsystem\n(S'id'\ntR.")


def file_object():
    # ruleid: py-payload-pickle-exec
    return pickle.load(io.BytesIO(base64.b64decode(SYSTEM_P2)))


def unpickler():
    # ruleid: py-payload-pickle-exec
    return pickle.Unpickler(BytesIO(base64.b64decode(SYSTEM_P4))).load()


def with_dill():
    # ruleid: py-payload-pickle-exec
    return dill.loads(base64.b64decode(SYSTEM_P3))


def with_joblib():
    # ruleid: py-payload-pickle-exec
    return joblib.load(io.BytesIO(base64.b64decode(SYSTEM_P3)))


def torch_checkpoint():
    # torch.load unpickles archive/data.pkl of the zip, stored uncompressed.
    # ruleid: py-payload-pickle-exec
    return torch.load(io.BytesIO(base64.b64decode(CHECKPOINT)), map_location="cpu")


def torch_raw_pickle():
    # ruleid: py-payload-pickle-exec
    return torch.load(io.BytesIO(base64.b64decode(SYSTEM_P2)), weights_only=False)


def numpy_pickle():
    # ruleid: py-payload-pickle-exec
    return np.load(io.BytesIO(base64.b64decode(SYSTEM_P4)), allow_pickle=True)


# Safe loaders: weights_only=True and numpy without allow_pickle refuse such pickles.
def torch_weights_only():
    # ok: py-payload-pickle-exec
    return torch.load(io.BytesIO(base64.b64decode(CHECKPOINT)), weights_only=True)


def numpy_without_pickle():
    # ok: py-payload-pickle-exec
    return np.load(io.BytesIO(base64.b64decode(SYSTEM_P4)))


# Harmless pickles: a class and strings, no call of a command.
def ordinary():
    # ok: py-payload-pickle-exec
    a = pickle.loads(base64.b64decode(ORDERED_P4))
    # ok: py-payload-pickle-exec
    b = pickle.loads(base64.b64decode(ORDERED_P0))
    return a, b


# Decoded but not loaded.
def inspected():
    # ok: py-payload-pickle-exec
    return len(base64.b64decode(SYSTEM_P0))


# Computed values: nothing to decode statically (py-deser-pickle reports these).
def parameter(blob):
    # ok: py-payload-pickle-exec
    return pickle.loads(base64.b64decode(blob))


def downloaded(url):
    # ok: py-payload-pickle-exec
    return pickle.loads(requests.get(url, timeout=10).content)


# The payload as text that is not loaded: a docstring and a comment.
def documented():
    """A payload looks like pickle.loads(base64.b64decode("Y3Bvc2l4CnN5c3RlbQpwMAooVmlkCnAxCnRwMgpScDMKLg=="))."""
    # pickle.loads(base64.b64decode(SYSTEM_P0))
    # ok: py-payload-pickle-exec
    return None


# Known gaps.
def file_object_variable():
    buffer = io.BytesIO(base64.b64decode(SYSTEM_P2))
    # A BytesIO bound to a name is not followed: only io.BytesIO(...) written in the call is read.
    # todoruleid: py-payload-pickle-exec
    return pickle.load(buffer)
