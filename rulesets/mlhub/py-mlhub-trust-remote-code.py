# Tests for py-mlhub-trust-remote-code: `warden test-rules rulesets/mlhub`.
import torch
from datasets import load_dataset
from transformers import AutoConfig, AutoModel, AutoModelForCausalLM, AutoTokenizer, PreTrainedModel, pipeline

REVISION = "3f1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"


class MultimodalModel(PreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        # Remote code that loads another repository's remote code.
        # ruleid: py-mlhub-trust-remote-code
        self.vision_tower = AutoModel.from_pretrained(config.vision_tower, trust_remote_code=True)
        # ruleid: py-mlhub-trust-remote-code
        self.tokenizer = AutoTokenizer.from_pretrained(
            config.text_tower,
            revision=REVISION,
            trust_remote_code=True,
        )


def generator(name):
    # ruleid: py-mlhub-trust-remote-code
    return pipeline("text-generation", model=name, trust_remote_code=True)


def calibration_data():
    # A dataset loading script runs too.
    # ruleid: py-mlhub-trust-remote-code
    return load_dataset("org/calibration", split="train", trust_remote_code=True)


def detector():
    # ruleid: py-mlhub-trust-remote-code
    return torch.hub.load("ultralytics/yolov5", "yolov5s", trust_repo=True)


def forwarded(name, trust_remote_code=False):
    # The user's choice passed on: not reported.
    # ok: py-mlhub-trust-remote-code
    return AutoModelForCausalLM.from_pretrained(name, trust_remote_code=trust_remote_code)


def forwarded_kwargs(name, **kwargs):
    # ok: py-mlhub-trust-remote-code
    return AutoConfig.from_pretrained(name, trust_remote_code=kwargs.pop("trust_remote_code", False))


def refused(name):
    # ok: py-mlhub-trust-remote-code
    return AutoModel.from_pretrained(name, trust_remote_code=False)


def plain(name):
    # ok: py-mlhub-trust-remote-code
    return AutoModel.from_pretrained(name)


def local_hub():
    # ok: py-mlhub-trust-remote-code
    return torch.hub.load("./hub", "model", source="local")
