# Tests for py-mlhub-numpy-allow-pickle: `warden test-rules rulesets/mlhub`.
import numpy
import numpy as np
from numpy import load as np_load


def load_embeddings(path):
    # ruleid: py-mlhub-numpy-allow-pickle
    return np.load(path, allow_pickle=True)


def load_vocab(path):
    # ruleid: py-mlhub-numpy-allow-pickle
    return np_load(path, allow_pickle=True).item()


def load_constant():
    # Even a shipped file: the pickle in it runs when it is loaded.
    # ruleid: py-mlhub-numpy-allow-pickle
    return numpy.load("speaker_embeddings.npy", allow_pickle=1)


def load_multiline(path):
    # ruleid: py-mlhub-numpy-allow-pickle
    data = np.load(
        path,
        mmap_mode="r",
        allow_pickle=True,
    )
    return data


def load_plain(path):
    # The ordinary way: numeric arrays, no pickle.
    # ok: py-mlhub-numpy-allow-pickle
    return np.load(path)


def load_refused(path):
    # ok: py-mlhub-numpy-allow-pickle
    return np.load(path, allow_pickle=False)


def load_forwarded(path, allow_pickle):
    # ok: py-mlhub-numpy-allow-pickle
    return np.load(path, allow_pickle=allow_pickle)


def save(path, array):
    # ok: py-mlhub-numpy-allow-pickle
    np.save(path, array, allow_pickle=True)


class Dataset:
    def load(self, path, allow_pickle=True):
        return path

    def items(self, path):
        # A method of the same name is not numpy's.
        # ok: py-mlhub-numpy-allow-pickle
        return self.load(path, allow_pickle=True)
