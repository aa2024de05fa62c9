import os


def setting():
    # The source of a flow that ends in pkg/sub/runner.py.
    # source: fixture-flow-tree
    return os.getenv("SETTING")


def known_gap():
    # A known gap, for the test of the counts: this line never starts a flow.
    # todosource: fixture-flow-tree
    return os.getenv("UNUSED")
