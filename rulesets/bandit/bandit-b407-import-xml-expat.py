# Test for bandit-b407-import-xml-expat.
import importlib

# ruleid: bandit-b407-import-xml-expat
import xml.dom.expatbuilder
# ruleid: bandit-b407-import-xml-expat
import xml.dom.expatbuilder as eb
# ruleid: bandit-b407-import-xml-expat
from xml.dom import expatbuilder
# ruleid: bandit-b407-import-xml-expat
from xml.dom.expatbuilder import ExpatBuilder
# ruleid: bandit-b407-import-xml-expat
from xml.dom import minidom, expatbuilder


def build(path):
    # ruleid: bandit-b407-import-xml-expat
    from xml.dom.expatbuilder import parse
    return parse(path)


# ruleid: bandit-b407-import-xml-expat
mod = importlib.import_module("xml.dom.expatbuilder")
# ruleid: bandit-b407-import-xml-expat
mod = __import__("xml.dom.expatbuilder")
# xml.parsers.expat (the parser itself) is not in Bandit's B407 list, only xml.dom.expatbuilder.
# ok: bandit-b407-import-xml-expat
import xml.parsers.expat
# ok: bandit-b407-import-xml-expat
from xml.parsers import expat
# ok: bandit-b407-import-xml-expat
import xml.dom
# ok: bandit-b407-import-xml-expat
from defusedxml import expatbuilder as safe_eb
