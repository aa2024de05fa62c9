# Every member of `sources files-read`, and look-alikes that are not.
import codecs
import io
from pathlib import Path

# ruleid: sources.files-read
handle = open("notes.txt")
# ruleid: sources.files-read
raw = io.open("data.bin", "rb")
# ruleid: sources.files-read
latin = codecs.open("old.txt", encoding="latin-1")
# ruleid: sources.files-read
text = Path("README.md").read_text()
# ruleid: sources.files-read
blob = Path("model.bin").read_bytes()

# ok: sources.files-read
exists = Path("README.md").exists()
