import requests


def _get(url):
    # The source of app.py's flow.
    # source: py-flow-download-to-exec
    return requests.get(url, timeout=10).text


def download(url):
    return _get(url)
