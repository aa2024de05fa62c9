# Test for bandit-b405-import-xml-etree.
import importlib

# ruleid: bandit-b405-import-xml-etree
import xml.etree.ElementTree
# ruleid: bandit-b405-import-xml-etree
import xml.etree.ElementTree as ET
# ruleid: bandit-b405-import-xml-etree
import xml.etree.cElementTree as cET
# ruleid: bandit-b405-import-xml-etree
from xml.etree import ElementTree
# ruleid: bandit-b405-import-xml-etree
from xml.etree import cElementTree as CET
# ruleid: bandit-b405-import-xml-etree
from xml.etree.ElementTree import parse, fromstring
# ruleid: bandit-b405-import-xml-etree
from xml.etree.ElementTree import Element


def parse_config(path):
    # ruleid: bandit-b405-import-xml-etree
    import xml.etree.ElementTree as etree
    return etree.parse(path)


try:
    # ruleid: bandit-b405-import-xml-etree
    import xml.etree.cElementTree as et
except ImportError:
    # ruleid: bandit-b405-import-xml-etree
    import xml.etree.ElementTree as et

# ruleid: bandit-b405-import-xml-etree
mod = __import__("xml.etree.ElementTree")
# ruleid: bandit-b405-import-xml-etree
mod = importlib.import_module("xml.etree.cElementTree")
# Only xml.etree's two modules are listed, not the package.
# ok: bandit-b405-import-xml-etree
import xml.etree
# ok: bandit-b405-import-xml-etree
from xml import etree
# ok: bandit-b405-import-xml-etree
import defusedxml.ElementTree as DET
# ok: bandit-b405-import-xml-etree
from defusedxml.ElementTree import parse as safe_parse
# ok: bandit-b405-import-xml-etree
from lxml import etree as lxml_etree
