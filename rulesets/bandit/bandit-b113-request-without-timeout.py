import requests
import requests as rq
from requests import post

# Bandit 1.6.2 has no B113 (added in 1.7.5); Bandit 1.8 reports each ruleid line.
# ruleid: bandit-b113-request-without-timeout
requests.get("https://example.invalid")
# ruleid: bandit-b113-request-without-timeout
requests.post("https://example.invalid", json={})
# ruleid: bandit-b113-request-without-timeout
rq.delete("https://example.invalid")
# ruleid: bandit-b113-request-without-timeout
post("https://example.invalid", data=b"")
# ruleid: bandit-b113-request-without-timeout
requests.head("https://example.invalid", timeout=None)
# ruleid: bandit-b113-request-without-timeout
requests.put(
    "https://example.invalid",
    data=b"",
)
# ok: bandit-b113-request-without-timeout
requests.get("https://example.invalid", timeout=10)
# ok: bandit-b113-request-without-timeout
requests.post("https://example.invalid", timeout=(3, 30))
# ok: bandit-b113-request-without-timeout
requests.get("https://example.invalid", timeout=TIMEOUT)
# requests.request is not one of Bandit's verbs.
# ok: bandit-b113-request-without-timeout
requests.request("GET", "https://example.invalid")
# A session's methods: the receiver's type is not tracked, and Bandit does not see them either.
# ok: bandit-b113-request-without-timeout
requests.Session().get("https://example.invalid")

# httpx: timeout=None only (its default is 5 seconds).
import httpx

# ruleid: bandit-b113-request-without-timeout
httpx.get("https://example.invalid", timeout=None)
# ruleid: bandit-b113-request-without-timeout
httpx.Client(timeout=None)
# ruleid: bandit-b113-request-without-timeout
httpx.AsyncClient(base_url="https://example.invalid", timeout=None)
# ruleid: bandit-b113-request-without-timeout
httpx.stream("GET", "https://example.invalid", timeout=None)
# ok: bandit-b113-request-without-timeout
httpx.get("https://example.invalid")
# ok: bandit-b113-request-without-timeout
httpx.Client(timeout=10)
