# Test for bandit-b506-yaml-load (cases from Bandit's examples/yaml_load.py).
import json
import yaml
from yaml import load
from yaml import CSafeLoader, SafeLoader


def test_yaml_load():
    ystr = yaml.dump({"a": 1, "b": 2, "c": 3})
    # ruleid: bandit-b506-yaml-load
    y = yaml.load(ystr)
    yaml.dump(y)
    try:
        # ok: bandit-b506-yaml-load
        y = yaml.load(ystr, Loader=yaml.CSafeLoader)
    except AttributeError:
        # CSafeLoader only exists if you build yaml with LibYAML
        # ok: bandit-b506-yaml-load
        y = yaml.load(ystr, Loader=yaml.SafeLoader)


def test_json_load():
    # no issue should be found
    # ok: bandit-b506-yaml-load
    j = json.load("{}")


# ruleid: bandit-b506-yaml-load
data = yaml.load(stream, Loader=yaml.Loader)
# ruleid: bandit-b506-yaml-load
data = yaml.load(stream, Loader=yaml.FullLoader)
# ruleid: bandit-b506-yaml-load
data = yaml.load(stream, Loader=yaml.UnsafeLoader)
# ruleid: bandit-b506-yaml-load
data = yaml.load(stream=open("config.yaml"))
# ruleid: bandit-b506-yaml-load
data = load(open("config.yaml"))
# ruleid: bandit-b506-yaml-load
data = yaml.load(
    open("config.yaml"),
)
# ok: bandit-b506-yaml-load
data = yaml.load(stream, Loader=SafeLoader)
# ok: bandit-b506-yaml-load
data = load(stream, Loader=CSafeLoader)
# Bandit 1.6.2 flags this (it looks for the keyword only); Bandit 1.8 reads the second argument.
# ok: bandit-b506-yaml-load
data = yaml.load(stream, yaml.SafeLoader)
# ok: bandit-b506-yaml-load
data = yaml.safe_load(stream)
# ok: bandit-b506-yaml-load
data = json.load(stream)


class Config:
    def load(self, path):
        return path


# A method named load is not yaml's.
# ok: bandit-b506-yaml-load
Config().load("x.yaml")
