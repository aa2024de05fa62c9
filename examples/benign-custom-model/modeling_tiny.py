"""PyTorch Tiny model: a two-layer byte-level decoder with rotary attention."""

import math

import torch
import torch.nn.functional as F
from torch import nn
from transformers import PreTrainedModel
from transformers.modeling_outputs import BaseModelOutput, CausalLMOutput
from transformers.utils import logging

from .configuration_tiny import TinyConfig
from .utils_tiny import TinyRMSNorm, apply_rotary, causal_mask, load_rope_cache

logger = logging.get_logger(__name__)


class TinyAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_heads = config.num_attention_heads
        self.head_dim = config.hidden_size // config.num_attention_heads
        self.qkv_proj = nn.Linear(config.hidden_size, 3 * config.hidden_size, bias=False)
        self.o_proj = nn.Linear(config.hidden_size, config.hidden_size, bias=False)

    def forward(self, hidden, freqs, mask):
        b, t, _ = hidden.shape
        qkv = self.qkv_proj(hidden).view(b, t, 3, self.num_heads, self.head_dim)
        q, k, v = (x.transpose(1, 2) for x in qkv.unbind(dim=2))
        q, k = apply_rotary(q, k, freqs[:t])
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(self.head_dim) + mask
        context = scores.softmax(dim=-1) @ v
        return self.o_proj(context.transpose(1, 2).reshape(b, t, -1))


class TinyMLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, hidden):
        return self.down_proj(F.silu(self.gate_proj(hidden)) * self.up_proj(hidden))


class TinyDecoderLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.input_norm = TinyRMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.attn = TinyAttention(config)
        self.post_attn_norm = TinyRMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.mlp = TinyMLP(config)

    def forward(self, hidden, freqs, mask):
        hidden = hidden + self.attn(self.input_norm(hidden), freqs, mask)
        return hidden + self.mlp(self.post_attn_norm(hidden))


class TinyPreTrainedModel(PreTrainedModel):
    config_class = TinyConfig
    base_model_prefix = "model"
    supports_gradient_checkpointing = False
    _no_split_modules = ["TinyDecoderLayer"]

    def _init_weights(self, module):
        std = self.config.initializer_range
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=std)
            if module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.Embedding):
            module.weight.data.normal_(mean=0.0, std=std)
            if module.padding_idx is not None:
                module.weight.data[module.padding_idx].zero_()


class TinyModel(TinyPreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        self.padding_idx = config.pad_token_id
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size, self.padding_idx)
        self.layers = nn.ModuleList(TinyDecoderLayer(config) for _ in range(config.num_hidden_layers))
        self.norm = TinyRMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        head_dim = config.hidden_size // config.num_attention_heads
        freqs = load_rope_cache(
            getattr(config, "_name_or_path", None),
            head_dim,
            config.max_position_embeddings,
            config.rope_theta,
        )
        self.register_buffer("rope_freqs", freqs, persistent=False)
        self.post_init()

    def get_input_embeddings(self):
        return self.embed_tokens

    def set_input_embeddings(self, value):
        self.embed_tokens = value

    def forward(self, input_ids, attention_mask=None, return_dict=None):
        return_dict = return_dict if return_dict is not None else self.config.use_return_dict
        hidden = self.embed_tokens(input_ids)
        mask = causal_mask(input_ids.shape[1], attention_mask, hidden.dtype).to(hidden.device)
        for layer in self.layers:
            hidden = layer(hidden, self.rope_freqs, mask)
        hidden = self.norm(hidden)
        if not return_dict:
            return (hidden,)
        return BaseModelOutput(last_hidden_state=hidden)


class TinyForCausalLM(TinyPreTrainedModel):
    _tied_weights_keys = ["lm_head.weight"]

    def __init__(self, config):
        super().__init__(config)
        self.model = TinyModel(config)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
        self.post_init()

    def get_input_embeddings(self):
        return self.model.embed_tokens

    def get_output_embeddings(self):
        return self.lm_head

    def set_output_embeddings(self, new_embeddings):
        self.lm_head = new_embeddings

    def prepare_inputs_for_generation(self, input_ids, attention_mask=None, **kwargs):
        return {"input_ids": input_ids, "attention_mask": attention_mask}

    def forward(self, input_ids, attention_mask=None, labels=None, return_dict=None):
        return_dict = return_dict if return_dict is not None else self.config.use_return_dict
        hidden = self.model(input_ids, attention_mask=attention_mask, return_dict=True).last_hidden_state
        logits = self.lm_head(hidden).float()
        loss = None
        if labels is not None:
            shift_logits = logits[:, :-1].reshape(-1, self.config.vocab_size)
            shift_labels = labels[:, 1:].reshape(-1).to(shift_logits.device)
            loss = F.cross_entropy(shift_logits, shift_labels, ignore_index=-100)
        if not return_dict:
            return (loss, logits) if loss is not None else (logits,)
        return CausalLMOutput(loss=loss, logits=logits)
