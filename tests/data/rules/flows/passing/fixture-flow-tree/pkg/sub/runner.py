import os

from ..helpers import setting


def launch():
    # source: fixture-flow-tree
    cmd = "run " + os.getenv("LAUNCH")
    # ruleid: fixture-flow-tree
    os.system(cmd)


def launch_setting():
    # A flow from pkg/helpers.py, through a relative import.
    # ruleid: fixture-flow-tree
    os.system(setting())


def known_gap():
    # A known gap, for the test of the counts: this line never fires.
    # todoruleid: fixture-flow-tree
    os.system("true")
