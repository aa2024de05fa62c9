# Tests for py-net-tls-verify-disabled: `warden test-rules rulesets/core`.
import httpx
import requests
import requests as rq
from requests import post as send


def download(url):
    # ruleid: py-net-tls-verify-disabled
    return requests.get(url, verify=False)


def download_with_options(url):
    # ruleid: py-net-tls-verify-disabled
    return requests.get(url, timeout=30, verify=False, stream=True)


def other_false_constants(url, data):
    # ruleid: py-net-tls-verify-disabled
    requests.post(url, data=data, verify=0)
    # ruleid: py-net-tls-verify-disabled
    requests.put(url, data=data, verify=None)


def generic_request(url):
    # ruleid: py-net-tls-verify-disabled
    return requests.request("GET", url, verify=False)


def import_as(url):
    # ruleid: py-net-tls-verify-disabled
    return rq.head(url, verify=False)


def from_import_as(url, payload):
    # ruleid: py-net-tls-verify-disabled
    return send(url, json=payload, verify=False)


def variable_alias(url):
    fetch = requests.get
    # ruleid: py-net-tls-verify-disabled
    return fetch(url, verify=False)


def dunder_import(url):
    # ruleid: py-net-tls-verify-disabled
    return __import__("requests").get(url, verify=False)


def httpx_calls(url):
    # ruleid: py-net-tls-verify-disabled
    httpx.get(url, verify=False)
    # ruleid: py-net-tls-verify-disabled
    with httpx.Client(verify=False) as client:
        return client.get(url)


def httpx_async():
    # ruleid: py-net-tls-verify-disabled
    return httpx.AsyncClient(base_url="https://example.org", verify=False)


def session(url):
    # Methods of a Session object are not resolved to requests.
    s = requests.Session()
    # todoruleid: py-net-tls-verify-disabled
    return s.get(url, verify=False)


def session_attribute(url):
    s = requests.Session()
    # todoruleid: py-net-tls-verify-disabled
    s.verify = False
    return s.get(url)


def verified(url, data, ca_bundle):
    # ok: py-net-tls-verify-disabled
    requests.get(url)
    # ok: py-net-tls-verify-disabled
    requests.get(url, verify=True)
    # ok: py-net-tls-verify-disabled
    requests.post(url, data=data, verify=ca_bundle)
    # ok: py-net-tls-verify-disabled
    requests.get(url, verify="/etc/ssl/certs/ca-certificates.crt")
    # ok: py-net-tls-verify-disabled
    httpx.get(url, timeout=10)


def other_verify_keyword(model, batch):
    # verify= of an unrelated function.
    # ok: py-net-tls-verify-disabled
    model.check(batch, verify=False)
