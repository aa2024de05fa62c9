# Every member of `sources network`, and look-alikes that are not.
import socket
import urllib.request

import httpx
import requests
import urllib3

# ruleid: sources.network
page = requests.get("https://example.com/a")
# ruleid: sources.network
session = requests.Session()
# ruleid: sources.network
reply = httpx.post("https://example.com/b", data={})
# ruleid: sources.network
client = httpx.AsyncClient()
# ruleid: sources.network
body = urllib.request.urlopen("https://example.com/c")
# ruleid: sources.network
pool = urllib3.PoolManager()


def fetch(conn, sock):
    # ruleid: sources.network
    response = conn.getresponse()
    # ruleid: sources.network
    chunk = sock.recv(4096)
    # ruleid: sources.network
    packet, peer = sock.recvfrom(1024)
    # ruleid: sources.network
    stream = sock.makefile("rb")
    return response, chunk, packet, peer, stream


# ok: sources.network
local = socket.gethostname()
# ok: sources.network
text = "requests.get(url)"
# ok: sources.network
parsed = urllib.request.quote("a b")
