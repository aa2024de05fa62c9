import urllib
import urllib.request
import urllib.request as ur
from urllib.request import urlopen, urlretrieve
from urllib.request import URLopener, FancyURLopener
from urllib import request
from six.moves.urllib.request import urlopen as six_urlopen
import urllib2
import requests

# ruleid: bandit-b310-urllib-urlopen
urllib.request.urlopen(url)
# ruleid: bandit-b310-urllib-urlopen
ur.urlopen(url, timeout=10)
# ruleid: bandit-b310-urllib-urlopen
urlopen(url)
# ruleid: bandit-b310-urllib-urlopen
path, info = urlretrieve(url, "out.bin")
# ruleid: bandit-b310-urllib-urlopen
URLopener().open(url)
# ruleid: bandit-b310-urllib-urlopen
FancyURLopener()
# ruleid: bandit-b310-urllib-urlopen
data = request.urlopen(url, timeout=15).read()
# ruleid: bandit-b310-urllib-urlopen
six_urlopen(url)
# Python 2's names are in Bandit's list.
# ruleid: bandit-b310-urllib-urlopen
urllib.urlopen(url)
# ruleid: bandit-b310-urllib-urlopen
urllib2.urlopen(url)
# ruleid: bandit-b310-urllib-urlopen
urllib2.Request(url)

# ruleid: bandit-b310-urllib-urlopen
with urlopen(url) as response:
    body = response.read()


def multiline(url, path):
    # ruleid: bandit-b310-urllib-urlopen
    urllib.request.urlretrieve(
        url,
        path,
    )


# Building a request is not opening it (urllib2.Request is listed, urllib.request.Request is not).
# ok: bandit-b310-urllib-urlopen
req = urllib.request.Request(url)
# Other clients are not urllib's openers.
# ok: bandit-b310-urllib-urlopen
requests.get(url, timeout=10)
# ok: bandit-b310-urllib-urlopen
urllib.parse.urlparse(url)

# Bandit 1.6.2 misses this: it does not follow `fetch = urllib.request.urlopen` assignments.
fetch = urllib.request.urlopen
# ruleid: bandit-b310-urllib-urlopen
fetch(url)


class Client:
    def urlopen(self, url):
        return url


# ok: bandit-b310-urllib-urlopen
Client().urlopen(url)
