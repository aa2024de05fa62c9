import xml.sax
import xml.sax as sax
from xml.sax import parse, parseString
from xml.sax import make_parser as new_parser
import defusedxml.sax

# ruleid: bandit-b317-xml-bad-sax
xml.sax.parse(path, handler)
# ruleid: bandit-b317-xml-bad-sax
sax.parseString(text, handler)
# ruleid: bandit-b317-xml-bad-sax
parser = xml.sax.make_parser()
# ruleid: bandit-b317-xml-bad-sax
parse(fh, handler)
# ruleid: bandit-b317-xml-bad-sax
parseString(text, handler)
# ruleid: bandit-b317-xml-bad-sax
new_parser()


def multiline(text, handler):
    # ruleid: bandit-b317-xml-bad-sax
    xml.sax.parseString(
        text,
        handler,
    )


# defusedxml is the alternative.
# ok: bandit-b317-xml-bad-sax
defusedxml.sax.parse(path, handler)
# ok: bandit-b317-xml-bad-sax
defusedxml.sax.make_parser()
# A handler is not a parser.
# ok: bandit-b317-xml-bad-sax
xml.sax.handler.ContentHandler()
# ok: bandit-b317-xml-bad-sax
xml.sax.saxutils.escape(text)

# Bandit 1.6.2 misses this: it does not follow `mk = xml.sax.make_parser` assignments.
mk = xml.sax.make_parser
# ruleid: bandit-b317-xml-bad-sax
mk()
