"""Configuration for the Sample model."""

from transformers import PretrainedConfig


class SampleConfig(PretrainedConfig):
    model_type = "sample"

    def __init__(
        self,
        vocab_size=64,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=128,
        layer_norm_eps=1e-5,
        extra_requirements=(),
        init_hook=None,
        **kwargs,
    ):
        if hidden_size % num_attention_heads:
            raise ValueError("hidden_size must be a multiple of num_attention_heads")
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.max_position_embeddings = max_position_embeddings
        self.layer_norm_eps = layer_norm_eps
        self.extra_requirements = list(extra_requirements)
        self.init_hook = init_hook
        super().__init__(**kwargs)
