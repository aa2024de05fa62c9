import os


def setting():
    # The flow into pkg/sub/runner.py needs interprocedural, cross-file taint.
    # todosource: fixture-flow-tree
    return os.getenv("SETTING")
