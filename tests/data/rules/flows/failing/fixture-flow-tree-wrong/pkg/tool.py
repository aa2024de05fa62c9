import os

from . import __name__ as package


def run():
    cmd = os.getenv("RUN")
    # ruleid: fixture-flow-tree-wrong
    os.system(cmd)


def quiet():
    # ruleid: fixture-flow-tree-wrong
    os.system("true")
    return package


def unannotated():
    os.system(os.getenv("OTHER"))
