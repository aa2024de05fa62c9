import os


def value():
    return os.getenv("VALUE")
