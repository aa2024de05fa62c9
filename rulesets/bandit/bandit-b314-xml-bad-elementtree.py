import xml.etree.ElementTree
import xml.etree.ElementTree as ET
from xml.etree.ElementTree import parse, fromstring, XMLParser
from xml.etree import ElementTree
import defusedxml.ElementTree
import lxml.etree

# ruleid: bandit-b314-xml-bad-elementtree
tree = ET.parse(xml_file)
# ruleid: bandit-b314-xml-bad-elementtree
suite.append(ET.fromstring(e))
# ruleid: bandit-b314-xml-bad-elementtree
for event, elem in ET.iterparse(path):
    pass
# ruleid: bandit-b314-xml-bad-elementtree
xml.etree.ElementTree.parse(path)
# ruleid: bandit-b314-xml-bad-elementtree
parse(path)
# ruleid: bandit-b314-xml-bad-elementtree
fromstring(text)
# ruleid: bandit-b314-xml-bad-elementtree
parser = XMLParser(target=builder)
# ruleid: bandit-b314-xml-bad-elementtree
ElementTree.parse(path).getroot()


def multiline(text):
    # ruleid: bandit-b314-xml-bad-elementtree
    return ET.fromstring(
        text,
        parser=None,
    )


# defusedxml is the alternative.
# ok: bandit-b314-xml-bad-elementtree
defusedxml.ElementTree.parse(path)
# ok: bandit-b314-xml-bad-elementtree
defusedxml.ElementTree.fromstring(text)
# Building and writing XML is not parsing it.
# ok: bandit-b314-xml-bad-elementtree
ET.Element("root")
# ok: bandit-b314-xml-bad-elementtree
ET.tostring(element)
# lxml is B320's (left out: dropped after Bandit 1.6.2).
# ok: bandit-b314-xml-bad-elementtree
lxml.etree.parse(path)

# Bandit 1.6.2 misses this: it does not follow `load = ET.parse` assignments.
load = ET.parse
# ruleid: bandit-b314-xml-bad-elementtree
load(path)
