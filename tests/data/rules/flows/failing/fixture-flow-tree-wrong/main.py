import os

from pkg.source import value
from pkg.tool import run


def start():
    # source: fixture-flow-tree-wrong
    value_here = os.getenv("START")
    # ruleid: fixture-flow-tree-wrong
    os.system(value_here)
    return run


def from_other_file():
    # The flow starts in pkg/source.py, which has no source annotation.
    # ruleid: fixture-flow-tree-wrong
    os.system(value())
