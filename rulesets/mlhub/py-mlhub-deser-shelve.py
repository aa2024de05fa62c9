# Tests for py-mlhub-deser-shelve: `warden test-rules rulesets/mlhub`.
import os
import shelve
import sqlite3


def cached_features(repo_dir):
    # ruleid: py-mlhub-deser-shelve
    with shelve.open(os.path.join(repo_dir, "features.db")) as db:
        return db["features"]


def cached_keyword(path):
    # ruleid: py-mlhub-deser-shelve
    db = shelve.open(filename=path, flag="r")
    return dict(db)


def fixed_cache():
    # A path written in the source: the program's own cache.
    # ok: py-mlhub-deser-shelve
    return shelve.open("cache.db")


def sqlite_cache(path):
    # ok: py-mlhub-deser-shelve
    return sqlite3.connect(path)
