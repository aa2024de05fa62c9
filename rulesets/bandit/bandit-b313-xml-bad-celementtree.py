import xml.etree.cElementTree
import xml.etree.cElementTree as cET
from xml.etree.cElementTree import parse, fromstring
from xml.etree.cElementTree import iterparse as iter_parse
from xml.etree import cElementTree
import defusedxml.cElementTree

# ruleid: bandit-b313-xml-bad-celementtree
tree = cET.parse(path)
# ruleid: bandit-b313-xml-bad-celementtree
root = cET.fromstring(text)
# ruleid: bandit-b313-xml-bad-celementtree
cET.XMLParser()
# ruleid: bandit-b313-xml-bad-celementtree
xml.etree.cElementTree.iterparse(path)
# ruleid: bandit-b313-xml-bad-celementtree
parse(path)
# ruleid: bandit-b313-xml-bad-celementtree
fromstring(text)
# ruleid: bandit-b313-xml-bad-celementtree
iter_parse(path, events=("start",))
# ruleid: bandit-b313-xml-bad-celementtree
cElementTree.parse(path)


def multiline(text):
    # ruleid: bandit-b313-xml-bad-celementtree
    return cET.fromstring(
        text,
    )


# defusedxml is the alternative.
# ok: bandit-b313-xml-bad-celementtree
defusedxml.cElementTree.parse(path)
# Building XML is not parsing it.
# ok: bandit-b313-xml-bad-celementtree
cET.Element("root")
# ok: bandit-b313-xml-bad-celementtree
cET.tostring(element)

# Bandit 1.6.2 misses this: it does not follow `p = cET.parse` assignments.
p = cET.parse
# ruleid: bandit-b313-xml-bad-celementtree
p(path)
