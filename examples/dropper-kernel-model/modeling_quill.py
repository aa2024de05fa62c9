import torch
from torch import nn
from transformers import PreTrainedModel

from .configuration_quill import QuillConfig
from .kernels_quill import fused_rmsnorm


class QuillRMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        return fused_rmsnorm(x, self.weight, self.eps)


class QuillModel(PreTrainedModel):
    config_class = QuillConfig

    def __init__(self, config):
        super().__init__(config)
        self.layers = nn.ModuleList(nn.Linear(config.hidden_size, config.hidden_size)
                                    for _ in range(config.num_hidden_layers))
        self.norm = QuillRMSNorm(config.hidden_size, config.rms_norm_eps)
        self.post_init()

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return self.norm(hidden_states)
