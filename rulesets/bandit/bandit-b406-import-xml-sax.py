# Test for bandit-b406-import-xml-sax.
import importlib

# ruleid: bandit-b406-import-xml-sax
import xml.sax
# ruleid: bandit-b406-import-xml-sax
import xml.sax as sax
# ruleid: bandit-b406-import-xml-sax
from xml import sax
# ruleid: bandit-b406-import-xml-sax
from xml.sax import make_parser
# ruleid: bandit-b406-import-xml-sax
import xml.sax.saxutils
# ruleid: bandit-b406-import-xml-sax
from xml.sax.saxutils import escape
# ruleid: bandit-b406-import-xml-sax
from xml.sax.handler import ContentHandler
# ruleid: bandit-b406-import-xml-sax
import xml.sax.expatreader as expatreader


def parse(path, handler):
    # ruleid: bandit-b406-import-xml-sax
    import xml.sax
    xml.sax.parse(path, handler)


# ruleid: bandit-b406-import-xml-sax
mod = __import__("xml.sax")
# ruleid: bandit-b406-import-xml-sax
mod = importlib.import_module("xml.sax")
# Only exact names count in a call: Bandit matches it with fnmatch, not a prefix.
# ok: bandit-b406-import-xml-sax
mod = importlib.import_module("xml.sax.saxutils")
# ok: bandit-b406-import-xml-sax
import xml
# ok: bandit-b406-import-xml-sax
from xml import dom
# ok: bandit-b406-import-xml-sax
import defusedxml.sax
# ok: bandit-b406-import-xml-sax
from defusedxml.sax import parseString
