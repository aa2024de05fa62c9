# Test for bandit-b408-import-xml-minidom.
import importlib

# ruleid: bandit-b408-import-xml-minidom
import xml.dom.minidom
# ruleid: bandit-b408-import-xml-minidom
import xml.dom.minidom as md
# ruleid: bandit-b408-import-xml-minidom
from xml.dom import minidom
# ruleid: bandit-b408-import-xml-minidom
from xml.dom.minidom import parseString, Document
# Bandit 1.6.2 misses this: it reports one blacklist issue per import statement, the first in
# its list order (here B407 for expatbuilder).
# ruleid: bandit-b408-import-xml-minidom
from xml.dom import expatbuilder, minidom


def pretty(text):
    # ruleid: bandit-b408-import-xml-minidom
    from xml.dom.minidom import parseString as ps
    return ps(text).toprettyxml()


# ruleid: bandit-b408-import-xml-minidom
mod = importlib.import_module("xml.dom.minidom")
# ok: bandit-b408-import-xml-minidom
import xml.dom
# ok: bandit-b408-import-xml-minidom
from xml.dom import Node
# ok: bandit-b408-import-xml-minidom
from defusedxml import minidom as safe_minidom
# ok: bandit-b408-import-xml-minidom
from defusedxml.minidom import parseString as safe_parse
