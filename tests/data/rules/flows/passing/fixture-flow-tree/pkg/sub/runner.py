import os

from ..helpers import setting


def launch():
    # source: fixture-flow-tree
    cmd = "run " + os.getenv("LAUNCH")
    # ruleid: fixture-flow-tree
    os.system(cmd)


def launch_setting():
    # todoruleid: fixture-flow-tree
    os.system(setting())
