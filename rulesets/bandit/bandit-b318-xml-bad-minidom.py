import xml.dom.minidom
import xml.dom.minidom as minidom
from xml.dom.minidom import parse, parseString
from xml.dom import minidom as md
import defusedxml.minidom

# ruleid: bandit-b318-xml-bad-minidom
doc = xml.dom.minidom.parse(path)
# ruleid: bandit-b318-xml-bad-minidom
minidom.parseString(text)
# ruleid: bandit-b318-xml-bad-minidom
want_root = first_node(parseString(want))
# ruleid: bandit-b318-xml-bad-minidom
parse(fh)
# ruleid: bandit-b318-xml-bad-minidom
md.parse(path)


def multiline(text):
    # ruleid: bandit-b318-xml-bad-minidom
    return xml.dom.minidom.parseString(
        text,
    ).documentElement


# defusedxml is the alternative.
# ok: bandit-b318-xml-bad-minidom
defusedxml.minidom.parseString(text)
# Building a document is not parsing one.
# ok: bandit-b318-xml-bad-minidom
xml.dom.minidom.Document()
# ok: bandit-b318-xml-bad-minidom
doc.toprettyxml()

# Bandit 1.6.2 misses this: it does not follow `ps = minidom.parseString` assignments.
ps = minidom.parseString
# ruleid: bandit-b318-xml-bad-minidom
ps(text)
