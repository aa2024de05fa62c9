# Test for bandit-b501-request-with-no-cert-validation.
import httpx
import requests
import requests as rq
from requests import post

# ruleid: bandit-b501-request-with-no-cert-validation
requests.get("https://example.com", verify=False)
# ruleid: bandit-b501-request-with-no-cert-validation
requests.post("https://example.com", data={"a": 1}, verify=False)
# ruleid: bandit-b501-request-with-no-cert-validation
rq.put("https://example.com", verify=False, timeout=5)
# ruleid: bandit-b501-request-with-no-cert-validation
post("https://example.com", verify=False)
# ruleid: bandit-b501-request-with-no-cert-validation
requests.delete(url, verify=False)
# ruleid: bandit-b501-request-with-no-cert-validation
requests.head(url, verify=False)
# ruleid: bandit-b501-request-with-no-cert-validation
requests.patch(url, verify=False)
# ruleid: bandit-b501-request-with-no-cert-validation
requests.options(url, verify=False)
# ruleid: bandit-b501-request-with-no-cert-validation
response = requests.get(
    "https://example.com",
    timeout=10,
    verify=False,
)


class Client:
    def fetch(self, url):
        # Bandit 1.6.2 tests the qualified name for the substring "requests".
        # ruleid: bandit-b501-request-with-no-cert-validation
        return self.requests.get(url, verify=False)


# Bandit 1.6.2 misses this: it does not name the method of a call's result.
# ruleid: bandit-b501-request-with-no-cert-validation
requests.Session().get(url, verify=False)
# Bandit 1.6.2 misses this: httpx joined B501 in Bandit 1.8.
# ruleid: bandit-b501-request-with-no-cert-validation
httpx.get("https://example.com", verify=False)
# Bandit 1.6.2 misses this: httpx joined B501 in Bandit 1.8.
# ruleid: bandit-b501-request-with-no-cert-validation
client = httpx.Client(verify=False)

# ok: bandit-b501-request-with-no-cert-validation
requests.get("https://example.com", verify=True)
# ok: bandit-b501-request-with-no-cert-validation
requests.get("https://example.com")
# ok: bandit-b501-request-with-no-cert-validation
requests.get("https://example.com", verify="/etc/ssl/certs/ca.pem")
# Bandit 1.6.2 flags this (it compares the string "False"), but a string is a CA bundle path
# to requests, not a way to turn checks off.
# ok: bandit-b501-request-with-no-cert-validation
requests.get("https://example.com", verify="False")
# Not an HTTP verb in either Bandit version (requests.request is not listed).
# ok: bandit-b501-request-with-no-cert-validation
requests.request("GET", url, verify=False)
# An object of unknown type: neither tool knows session is a requests.Session.
session = requests.Session()
# ok: bandit-b501-request-with-no-cert-validation
session.get(url, verify=False)
# ok: bandit-b501-request-with-no-cert-validation
urllib3.PoolManager().request("GET", url)
# ok: bandit-b501-request-with-no-cert-validation
model.get(key, verify=False)
