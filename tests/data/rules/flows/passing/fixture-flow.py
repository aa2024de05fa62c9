import os
import shlex


def through_a_variable():
    # source: fixture-flow
    name = os.getenv("NAME")
    command = "echo " + name
    # ruleid: fixture-flow
    os.system(command)


def same_line():
    # Both ends on one line: both annotations before it.
    # ruleid: fixture-flow
    # source: fixture-flow
    os.system(os.getenv("CMD"))


def quoted():
    name = shlex.quote(os.getenv("NAME"))
    # ok: fixture-flow
    os.system("echo " + name)


def read_name():
    # todosource: fixture-flow
    return os.getenv("NAME")


def helper_flow():
    # Interprocedural: a known gap, at both ends.
    # todoruleid: fixture-flow
    os.system(read_name())
