# Every member of `sinks deserializers`, and look-alikes that are not.
import json
import pickle

import joblib
import numpy
import torch
import yaml


def load(blob, path, stream, options):
    # ruleid: sinks.deserializers
    pickle.loads(blob)
    # ruleid: sinks.deserializers
    joblib.load(path)
    # ruleid: sinks.deserializers
    torch.load(path)
    # ruleid: sinks.deserializers
    torch.load(path, weights_only=False)
    # ok: sinks.deserializers
    torch.load(path, weights_only=True)
    # ok: sinks.deserializers
    torch.load(path, **options)
    # ruleid: sinks.deserializers
    numpy.load(path, allow_pickle=True)
    # ok: sinks.deserializers
    numpy.load(path)
    # ruleid: sinks.deserializers
    yaml.unsafe_load(stream)
    # ruleid: sinks.deserializers
    yaml.load(stream, Loader=yaml.Loader)
    # ok: sinks.deserializers
    yaml.load(stream, Loader=yaml.SafeLoader)
    # ok: sinks.deserializers
    json.loads(blob)
