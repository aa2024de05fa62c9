"""PyTorch Lumi model: a small decoder with rotary attention and SwiGLU MLPs."""

import math

import torch
import torch.nn.functional as F
from torch import nn
from transformers import PreTrainedModel
from transformers.modeling_outputs import BaseModelOutput, CausalLMOutput
from transformers.utils import logging

from .configuration_lumi import LumiConfig
from .kernels_lumi import _setup_kernels, get_kernel

logger = logging.get_logger(__name__)


class LumiRMSNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.eps = eps

    def forward(self, hidden):
        kernel = get_kernel("rms_norm")
        if kernel is not None:
            return kernel(hidden, self.weight, self.eps)
        return self.weight * hidden * torch.rsqrt(hidden.pow(2).mean(-1, keepdim=True) + self.eps)


class LumiAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_heads = config.num_attention_heads
        self.head_dim = config.hidden_size // config.num_attention_heads
        self.q_proj = nn.Linear(config.hidden_size, config.hidden_size, bias=False)
        self.k_proj = nn.Linear(config.hidden_size, config.hidden_size, bias=False)
        self.v_proj = nn.Linear(config.hidden_size, config.hidden_size, bias=False)
        self.o_proj = nn.Linear(config.hidden_size, config.hidden_size, bias=False)
        inv_freq = 1.0 / (config.rope_theta ** (torch.arange(0, self.head_dim, 2).float() / self.head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def _rotary(self, x, cos, sin):
        kernel = get_kernel("rotary")
        if kernel is not None:
            return kernel(x, cos, sin)
        a, b = x.chunk(2, dim=-1)
        return x * cos + torch.cat((-b, a), dim=-1) * sin

    def forward(self, hidden, attention_mask=None):
        b, t, _ = hidden.shape
        q, k, v = (
            proj(hidden).view(b, t, self.num_heads, self.head_dim).transpose(1, 2)
            for proj in (self.q_proj, self.k_proj, self.v_proj)
        )
        freqs = torch.outer(torch.arange(t, device=hidden.device).float(), self.inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos()[None, None], emb.sin()[None, None]
        q, k = self._rotary(q, cos, sin), self._rotary(k, cos, sin)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)
        causal = torch.ones(t, t, dtype=torch.bool, device=hidden.device).triu(1)
        scores = scores.masked_fill(causal, float("-inf"))
        if attention_mask is not None:
            scores = scores.masked_fill(attention_mask[:, None, None, :] == 0, float("-inf"))
        context = scores.softmax(dim=-1) @ v
        return self.o_proj(context.transpose(1, 2).reshape(b, t, -1))


class LumiMLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, hidden):
        kernel = get_kernel("swiglu")
        gate, up = self.gate_proj(hidden), self.up_proj(hidden)
        return self.down_proj(kernel(gate, up) if kernel is not None else F.silu(gate) * up)


class LumiDecoderLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.input_layernorm = LumiRMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.self_attn = LumiAttention(config)
        self.post_attention_layernorm = LumiRMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.mlp = LumiMLP(config)

    def forward(self, hidden, attention_mask=None):
        hidden = hidden + self.self_attn(self.input_layernorm(hidden), attention_mask)
        return hidden + self.mlp(self.post_attention_layernorm(hidden))


class LumiPreTrainedModel(PreTrainedModel):
    config_class = LumiConfig
    base_model_prefix = "model"
    _no_split_modules = ["LumiDecoderLayer"]

    def post_init(self):
        super().post_init()
        # Select fused or reference kernels once the modules exist.
        _setup_kernels(self.config)

    def _init_weights(self, module):
        std = self.config.initializer_range
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=std)
            if module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.Embedding):
            module.weight.data.normal_(mean=0.0, std=std)


class LumiModel(LumiPreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList(LumiDecoderLayer(config) for _ in range(config.num_hidden_layers))
        self.norm = LumiRMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.post_init()

    def get_input_embeddings(self):
        return self.embed_tokens

    def set_input_embeddings(self, value):
        self.embed_tokens = value

    def forward(self, input_ids, attention_mask=None, return_dict=None):
        return_dict = return_dict if return_dict is not None else self.config.use_return_dict
        hidden = self.embed_tokens(input_ids)
        for layer in self.layers:
            hidden = layer(hidden, attention_mask)
        hidden = self.norm(hidden)
        return BaseModelOutput(last_hidden_state=hidden) if return_dict else (hidden,)


class LumiForCausalLM(LumiPreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        self.model = LumiModel(config)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
        self.post_init()

    def get_input_embeddings(self):
        return self.model.embed_tokens

    def get_output_embeddings(self):
        return self.lm_head

    def prepare_inputs_for_generation(self, input_ids, attention_mask=None, **kwargs):
        return {"input_ids": input_ids, "attention_mask": attention_mask}

    def forward(self, input_ids, attention_mask=None, labels=None, return_dict=None):
        return_dict = return_dict if return_dict is not None else self.config.use_return_dict
        hidden = self.model(input_ids, attention_mask=attention_mask, return_dict=True).last_hidden_state
        logits = self.lm_head(hidden).float()
        loss = None
        if labels is not None:
            loss = F.cross_entropy(
                logits[:, :-1].reshape(-1, logits.shape[-1]), labels[:, 1:].reshape(-1), ignore_index=-100
            )
        if not return_dict:
            return (loss, logits) if loss is not None else (logits,)
        return CausalLMOutput(loss=loss, logits=logits)
