# Test for bandit-b403-import-pickle: pickle, cPickle, dill and shelve imports.
import importlib
import os

# ruleid: bandit-b403-import-pickle
import pickle
# ruleid: bandit-b403-import-pickle
import cPickle as pickle2
# ruleid: bandit-b403-import-pickle
from dill import loads
# ruleid: bandit-b403-import-pickle
from pickle import Unpickler as U
# ruleid: bandit-b403-import-pickle
import os, pickle
# Bandit matches by prefix: pickletools (and pickleshare) count as pickle.
# ruleid: bandit-b403-import-pickle
import pickletools
# ruleid: bandit-b403-import-pickle
from pickletools import dis
# Bandit 1.6.2 misses this: shelve joined B403's list in Bandit 1.8.
# ruleid: bandit-b403-import-pickle
import shelve


def load(path):
    # ruleid: bandit-b403-import-pickle
    import dill
    return dill.load(open(path, "rb"))


try:
    # ruleid: bandit-b403-import-pickle
    import cPickle as pk
except ImportError:
    # ruleid: bandit-b403-import-pickle
    import pickle as pk

# ruleid: bandit-b403-import-pickle
mod = __import__("pickle")
# ruleid: bandit-b403-import-pickle
mod = importlib.import_module("dill")
# ok: bandit-b403-import-pickle
mod = importlib.import_module("json")
# A computed name: neither tool knows the module.
# ok: bandit-b403-import-pickle
mod = __import__(os.environ["MOD"])
# ok: bandit-b403-import-pickle
import json
# cloudpickle does not start with a listed name (B301/mlhub rules cover its loads).
# ok: bandit-b403-import-pickle
import cloudpickle
# ok: bandit-b403-import-pickle
from safetensors.torch import load_file
# ok: bandit-b403-import-pickle
from torch import serialization
# ok: bandit-b403-import-pickle
text = "import pickle"


def pickle(ob_type, reducer):
    return ob_type, reducer


# A call of a local function named pickle (as in the stdlib's copyreg.py) imports nothing.
# Bandit 1.6.2 flags this: its import blacklist also matches calls whose name is a listed name.
# ok: bandit-b403-import-pickle
pickle(complex, load)

# One blacklist check per import statement: the first that matches (B403 before B404).
# ruleid: bandit-b403-import-pickle
import subprocess, pickle
