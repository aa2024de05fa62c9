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
    # A flow through a helper's return value: its source is here.
    # source: fixture-flow
    return os.getenv("NAME")


def helper_flow():
    # ruleid: fixture-flow
    os.system(read_name())


def known_gaps():
    # Known gaps, for the test of the counts: these lines never fire.
    # todosource: fixture-flow
    unused = os.getenv("UNUSED")
    # todoruleid: fixture-flow
    os.system("true")
    return unused
