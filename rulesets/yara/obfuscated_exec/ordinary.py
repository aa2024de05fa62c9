"""Ordinary decoding in model code: images, weights, caches, strings. Nothing decoded is run."""
import ast
import base64
import codecs
import io
import marshal
import zlib

import torch
from PIL import Image


def decode_image(data: str) -> Image.Image:
    # ok: yara.obfuscated_exec.exec_base64
    return Image.open(io.BytesIO(base64.b64decode(data)))


def load_packed_weights(blob: bytes) -> dict:
    # ok: yara.obfuscated_exec.exec_decompress
    return torch.load(io.BytesIO(zlib.decompress(blob)), weights_only=True)


def read_cache(path: str):
    with open(path, "rb") as f:
        # ok: yara.obfuscated_exec.exec_marshal
        return marshal.loads(f.read())


def spoiler(text: str) -> str:
    # ok: yara.obfuscated_exec.exec_rot13
    return codecs.decode(text, "rot13")


def from_codes(codes) -> str:
    # ok: yara.obfuscated_exec.exec_char_codes
    return "".join(chr(c) for c in codes)


def reverse_tokens(tokens):
    # ok: yara.obfuscated_exec.exec_reversed_string
    return tokens[::-1]


def parse_labels(encoded: str):
    # literal_eval builds literals only.
    # ok: yara.obfuscated_exec.exec_base64
    return ast.literal_eval(base64.b64decode(encoded).decode())


def thumbnail(model: torch.nn.Module, data: str):
    # A decoder reached through __import__, and model.eval() nearby: no code is run.
    # ok: yara.obfuscated_exec.import_decoder_exec
    raw = __import__("base64").b64decode(data)
    model.eval()
    return model(torch.frombuffer(bytearray(raw), dtype=torch.uint8))


def run_config_hook(path: str):
    # A file of the repository, compiled as itself.
    with open(path) as f:
        source = f.read()
    # ok: yara.obfuscated_exec.exec_base64, yara.obfuscated_exec.exec_long_encoded_literal
    exec(compile(source, path, "exec"), {})
