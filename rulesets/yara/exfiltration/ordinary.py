"""Ordinary use of tokens and of the environment in model code."""
import json
import os
import subprocess

import requests
from huggingface_hub import hf_hub_download

API = "https://api-inference.example.com/v1/generate"


def download(repo_id: str, filename: str) -> str:
    # The token goes to the library it belongs to.
    # ok: yara.exfiltration.token_in_request_body, yara.exfiltration.secret_to_exfil_channel
    token = os.environ.get("HF_TOKEN")
    return hf_hub_download(repo_id, filename, token=token)


def generate(prompt: str) -> str:
    # A token as the credential of the service it is for: an Authorization header.
    # ok: yara.exfiltration.token_in_request_body
    response = requests.post(API, headers={"Authorization": f"Bearer {os.environ['HF_TOKEN']}"}, json={"inputs": prompt}, timeout=30)
    return response.json()["generated_text"]


def train_on_gpu(cmd: list) -> None:
    # A copy of the environment for a child process.
    # ok: yara.exfiltration.env_dump_exfil
    env = os.environ.copy()
    env["CUDA_VISIBLE_DEVICES"] = "0"
    subprocess.run(cmd, env=env, check=True)
    requests.post("https://tracker.example.com/runs", json={"status": "done"}, timeout=5)
