# Tests for bandit-b614-pytorch-load (Bandit 1.8 B614).
import torch
import torch as th
import torch.hub
from torch import load as load_checkpoint

import numpy
import pickle


def plain(path):
    # ruleid: bandit-b614-pytorch-load
    return torch.load(path)


def explicitly_unsafe(path):
    # ruleid: bandit-b614-pytorch-load
    return torch.load(path, weights_only=False)


def computed_flag(path, trusted):
    # ruleid: bandit-b614-pytorch-load
    return torch.load(path, weights_only=trusted)


def map_location_only(path):
    # ruleid: bandit-b614-pytorch-load
    return torch.load(path, map_location="cpu")


def alias(path):
    # ruleid: bandit-b614-pytorch-load
    return th.load(path)


def from_import(path):
    # ruleid: bandit-b614-pytorch-load
    return load_checkpoint(path)


def multi_line(path):
    # ruleid: bandit-b614-pytorch-load
    return torch.load(
        path,
        map_location="cpu",
    )


def hub_and_jit(repo, path):
    # Since Bandit 1.9.3 only the deserializers torch.load and torch.serialization.load (hub
    # and TorchScript loading are other checks' concern: py-mlhub-*, the weights rules).
    # ruleid: bandit-b614-pytorch-load
    state = torch.serialization.load(path)
    # ok: bandit-b614-pytorch-load
    model = torch.hub.load(repo, "resnet18")
    # ok: bandit-b614-pytorch-load
    scripted = torch.jit.load(path)
    return state, model, scripted


def forwarded(path, **kwargs):
    # Bandit does not look into **kwargs.
    # ruleid: bandit-b614-pytorch-load
    return torch.load(path, **kwargs)


def safe(path):
    # ok: bandit-b614-pytorch-load
    return torch.load(path, weights_only=True)


def safe_alias(path):
    # ok: bandit-b614-pytorch-load
    return th.load(path, map_location="cpu", weights_only=True)


def others(path, f):
    # ok: bandit-b614-pytorch-load
    a = numpy.load(path)
    # ok: bandit-b614-pytorch-load
    b = pickle.load(f)
    # ok: bandit-b614-pytorch-load
    torch.save(a, path)
    return a, b


class Checkpoint:
    def load(self, path):
        return path


def method(path):
    # A method named load is not torch's.
    # ok: bandit-b614-pytorch-load
    return Checkpoint().load(path)
