# Tests for py-deser-yaml-load: `warden test-rules rulesets/core`.
import yaml
import yaml as pyyaml
from yaml import CSafeLoader as L
from yaml import FullLoader, SafeLoader
from yaml import load as yaml_load


def no_loader(f):
    # ruleid: py-deser-yaml-load
    return yaml.load(f)


def unsafe_loader(f):
    # ruleid: py-deser-yaml-load
    return yaml.load(f, Loader=yaml.Loader)


def full_loader(f):
    # ruleid: py-deser-yaml-load
    return yaml.load(f, Loader=FullLoader)


def unsafe_positional(f):
    # ruleid: py-deser-yaml-load
    return yaml.load(f, yaml.UnsafeLoader)


def computed_loader(f, loader):
    # ruleid: py-deser-yaml-load
    return yaml.load(f, Loader=loader)


def unsafe_load(f):
    # ruleid: py-deser-yaml-load
    return yaml.unsafe_load(f)


def unsafe_load_all(f):
    # ruleid: py-deser-yaml-load
    return list(yaml.unsafe_load_all(f))


def load_all(f):
    # ruleid: py-deser-yaml-load
    return list(yaml.load_all(f, Loader=yaml.FullLoader))


def import_as(f):
    # ruleid: py-deser-yaml-load
    return pyyaml.load(f)


def from_import_as(f):
    # ruleid: py-deser-yaml-load
    return yaml_load(f)


def variable_alias(f):
    parse = yaml.load
    # ruleid: py-deser-yaml-load
    return parse(f)


def dunder_import(f):
    # ruleid: py-deser-yaml-load
    return __import__("yaml").load(f)


def safe_loaders(f):
    # ok: py-deser-yaml-load
    a = yaml.load(f, Loader=yaml.SafeLoader)
    # ok: py-deser-yaml-load
    b = yaml.load(f, Loader=yaml.CSafeLoader)
    # ok: py-deser-yaml-load
    c = yaml.load(f, Loader=yaml.BaseLoader)
    # ok: py-deser-yaml-load
    d = yaml.load(f, Loader=yaml.CBaseLoader)
    # ok: py-deser-yaml-load
    e = yaml.load_all(f, Loader=yaml.SafeLoader)
    return a, b, c, d, e


def safe_loader_positional(f):
    # ok: py-deser-yaml-load
    return yaml.load(f, yaml.SafeLoader)


def safe_loader_aliased(f):
    # ok: py-deser-yaml-load
    a = yaml.load(f, L)
    # ok: py-deser-yaml-load
    b = yaml.load(f, Loader=SafeLoader)
    # ok: py-deser-yaml-load
    c = pyyaml.load(f, Loader=pyyaml.SafeLoader)
    return a, b, c


def safe_loader_stream_keyword(f):
    # ok: py-deser-yaml-load
    return yaml.load(stream=f, Loader=yaml.SafeLoader)


def safe_functions(f, text):
    # ok: py-deser-yaml-load
    a = yaml.safe_load(f)
    # ok: py-deser-yaml-load
    b = list(yaml.safe_load_all(text))
    # ok: py-deser-yaml-load
    c = yaml.dump(a)
    return a, b, c


def loader_variable(f):
    # The safe loader reaches the call through a local variable.
    loader = yaml.SafeLoader
    # ok: py-deser-yaml-load
    return yaml.load(f, Loader=loader)


def json_instead(s):
    import json

    # ok: py-deser-yaml-load
    return json.loads(s)
