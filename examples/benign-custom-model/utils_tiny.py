"""Building blocks shared by the Tiny model classes."""

import logging
import os

import torch
from torch import nn

logger = logging.getLogger(__name__)

ROPE_CACHE_FILE = "rope_cache.pt"


class TinyRMSNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.eps = eps

    def forward(self, hidden):
        variance = hidden.pow(2).mean(-1, keepdim=True)
        return self.weight * hidden * torch.rsqrt(variance + self.eps)


def rope_frequencies(head_dim, max_positions, theta=10000.0):
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2).float() / head_dim))
    positions = torch.arange(max_positions).float()
    freqs = torch.outer(positions, inv_freq)
    return torch.cat((freqs, freqs), dim=-1)


def load_rope_cache(model_dir, head_dim, max_positions, theta):
    """Reads precomputed rotary frequencies shipped with the weights, if present."""
    path = os.path.join(model_dir, ROPE_CACHE_FILE) if model_dir else None
    if path and os.path.isfile(path):
        cache = torch.load(path, map_location="cpu", weights_only=True)
        if cache.shape == (max_positions, head_dim):
            return cache
        logger.warning("ignoring %s: shape %s, expected %s", path, tuple(cache.shape), (max_positions, head_dim))
    return rope_frequencies(head_dim, max_positions, theta)


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary(q, k, freqs):
    cos, sin = freqs.cos()[None, None], freqs.sin()[None, None]
    return q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin


def causal_mask(length, attention_mask=None, dtype=torch.float32):
    mask = torch.full((length, length), torch.finfo(dtype).min, dtype=dtype).triu(1)
    mask = mask[None, None]
    if attention_mask is not None:
        padding = (1.0 - attention_mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min
        mask = mask + padding
    return mask
