import os

from pkg import helpers
from pkg.sub.runner import launch


def start():
    # source: fixture-flow-tree
    value = os.getenv("START")
    # ruleid: fixture-flow-tree
    os.system(value)


def start_quietly():
    # ok: fixture-flow-tree
    os.system("true")
    return launch, helpers
