import os


def correct():
    # source: fixture-flow-sources
    name = os.getenv("NAME")
    # ruleid: fixture-flow-sources
    os.system("echo " + name)


def missing_source():
    name = os.getenv("NAME")
    # ruleid: fixture-flow-sources
    os.system(name)


def wrong_line():
    # source: fixture-flow-sources
    prefix = "echo "
    name = os.getenv("NAME")
    # ruleid: fixture-flow-sources
    os.system(prefix + name)


def no_flow():
    # source: fixture-flow-sources
    name = os.getenv("NAME")
    print(name)


def todo_source_now_found():
    # todosource: fixture-flow-sources
    name = os.getenv("NAME")
    # ruleid: fixture-flow-sources
    os.system(name)


def todo_source_still_missing():
    # todosource: fixture-flow-sources
    return os.getenv("NAME")
