# Tests for bandit-b615-huggingface-unsafe-download (Bandit 1.8 B615).
import transformers
from transformers import AutoModel, AutoTokenizer
from transformers import AutoModelForCausalLM as CausalLM
from datasets import load_dataset
from huggingface_hub import hf_hub_download, snapshot_download
import huggingface_hub

COMMIT = "5d0f2e8a1b3c4d5e6f708192a3b4c5d6e7f80912"


def unpinned(name):
    # ruleid: bandit-b615-huggingface-unsafe-download
    model = AutoModel.from_pretrained("org/model")
    # Any repository argument, computed or not.
    # ruleid: bandit-b615-huggingface-unsafe-download
    tok = AutoTokenizer.from_pretrained(name)
    # ruleid: bandit-b615-huggingface-unsafe-download
    lm = CausalLM.from_pretrained("org/model", trust_remote_code=False)
    # ruleid: bandit-b615-huggingface-unsafe-download
    bert = transformers.BertModel.from_pretrained("bert-base-uncased")
    return model, tok, lm, bert


def branch_or_tag():
    # A branch or tag name is not a commit hash.
    # ruleid: bandit-b615-huggingface-unsafe-download
    model = AutoModel.from_pretrained("org/model", revision="main")
    # ruleid: bandit-b615-huggingface-unsafe-download
    data = load_dataset("org/data", revision="v1.0")
    # A computed revision is reported too.
    # ruleid: bandit-b615-huggingface-unsafe-download
    other = AutoModel.from_pretrained("org/model", revision=COMMIT)
    return model, data, other


def hub_functions():
    # ruleid: bandit-b615-huggingface-unsafe-download
    path = hf_hub_download("org/model", "config.json")
    # ruleid: bandit-b615-huggingface-unsafe-download
    root = snapshot_download(repo_id="org/model")
    # ruleid: bandit-b615-huggingface-unsafe-download
    again = huggingface_hub.hf_hub_download(
        repo_id="org/model",
        filename="model.safetensors",
    )
    # ruleid: bandit-b615-huggingface-unsafe-download
    data = load_dataset("imdb")
    return path, root, again, data


def pinned():
    # ok: bandit-b615-huggingface-unsafe-download
    model = AutoModel.from_pretrained("org/model", revision="5d0f2e8a1b3c4d5e6f708192a3b4c5d6e7f80912")
    # A short hash of 7+ hex digits is accepted.
    # ok: bandit-b615-huggingface-unsafe-download
    path = hf_hub_download("org/model", "config.json", revision="5d0f2e8")
    # ok: bandit-b615-huggingface-unsafe-download
    data = load_dataset("org/data", revision="ABCDEF0123")
    # ok: bandit-b615-huggingface-unsafe-download
    root = snapshot_download(repo_id="org/model", commit_id="5d0f2e8a1b3c")
    return model, path, data, root


def short_hash():
    # Fewer than 7 hex digits is not a pin.
    # ruleid: bandit-b615-huggingface-unsafe-download
    return hf_hub_download("org/model", "config.json", revision="5d0f2e")


def local_paths():
    # ok: bandit-b615-huggingface-unsafe-download
    a = AutoModel.from_pretrained("./checkpoints/model")
    # ok: bandit-b615-huggingface-unsafe-download
    b = AutoModel.from_pretrained("/models/bert")
    # ok: bandit-b615-huggingface-unsafe-download
    c = AutoTokenizer.from_pretrained("../models/bert")
    return a, b, c


class LocalModel:
    @classmethod
    def from_pretrained(cls, path):
        return cls()


def not_hub(model):
    # Not a transformers class.
    # ok: bandit-b615-huggingface-unsafe-download
    a = LocalModel.from_pretrained("org/model")
    # ok: bandit-b615-huggingface-unsafe-download
    b = model.save_pretrained("out")
    return a, b
