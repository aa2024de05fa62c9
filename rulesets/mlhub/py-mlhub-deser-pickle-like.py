# Tests for py-mlhub-deser-pickle-like: `warden test-rules rulesets/mlhub`.
import json
import pickle

import cloudpickle
import dill
import joblib
import pandas as pd
from joblib import load as joblib_load


def load_classifier(path):
    # The scikit-learn head of a model, shipped as a .joblib file.
    # ruleid: py-mlhub-deser-pickle-like
    return joblib.load(path)


def load_classifier_aliased(path):
    # ruleid: py-mlhub-deser-pickle-like
    return joblib_load(path)


def load_preprocessor(path):
    with open(path, "rb") as handle:
        # ruleid: py-mlhub-deser-pickle-like
        return dill.load(handle)


def load_function(blob):
    # ruleid: py-mlhub-deser-pickle-like
    return cloudpickle.loads(blob)


def load_dataframe(path):
    # ruleid: py-mlhub-deser-pickle-like
    return pd.read_pickle(path)


def load_dunder(path):
    # ruleid: py-mlhub-deser-pickle-like
    return __import__("dill").load(open(path, "rb"))


def load_pickle(path):
    # Plain pickle is py-deser-pickle's (core), not reported twice.
    # ok: py-mlhub-deser-pickle-like
    return pickle.load(open(path, "rb"))


def save_classifier(model, path):
    # Writing is not loading.
    # ok: py-mlhub-deser-pickle-like
    joblib.dump(model, path)


def save_function(fn):
    # ok: py-mlhub-deser-pickle-like
    return cloudpickle.dumps(fn)


def load_csv(path):
    # ok: py-mlhub-deser-pickle-like
    return pd.read_csv(path)


def load_config(path):
    with open(path) as handle:
        # ok: py-mlhub-deser-pickle-like
        return json.load(handle)


def parallel(items):
    # joblib's other API is not a deserializer.
    # ok: py-mlhub-deser-pickle-like
    return joblib.Parallel(n_jobs=2)(joblib.delayed(len)(item) for item in items)
