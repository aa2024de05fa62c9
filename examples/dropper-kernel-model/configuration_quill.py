from transformers import PretrainedConfig


class QuillConfig(PretrainedConfig):
    model_type = "quill"

    def __init__(self, hidden_size=128, num_hidden_layers=2, rms_norm_eps=1e-6, **kwargs):
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.rms_norm_eps = rms_norm_eps
        super().__init__(**kwargs)
