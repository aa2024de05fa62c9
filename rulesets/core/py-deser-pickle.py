# Tests for py-deser-pickle: `warden test-rules rulesets/core`.
import _pickle
import json
import pickle
import pickle as pkl
from pickle import Unpickler
from pickle import load as l


def load_blob(blob):
    # ruleid: py-deser-pickle
    return pickle.loads(blob)


def load_file(path):
    with open(path, "rb") as f:
        # ruleid: py-deser-pickle
        return pickle.load(f)


def from_import_as(f):
    # ruleid: py-deser-pickle
    return l(f)


def import_as(blob):
    # ruleid: py-deser-pickle
    return pkl.loads(blob)


def unpickler(f):
    # ruleid: py-deser-pickle
    return Unpickler(f).load()


def c_module(blob):
    # ruleid: py-deser-pickle
    return _pickle.loads(blob)


def variable_alias(blob):
    deserialize = pickle.loads
    # ruleid: py-deser-pickle
    return deserialize(blob)


def dunder_import(blob):
    # ruleid: py-deser-pickle
    return __import__("pickle").loads(blob)


def subclassed(f):
    class Restricted(pickle.Unpickler):
        pass

    # Subclasses of Unpickler are not followed.
    # todoruleid: py-deser-pickle
    return Restricted(f).load()


def writing(obj, f):
    # ok: py-deser-pickle
    data = pickle.dumps(obj)
    # ok: py-deser-pickle
    pickle.dump(obj, f)
    return data


def other_formats(s):
    # ok: py-deser-pickle
    return json.loads(s)


class Cache:
    def load(self, key):
        return key


def method_named_load(key):
    # ok: py-deser-pickle
    return Cache().load(key)
