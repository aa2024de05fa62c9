# Test for bandit-b409-import-xml-pulldom.
import importlib

# ruleid: bandit-b409-import-xml-pulldom
import xml.dom.pulldom
# ruleid: bandit-b409-import-xml-pulldom
import xml.dom.pulldom as pd
# ruleid: bandit-b409-import-xml-pulldom
from xml.dom import pulldom
# ruleid: bandit-b409-import-xml-pulldom
from xml.dom.pulldom import parse, START_ELEMENT


def events(path):
    # ruleid: bandit-b409-import-xml-pulldom
    from xml.dom import pulldom
    return pulldom.parse(path)


# ruleid: bandit-b409-import-xml-pulldom
mod = importlib.import_module("xml.dom.pulldom")
# ruleid: bandit-b409-import-xml-pulldom
mod = __import__("xml.dom.pulldom")
# ok: bandit-b409-import-xml-pulldom
import xml.dom
# ok: bandit-b409-import-xml-pulldom
from xml.dom import Node
# ok: bandit-b409-import-xml-pulldom
from defusedxml import pulldom as safe_pulldom
