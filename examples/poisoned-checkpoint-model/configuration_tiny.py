from transformers import PretrainedConfig


class TinyConfig(PretrainedConfig):
    model_type = "tiny-classifier"

    def __init__(self, hidden_size=4, num_labels=2, **kwargs):
        super().__init__(num_labels=num_labels, **kwargs)
        self.hidden_size = hidden_size
