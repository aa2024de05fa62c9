#!/usr/bin/env python3
"""Writes the weight-file fixtures of tests/weights into the directory given as argv[1].

Python only WRITES here: pickles are made with pickle.dumps or opcode by opcode, archives with
zipfile/tarfile, and nothing is ever loaded or unpickled. Objects that would need torch, numpy
or keras are stood in for by modules made up in this process (sys.modules), so the pickles name
`torch._utils._rebuild_tensor_v2` exactly as torch.save writes it. Payloads are `echo hi`.

Besides the files, manifest.json holds what the tests check that depends on CPython's pickler:
per fixture, the offsets of the opcodes that import and call (found with pickletools.genops).
Only the standard library is used: pickle, pickletools, zipfile, tarfile, struct, json, zlib,
gzip, bz2, lzma, io.
"""
import bz2
import collections
import gzip
import io
import json
import lzma
import os
import pickle
import pickletools
import struct
import sys
import tarfile
import types
import zipfile
import zlib

OUT = sys.argv[1]
MANIFEST = {}
DATE = (2020, 1, 1, 0, 0, 0)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def opcode_offsets(data):
    """[(opcode name, offset, arg)] of the opcodes that import or call, in order."""
    wanted = {"GLOBAL", "STACK_GLOBAL", "REDUCE", "NEWOBJ", "NEWOBJ_EX", "BUILD", "INST", "OBJ"}
    return [[op.name, pos, arg if isinstance(arg, (str, int)) else None]
            for op, arg, pos in pickletools.genops(data) if op.name in wanted]


def note(name, data):
    MANIFEST[name] = opcode_offsets(data)


# ---- stand-ins for torch, so the pickler names what torch.save names -----------------------
def fake_module(name, **attrs):
    module = types.ModuleType(name)
    for key, value in attrs.items():
        if isinstance(value, (types.FunctionType, type)):
            value.__module__ = name
            value.__qualname__ = key
        setattr(module, key, value)
    sys.modules[name] = module
    return module


def _rebuild_tensor_v2(*args):  # never called
    raise AssertionError


class FloatStorage:  # never instantiated by a load; named in persistent ids
    pass


torch = fake_module("torch", FloatStorage=FloatStorage)
torch._utils = fake_module("torch._utils", _rebuild_tensor_v2=_rebuild_tensor_v2)


class Storage:
    def __init__(self, key, size):
        self.key, self.size = key, size


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce__(self):
        stride = tuple(int(x) for x in [1] * len(self.shape))
        return (_rebuild_tensor_v2, (self.storage, 0, self.shape, stride, False, collections.OrderedDict()))


class System:
    """What a malicious checkpoint holds: os.system('echo hi') on load."""

    def __reduce__(self):
        return (os.system, ("echo hi",))


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", FloatStorage, obj.key, "cpu", obj.size)
        return None


def torch_pickle(state):
    buffer = io.BytesIO()
    TorchPickler(buffer, protocol=2).dump(state)
    return buffer.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_STORED):
    """members: [(name, bytes)] or [(name, bytes, compression)]."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for m in members:
            info = zipfile.ZipInfo(m[0], date_time=DATE)
            info.compress_type = m[2] if len(m) > 2 else compression
            z.writestr(info, m[1])
    return buffer.getvalue()


storage = Storage("0", 4)
benign_state = collections.OrderedDict([("weight", Tensor(storage, (2, 2))), ("bias", Tensor(Storage("1", 2), (2,)))])
benign_pkl = torch_pickle(benign_state)
malicious_pkl = torch_pickle(collections.OrderedDict([("weight", Tensor(storage, (2, 2))), ("x", System())]))
note("benign_data.pkl", benign_pkl)
note("malicious_data.pkl", malicious_pkl)
tensor_bytes = bytes(range(16))


def checkpoint(data_pkl, extra=(), data_compression=zipfile.ZIP_STORED, data_name="archive/data.pkl"):
    return zip_bytes([(data_name, data_pkl, data_compression), ("archive/version", b"3\n"),
                      ("archive/data/0", tensor_bytes), ("archive/data/1", tensor_bytes[:8])] + list(extra))


# ---- plain pickles -----------------------------------------------------------------------------
for protocol in range(6):
    data = pickle.dumps(System(), protocol=protocol)
    write(f"system_p{protocol}.pkl", data)
    note(f"system_p{protocol}.pkl", data)
write("weights.txt", pickle.dumps(System(), protocol=4))  # a pickle named .txt

# A harmless pickle, then a malicious one (a loader that reads on gets it).
write("stacked.pkl", pickle.dumps({"a": 1}, protocol=2) + pickle.dumps(System(), protocol=2))

# getattr(__import__('os'), 'system')('echo hi'): nested REDUCE, no os.system in any GLOBAL.
getattr_chain = (b"\x80\x02cbuiltins\ngetattr\n(cbuiltins\n__import__\n(X\x02\x00\x00\x00ostR"
                 b"X\x06\x00\x00\x00systemtR(X\x07\x00\x00\x00echo hitR.")
write("getattr_chain.pkl", getattr_chain)
note("getattr_chain.pkl", getattr_chain)

# A pickle hidden in a pickle's byte string: pickle.loads(b'...') on load.
inner = pickle.dumps(System(), protocol=4)


class Loads:
    def __reduce__(self):
        return (pickle.loads, (inner,))


nested = pickle.dumps(Loads(), protocol=4)
write("nested.pkl", nested)
MANIFEST["nested.pkl"] = {"outer": opcode_offsets(nested), "inner": opcode_offsets(inner),
                          "inner_at": nested.find(inner)}

# Truncated: the malicious pickle cut before its STOP (os.system already called) and mid-string.
system_p2 = pickle.dumps(System(), protocol=2)
write("truncated_after_call.pkl", system_p2[:-1])
write("truncated_mid_string.pkl", system_p2[:system_p2.find(b"echo") + 2])
write("garbage.bin", bytes((i * 97 + 13) % 256 for i in range(4096)))

# joblib: a pickle then raw array bytes (not PROTO): the reader stops at STOP.
joblib_plain = pickle.dumps(System(), protocol=4) + b"\x01\x02\x03\x04" * 64
write("model.joblib", joblib_plain)
for codec, compress in [("zlib", lambda d: zlib.compress(d, 3)), ("gzip", lambda d: gzip.compress(d, mtime=0)),
                        ("bz2", bz2.compress), ("xz", lzma.compress),
                        ("lzma", lambda d: lzma.compress(d, format=lzma.FORMAT_ALONE))]:
    write(f"model_{codec}.joblib", compress(joblib_plain))
old = zlib.compress(joblib_plain)
write("model_zf.joblib", b"ZF" + hex(len(joblib_plain)).encode().ljust(19) + old)
# A zlib bomb: more than the test's max_member_bytes.
write("bomb.joblib", zlib.compress(pickle.dumps(b"\0" * (8 << 20), protocol=4), 9))

# ---- joblib with NumPy arrays, as joblib.dump writes them ----------------------------------------
# joblib's NumpyPickler pickles each array as a joblib.numpy_pickle.NumpyArrayWrapper and writes
# the array right after the wrapper's BUILD, outside the opcodes: a padding length byte, that
# much 0xff padding (to 16), the raw bytes; an array of Python objects as a protocol 2 pickle of
# its own. Stand-ins for numpy.dtype and the wrapper give the same bytes (checked once against
# joblib 1.2 and NumPy 1.24 for float32 and unicode arrays: identical files).
def numpy_dtype(*args):  # never called
    raise AssertionError


class ndarray:  # never instantiated
    pass


fake_module("numpy", dtype=numpy_dtype, ndarray=ndarray)


class Dtype:
    def __init__(self, type_string, state):
        self.type_string, self.state = type_string, state

    def __reduce__(self):
        return (numpy_dtype, (self.type_string, False, True), self.state)


FLOAT32 = Dtype("f4", (3, "<", None, None, None, -1, -1, 0))
UNICODE3 = Dtype("U3", (3, "<", None, None, None, 12, 4, 8))
OBJECT = Dtype("O8", (3, "|", None, None, None, -1, -1, 63))


class NumpyArrayWrapper:
    def __init__(self, dtype, shape):
        self.subclass, self.shape, self.order, self.dtype = ndarray, shape, "C", dtype
        self.allow_mmap = dtype is not OBJECT
        self.numpy_array_alignment_bytes = 16


fake_module("joblib").numpy_pickle = fake_module("joblib.numpy_pickle", NumpyArrayWrapper=NumpyArrayWrapper)


class Array:
    """An array joblib.dump would write: raw bytes, or objects (pickled on their own)."""

    def __init__(self, dtype, shape, raw=b"", objects=None):
        self.wrapper, self.raw, self.objects = NumpyArrayWrapper(dtype, shape), raw, objects


class JoblibPickler(pickle._Pickler):  # the Python pickler: joblib commits its frame
    def __init__(self, file):
        super().__init__(file, protocol=4)
        self.file_handle = file

    def save(self, obj, save_persistent_id=True):
        if not isinstance(obj, Array):
            return super().save(obj, save_persistent_id)
        super().save(obj.wrapper)
        self.framer.commit_frame(force=True)
        if obj.objects is not None:
            pickle.dump(obj.objects, self.file_handle, protocol=2)
            return
        padding = 16 - (self.file_handle.tell() + 1) % 16
        self.file_handle.write(bytes([padding]) + b"\xff" * padding + obj.raw)


def joblib_dump(obj):
    buffer = io.BytesIO()
    JoblibPickler(buffer).dump(obj)
    return buffer.getvalue()


coef = Array(FLOAT32, (3, 4), struct.pack("<12f", *range(12)))
classes = Array(UNICODE3, (2,), "ab\0cde".encode("utf-32-le"))
intercept = Array(FLOAT32, (3,), struct.pack("<3f", 1, 2, 3))
benign_objects = Array(OBJECT, (2,), objects=[1, "x"])
write("sklearn.joblib", joblib_dump({"coef_": coef, "classes_": classes, "intercept_": intercept,
                                     "names": benign_objects, "params": collections.OrderedDict(C=1.0)}))
# The payload after the arrays: a reader that stops at the first array's bytes misses it.
after_arrays = joblib_dump({"coef_": coef, "classes_": classes, "hook": System()})
write("payload_after_arrays.joblib", after_arrays)
write("payload_in_object_array.joblib", joblib_dump({"coef_": coef, "names": Array(OBJECT, (1,), objects=System())}))
write("array_cut.joblib", after_arrays[:after_arrays.find(struct.pack("<12f", *range(12))) + 20])
write("sklearn_zlib.joblib", zlib.compress(after_arrays, 3))

# ---- PyTorch zips --------------------------------------------------------------------------------
write("benign_checkpoint.pt", checkpoint(benign_pkl))
write("checkpoint.bin", checkpoint(malicious_pkl))  # a zip named .bin
write("deflated_checkpoint.pt", checkpoint(malicious_pkl, data_compression=zipfile.ZIP_DEFLATED))
# The payload in a member named like tensor data: only content tells it is a pickle.
write("hidden_member.pt", zip_bytes([("archive/data.pkl", benign_pkl), ("archive/version", b"3\n"),
                                     ("archive/data/0", pickle.dumps(System(), protocol=2))]))

# A corrupted central directory: every central header's signature overwritten.
broken = bytearray(checkpoint(malicious_pkl, data_compression=zipfile.ZIP_DEFLATED))
cd = broken.find(b"PK\x01\x02")
while cd != -1:
    broken[cd:cd + 4] = b"XX\x01\x02"
    cd = broken.find(b"PK\x01\x02", cd + 4)
write("broken_directory.pt", bytes(broken))

# A bad CRC on data.pkl, in the local and the central header (PyTorch does not check it).
bad_crc = bytearray(checkpoint(malicious_pkl))
for signature, crc_at in [(b"PK\x03\x04", 14), (b"PK\x01\x02", 16)]:
    at = bad_crc.find(signature)
    bad_crc[at + crc_at:at + crc_at + 4] = b"\xde\xad\xbe\xef"
write("bad_crc.pt", bytes(bad_crc))

# Duplicate names: a benign data.pkl, then a malicious one of the same name.
import warnings  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    write("duplicate.pt", zip_bytes([("archive/data.pkl", benign_pkl), ("archive/data.pkl", malicious_pkl),
                                     ("archive/version", b"3\n")]))

# The local header names another member than the central directory does.
mismatch = bytearray(checkpoint(malicious_pkl))
local = mismatch.find(b"PK\x03\x04")
name_at = local + 30
assert mismatch[name_at:name_at + 16] == b"archive/data.pkl"
mismatch[name_at:name_at + 16] = b"archive/data.txt"
write("name_mismatch.pt", bytes(mismatch))

# A zip inside a zip (another archive's checkpoint as a member).
write("nested.zip", zip_bytes([("inner/checkpoint.pt", checkpoint(malicious_pkl))]))


# ---- legacy torch.save (_use_new_zipfile_serialization=False) and its tar ---------------------------
def legacy_stream(obj_pickle):
    magic = pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2)
    version = pickle.dumps(1001, protocol=2)
    sys_info = pickle.dumps({"protocol_version": 1001, "little_endian": True,
                             "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2)
    keys = pickle.dumps(["0"], protocol=2)
    return magic + version + sys_info + obj_pickle + keys + struct.pack("<q", 4) + tensor_bytes


write("legacy.pt", legacy_stream(malicious_pkl))


def tar_bytes(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 0
            t.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


write("legacy_tar.pt", tar_bytes([("sys_info", pickle.dumps({"little_endian": True}, protocol=2)),
                                  ("pickle", pickle.dumps(System(), protocol=2)),
                                  ("storages", pickle.dumps(0, protocol=2)),
                                  ("tensors", pickle.dumps(0, protocol=2))]))


# ---- NumPy ---------------------------------------------------------------------------------------
def npy(descr, shape, data):
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + data


object_npy = npy("|O", (1,), pickle.dumps([System()], protocol=3))
write("object.npy", object_npy)
write("float.npy", npy("<f8", (2,), struct.pack("<2d", 1.0, 2.0)))
write("arrays.npz", zip_bytes([("floats.npy", npy("<f8", (2,), struct.pack("<2d", 1.0, 2.0))),
                               ("objects.npy", object_npy)], zipfile.ZIP_DEFLATED))
MANIFEST["object.npy"] = {"data_at": object_npy.find(b"\x80\x03")}


# ---- safetensors ---------------------------------------------------------------------------------
def safetensors(header, data, length=None):
    text = json.dumps(header).encode() if isinstance(header, dict) else header
    return struct.pack("<Q", len(text) if length is None else length) + text + data


good = {"__metadata__": {"format": "pt"}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
        "b": {"dtype": "U8", "shape": [4], "data_offsets": [8, 12]}}
write("good.safetensors", safetensors(good, bytes(12)))
write("past_end.safetensors", safetensors({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, bytes(8)))
write("overlap.safetensors", safetensors({"a": {"dtype": "U8", "shape": [8], "data_offsets": [0, 8]},
                                          "b": {"dtype": "U8", "shape": [8], "data_offsets": [4, 12]}}, bytes(12)))
write("invalid_json.safetensors", safetensors(b'{"a": {"dtype": "F32",, }', bytes(8)))
write("too_long.safetensors", safetensors(good, bytes(12), length=1 << 20))


# ---- GGUF ------------------------------------------------------------------------------------------
def gguf_string(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


TEMPLATE = "{% for m in messages %}{{ m['content'] }}{% endfor %}{{ cycler.__init__.__globals__.os.popen('id').read() }}"


def gguf(kvs, version=3):
    out = b"GGUF" + struct.pack("<IQQ", version, 0, len(kvs))
    for key, kind, payload in kvs:
        out += gguf_string(key) + struct.pack("<I", kind) + payload
    return out


kvs = [("general.architecture", 8, gguf_string("llama")),
       ("llama.context_length", 4, struct.pack("<I", 4096)),
       ("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 3) + b"".join(gguf_string(t) for t in ["a", "b", "c"])),
       ("tokenizer.chat_template", 8, gguf_string(TEMPLATE))]
model = gguf(kvs)
write("model.gguf", model)
MANIFEST["model.gguf"] = {"template_at": model.find(TEMPLATE.encode()), "template": TEMPLATE}
write("truncated.gguf", model[:model.find(b"tokenizer.chat_template") + 30])
write("huge_count.gguf", b"GGUF" + struct.pack("<IQQ", 3, 0, 1 << 60))


# ---- Keras ---------------------------------------------------------------------------------------
def keras(config):
    return zip_bytes([("metadata.json", json.dumps({"keras_version": "3.3.3"}).encode()),
                      ("config.json", json.dumps(config).encode()),
                      ("model.weights.h5", b"\x89HDF\r\n\x1a\n" + bytes(64))], zipfile.ZIP_DEFLATED)


lambda_config = {"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "layers": [
    {"module": "keras.layers", "class_name": "InputLayer", "config": {"name": "input"}},
    {"module": "keras.layers", "class_name": "Lambda", "config": {
        "name": "exfiltrate", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA"}}}}]}}
write("lambda.keras", keras(lambda_config))
outside_config = {"module": "keras", "class_name": "Functional", "config": {"name": "m", "layers": [
    {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "activation": {
        "module": "os", "class_name": "function", "config": "system", "registered_name": "function"}}},
    {"module": "evil_layers", "class_name": "Backdoor", "config": {"name": "b"},
     "registered_name": "evil_layers>Backdoor"}]}}
write("outside.keras", keras(outside_config))
write("model.h5", b"\x89HDF\r\n\x1a\n" + bytes(512))

# ---- text that is not a pickle -----------------------------------------------------------------------
write("source.py", b"import os\n\nclass Model:\n    def forward(self, x):\n        return os.getcwd()\n")
write("config.json", json.dumps({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096}).encode())
write("README.md", b"# Model card\n\n(see below) Note: cat\ndog\nIt works. N.\n")
write("words.txt", b"cat\ndog\ncow\npig\n")

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump(MANIFEST, f, indent=1, sort_keys=True)
