"""Configuration for Nimbus, a small sentence-classification encoder."""

from transformers import PretrainedConfig


class NimbusConfig(PretrainedConfig):
    model_type = "nimbus"

    def __init__(
        self,
        vocab_size=30522,
        hidden_size=256,
        intermediate_size=1024,
        num_hidden_layers=4,
        num_attention_heads=4,
        max_position_embeddings=512,
        layer_norm_eps=1e-12,
        hidden_dropout_prob=0.1,
        pad_token_id=0,
        **kwargs,
    ):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.intermediate_size = intermediate_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.max_position_embeddings = max_position_embeddings
        self.layer_norm_eps = layer_norm_eps
        self.hidden_dropout_prob = hidden_dropout_prob
        super().__init__(pad_token_id=pad_token_id, **kwargs)
