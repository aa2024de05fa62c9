import os

from pkg.tool import run


def start():
    # source: fixture-flow-tree-wrong
    value = os.getenv("START")
    # ruleid: fixture-flow-tree-wrong
    os.system(value)
    return run
