# Tests for py-deser-torch-load: `warden test-rules rulesets/core`.
import torch
import torch as th
from torch import load
from torch import load as load_checkpoint


def plain(path):
    # ruleid: py-deser-torch-load
    return torch.load(path)


def explicitly_unsafe(path):
    # ruleid: py-deser-torch-load
    return torch.load(path, weights_only=False)


def computed_flag(path, trusted):
    # A computed weights_only= may be false.
    # ruleid: py-deser-torch-load
    return torch.load(path, weights_only=trusted)


def with_map_location(path):
    # ruleid: py-deser-torch-load
    return torch.load(path, map_location="cpu")


def import_as(path):
    # ruleid: py-deser-torch-load
    return th.load(path)


def from_import(path):
    # ruleid: py-deser-torch-load
    return load(path)


def from_import_as(path):
    # ruleid: py-deser-torch-load
    return load_checkpoint(path, map_location="cpu")


def variable_alias(path):
    restore = torch.load
    # ruleid: py-deser-torch-load
    return restore(path)


def dunder_import(path):
    # ruleid: py-deser-torch-load
    return __import__("torch").load(path)


def in_method_chain(model, adapter):
    # ruleid: py-deser-torch-load
    model.load_state_dict(torch.load(adapter), strict=False)


def explicit_false_and_kwargs(path, **kwargs):
    # weights_only is given (False), so **kwargs cannot supply it.
    # ruleid: py-deser-torch-load
    return torch.load(path, weights_only=False, **kwargs)


def safe(path):
    # ok: py-deser-torch-load
    return torch.load(path, weights_only=True)


def safe_multi_line(path):
    # ok: py-deser-torch-load
    return torch.load(
        path,
        map_location="cpu",
        weights_only=True,
    )


def from_kwargs(path, **kwargs):
    # weights_only may come in through **kwargs.
    # ok: py-deser-torch-load
    return torch.load(path, **kwargs)


def saving(model, path):
    # ok: py-deser-torch-load
    torch.save(model.state_dict(), path)


def safetensors_load(path):
    from safetensors.torch import load_file

    # ok: py-deser-torch-load
    return load_file(path)


def hub_load(repo):
    # torch.hub.load runs the repository's hubconf.py; a different rule's business.
    # ok: py-deser-torch-load
    return torch.hub.load(repo, "model")
