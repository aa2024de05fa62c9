# Tests for py-mlhub-unpinned-revision: `warden test-rules rulesets/mlhub`.
import huggingface_hub
from huggingface_hub import HfApi, hf_hub_download, snapshot_download
from huggingface_hub import hf_hub_download as download_file
from transformers import AutoModel, AutoTokenizer, CLIPVisionModel, PreTrainedModel

PINNED = "3f1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"


class VisionEncoderDecoder(PreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        # Remote code that pulls another repository by name, at whatever main holds.
        # ruleid: py-mlhub-unpinned-revision
        self.vision = CLIPVisionModel.from_pretrained("openai/clip-vit-large-patch14")
        # A branch is not a pin.
        # ruleid: py-mlhub-unpinned-revision
        self.tokenizer = AutoTokenizer.from_pretrained("org/tokenizer", revision="main")
        # ok: py-mlhub-unpinned-revision
        self.pinned = AutoModel.from_pretrained(
            "org/encoder", revision="3f1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"
        )


def projector_weights():
    # ruleid: py-mlhub-unpinned-revision
    return hf_hub_download("org/projector", "mm_projector.bin")


def projector_weights_keywords():
    # ruleid: py-mlhub-unpinned-revision
    return download_file(repo_id="org/projector", filename="mm_projector.bin", revision="v1.0")


def projector_weights_pinned():
    # ok: py-mlhub-unpinned-revision
    return hf_hub_download(
        repo_id="org/projector",
        filename="mm_projector.bin",
        revision="3f1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
    )


def whole_repo():
    # ruleid: py-mlhub-unpinned-revision
    return huggingface_hub.snapshot_download("org/adapters")


def whole_repo_api():
    api = HfApi()
    # ruleid: py-mlhub-unpinned-revision
    return api.snapshot_download(repo_id="org/adapters")


def pinned_by_name():
    # A computed revision may be a pin; not reported.
    # ok: py-mlhub-unpinned-revision
    return snapshot_download("org/adapters", revision=PINNED)


def training_script(model_args):
    # Ordinary training scripts load what the user asked for: not reported.
    # ok: py-mlhub-unpinned-revision
    model = AutoModel.from_pretrained(model_args.model_name_or_path, revision=model_args.model_revision)
    # ok: py-mlhub-unpinned-revision
    tokenizer = AutoTokenizer.from_pretrained(model_args.tokenizer_name)
    return model, tokenizer


def local_checkpoint():
    # A local directory, not a hub repository.
    # ok: py-mlhub-unpinned-revision
    return AutoModel.from_pretrained("./checkpoints/final")


def forwarded(**kwargs):
    # ok: py-mlhub-unpinned-revision
    return AutoModel.from_pretrained("org/encoder", **kwargs)


def from_config(config):
    # ok: py-mlhub-unpinned-revision
    return AutoModel.from_config(config)
