# Every member of `sources environment`, and look-alikes that are not.
import argparse
import os
import sys

# ruleid: sources.environment
home = os.getenv("HOME")
# ruleid: sources.environment
shell = os.environ.get("SHELL")
# ruleid: sources.environment
answer = input("name? ")
# ruleid: sources.environment
user = os.environ["USER"]
# ruleid: sources.environment
script = sys.argv

parser = argparse.ArgumentParser()
# ruleid: sources.environment
args = parser.parse_args()
# ruleid: sources.environment
known, rest = parser.parse_known_args()

# ok: sources.environment
here = os.getcwd()
# ok: sources.environment
version = sys.version
