# Every member of `sources hub-downloads`, and look-alikes that are not.
from huggingface_hub import HfApi, hf_hub_download, snapshot_download
from transformers.utils import cached_file

# ruleid: sources.hub-downloads
weights = hf_hub_download("org/model", "model.bin")
# ruleid: sources.hub-downloads
folder = snapshot_download("org/model")
# ruleid: sources.hub-downloads
config = cached_file("org/model", "config.json")

api = HfApi()
# ruleid: sources.hub-downloads
other = api.hf_hub_download("org/model", "tokenizer.json")
# ruleid: sources.hub-downloads
tree = api.snapshot_download("org/model")

# ok: sources.hub-downloads
info = api.model_info("org/model")
