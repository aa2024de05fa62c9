# Tests for py-mlhub-torch-load-unsafe: `warden test-rules rulesets/mlhub`.
import torch
import torch.serialization
from torch.hub import load_state_dict_from_url
from torch.serialization import load as serialization_load
from torch.utils import model_zoo

PRETRAINED_URLS = {"base": "https://example.org/checkpoints/base-1a2b3c.pth"}


def restore(checkpoint_path):
    # ruleid: py-mlhub-torch-load-unsafe
    return torch.serialization.load(checkpoint_path, map_location="cpu")


def restore_aliased(checkpoint_path):
    # ruleid: py-mlhub-torch-load-unsafe
    return serialization_load(checkpoint_path)


def restore_explicitly_unsafe(checkpoint_path):
    # ruleid: py-mlhub-torch-load-unsafe
    return torch.serialization.load(checkpoint_path, weights_only=False)


def restore_safe(checkpoint_path):
    # ok: py-mlhub-torch-load-unsafe
    return torch.serialization.load(checkpoint_path, weights_only=True)


def restore_constant():
    # A path written in the source names a file the author shipped.
    # ok: py-mlhub-torch-load-unsafe
    return torch.serialization.load("assets/mean_std.pt")


def resnet_weights(arch, progress=True):
    # torchvision-style: the weights come from a URL, unpickled.
    # ruleid: py-mlhub-torch-load-unsafe
    state_dict = load_state_dict_from_url(PRETRAINED_URLS[arch], progress=progress)
    return state_dict


def resnet_weights_multiline(arch):
    # ruleid: py-mlhub-torch-load-unsafe
    state_dict = torch.hub.load_state_dict_from_url(
        PRETRAINED_URLS[arch],
        map_location="cpu",
        weights_only=False,
    )
    return state_dict


def model_zoo_weights(url):
    # ruleid: py-mlhub-torch-load-unsafe
    return model_zoo.load_url(url)


def resnet_weights_safe(arch):
    # ok: py-mlhub-torch-load-unsafe
    return load_state_dict_from_url(PRETRAINED_URLS[arch], weights_only=True)


def forwarded(url, **kwargs):
    # weights_only may come in through **kwargs.
    # ok: py-mlhub-torch-load-unsafe
    return load_state_dict_from_url(url, **kwargs)


def plain_torch_load(path):
    # py-deser-torch-load (core) reports this one.
    # ok: py-mlhub-torch-load-unsafe
    return torch.load(path)


def save(model, path):
    # ok: py-mlhub-torch-load-unsafe
    torch.save(model.state_dict(), path)
