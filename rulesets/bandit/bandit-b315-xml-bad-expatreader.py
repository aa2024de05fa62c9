import xml.sax.expatreader
import xml.sax.expatreader as expatreader
from xml.sax.expatreader import create_parser
from xml.sax import expatreader as reader
import defusedxml.expatreader

# ruleid: bandit-b315-xml-bad-expatreader
parser = xml.sax.expatreader.create_parser()
# ruleid: bandit-b315-xml-bad-expatreader
expatreader.create_parser()
# ruleid: bandit-b315-xml-bad-expatreader
create_parser()
# ruleid: bandit-b315-xml-bad-expatreader
reader.create_parser()


def multiline():
    # ruleid: bandit-b315-xml-bad-expatreader
    return xml.sax.expatreader.create_parser(
    )


# defusedxml is the alternative.
# ok: bandit-b315-xml-bad-expatreader
defusedxml.expatreader.create_parser()
# ok: bandit-b315-xml-bad-expatreader
reader.ExpatParser

# Bandit 1.6.2 misses this: it does not follow `make = create_parser` assignments.
make = create_parser
# ruleid: bandit-b315-xml-bad-expatreader
make()
