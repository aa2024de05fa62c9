import xml.dom.pulldom
import xml.dom.pulldom as pd
from xml.dom.pulldom import parse, parseString
from xml.dom import pulldom
import defusedxml.pulldom

# ruleid: bandit-b319-xml-bad-pulldom
events = xml.dom.pulldom.parse(path)
# ruleid: bandit-b319-xml-bad-pulldom
pd.parseString(text)
# ruleid: bandit-b319-xml-bad-pulldom
parse(stream)
# ruleid: bandit-b319-xml-bad-pulldom
parseString(text)


class Deserializer:
    def __init__(self, stream):
        # ruleid: bandit-b319-xml-bad-pulldom
        self.event_stream = pulldom.parse(self.stream, self._make_parser())


def multiline(text):
    # ruleid: bandit-b319-xml-bad-pulldom
    return pulldom.parseString(
        text,
    )


# defusedxml is the alternative.
# ok: bandit-b319-xml-bad-pulldom
defusedxml.pulldom.parse(path)
# ok: bandit-b319-xml-bad-pulldom
pulldom.DOMEventStream(stream, parser, 1024)

# Bandit 1.6.2 misses this: it does not follow `p = pulldom.parse` assignments.
p = pulldom.parse
# ruleid: bandit-b319-xml-bad-pulldom
p(path)
