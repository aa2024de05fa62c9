import xml.dom.expatbuilder
import xml.dom.expatbuilder as eb
from xml.dom.expatbuilder import parse, parseString
from xml.dom import expatbuilder
import defusedxml.expatbuilder

# ruleid: bandit-b316-xml-bad-expatbuilder
doc = xml.dom.expatbuilder.parse(path)
# ruleid: bandit-b316-xml-bad-expatbuilder
eb.parseString(text)
# ruleid: bandit-b316-xml-bad-expatbuilder
parse(fh)
# ruleid: bandit-b316-xml-bad-expatbuilder
parseString(text)


def from_minidom(file, string):
    from xml.dom import expatbuilder
    if string is None:
        # ruleid: bandit-b316-xml-bad-expatbuilder
        return expatbuilder.parse(file)
    # ruleid: bandit-b316-xml-bad-expatbuilder
    return expatbuilder.parseString(
        string,
    )


# defusedxml is the alternative.
# ok: bandit-b316-xml-bad-expatbuilder
defusedxml.expatbuilder.parse(path)
# ok: bandit-b316-xml-bad-expatbuilder
expatbuilder.ExpatBuilder()

# Bandit 1.6.2 misses this: it does not follow `p = eb.parse` assignments.
p = eb.parse
# ruleid: bandit-b316-xml-bad-expatbuilder
p(path)
