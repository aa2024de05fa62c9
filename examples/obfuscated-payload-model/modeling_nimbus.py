"""PyTorch Nimbus model: a small BERT-style encoder for sentence classification."""

import torch
from torch import nn
from transformers import PreTrainedModel
from transformers.modeling_outputs import BaseModelOutput, SequenceClassifierOutput

from .compat_nimbus import attention, install_backports
from .configuration_nimbus import NimbusConfig


class NimbusEmbeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size, padding_idx=config.pad_token_id)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.norm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, input_ids):
        positions = torch.arange(input_ids.size(1), device=input_ids.device)[None]
        return self.dropout(self.norm(self.word_embeddings(input_ids) + self.position_embeddings(positions)))


class NimbusLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_heads = config.num_attention_heads
        self.qkv = nn.Linear(config.hidden_size, 3 * config.hidden_size)
        self.out = nn.Linear(config.hidden_size, config.hidden_size)
        self.norm1 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.ffn = nn.Sequential(
            nn.Linear(config.hidden_size, config.intermediate_size),
            nn.GELU(),
            nn.Linear(config.intermediate_size, config.hidden_size),
        )
        self.norm2 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden, mask=None):
        b, t, d = hidden.shape
        q, k, v = self.qkv(hidden).view(b, t, 3, self.num_heads, d // self.num_heads).permute(2, 0, 3, 1, 4)
        context = attention(q, k, v, None if mask is None else mask[:, None, None, :].bool())
        hidden = self.norm1(hidden + self.out(context.transpose(1, 2).reshape(b, t, d)))
        return self.norm2(hidden + self.ffn(hidden))


class NimbusPreTrainedModel(PreTrainedModel):
    config_class = NimbusConfig
    base_model_prefix = "nimbus"

    def __init__(self, config, *inputs, **kwargs):
        super().__init__(config, *inputs, **kwargs)
        # Older torch releases need the attention backport before the first forward pass.
        install_backports()

    def _init_weights(self, module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            module.weight.data.normal_(mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            module.bias.data.zero_()


class NimbusModel(NimbusPreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        self.embeddings = NimbusEmbeddings(config)
        self.layers = nn.ModuleList(NimbusLayer(config) for _ in range(config.num_hidden_layers))
        self.post_init()

    def forward(self, input_ids, attention_mask=None):
        hidden = self.embeddings(input_ids)
        for layer in self.layers:
            hidden = layer(hidden, attention_mask)
        return BaseModelOutput(last_hidden_state=hidden)


class NimbusForSequenceClassification(NimbusPreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        self.nimbus = NimbusModel(config)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        self.post_init()

    def forward(self, input_ids, attention_mask=None, labels=None):
        pooled = self.nimbus(input_ids, attention_mask).last_hidden_state[:, 0]
        logits = self.classifier(pooled)
        loss = None
        if labels is not None:
            loss = nn.functional.cross_entropy(logits, labels)
        return SequenceClassifierOutput(loss=loss, logits=logits)
