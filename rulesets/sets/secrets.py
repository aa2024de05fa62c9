# Every member of `sources secrets`, and look-alikes that are not. Hostile-looking sample:
# never run it.
import os
import subprocess
from os import environ, getenv
from pathlib import Path

import boto3
import browser_cookie3
import keyring
import netrc
import win32crypt
from huggingface_hub import HfFolder, get_token
from huggingface_hub.constants import HF_TOKEN_PATH

TOKEN_NAME = "GITHUB_TOKEN"

# Environment variables named like secrets.
# ruleid: sources.secrets
hf = os.environ.get("HF_TOKEN")
# ruleid: sources.secrets
aws = os.getenv("AWS_SECRET_ACCESS_KEY")
# ruleid: sources.secrets
openai = os.environ["OPENAI_API_KEY"]
# ruleid: sources.secrets
db = os.environ.get("DB_PASSWORD", "")
# ruleid: sources.secrets
pg = getenv("PGPASSWD_SECRET")
# ruleid: sources.secrets
gac = environ["GOOGLE_APPLICATION_CREDENTIALS"]
# ruleid: sources.secrets
deploy = os.environ.get("DEPLOY_PRIVATE_KEY")
# ruleid: sources.secrets
azure = os.environ.get("AZURE_STORAGE_CONNECTION_STRING")
# ruleid: sources.secrets
smtp = os.environ.get("SMTP_PASS")
# ruleid: sources.secrets
lower = os.getenv("hf_token")
# The name through a constant.
# ruleid: sources.secrets
gh = os.environ.get(TOKEN_NAME)
# ruleid: sources.secrets
popped = os.environ.pop("WANDB_API_KEY", None)
# Names listed for a loop.
# ruleid: sources.secrets
for name in ("AWS_SESSION_TOKEN", "HF_HOME"):
    value = os.environ.get(name)

# Look-alikes: variables that are no secret, and flags and limits about one.
# ok: sources.secrets
home = os.environ.get("HOME")
# ok: sources.secrets
devices = os.getenv("CUDA_VISIBLE_DEVICES")
# TOKENIZERS is not a token.
# ok: sources.secrets
parallel = os.environ["TOKENIZERS_PARALLELISM"]
# ok: sources.secrets
limit = os.environ.get("MAX_TOKENS")
# ok: sources.secrets
hf_home = os.environ.get("HF_HOME")
# ok: sources.secrets
implicit = os.environ.get("HF_HUB_DISABLE_IMPLICIT_TOKEN")
# ok: sources.secrets
token_url = os.environ.get("OAUTH_TOKEN_URL")
# ok: sources.secrets
through = os.environ.get("PASS_THROUGH")
# ok: sources.secrets
cwd = os.environ.get("PWD")
# A secret's name written, not read: only names listed for a loop count.
# ok: sources.secrets
message = "set HF_TOKEN to download gated models"
# ok: sources.secrets
key = "HF_TOKEN"
# ok: sources.secrets
special = ["max_tokens", "pad_token"]

# The whole environment.
# ruleid: sources.secrets
snapshot = dict(os.environ)
# ruleid: sources.secrets
copied = os.environ.copy()
# ruleid: sources.secrets
for k, v in os.environ.items():
    pass
# ruleid: sources.secrets
values = list(os.environ.values())
# ruleid: sources.secrets
text = str(os.environ)
# ruleid: sources.secrets
shown = repr(environ)
# ruleid: sources.secrets
merged = {**os.environ}
# ruleid: sources.secrets
by_name = {k: os.environ[k] for k in os.environ}
# ruleid: sources.secrets
keys_only = [f"{k}={os.getenv(k)}" for k in os.environ if "KEY" in k]
for k in os.environ:
    # ruleid: sources.secrets
    print(os.environ.get(k))
# ok: sources.secrets
names = sorted(os.environ.keys())
# ok: sources.secrets
flags = {k: True for k in os.environ}
# ok: sources.secrets
has_token = "HF_TOKEN" in os.environ

# Credential files.
# ruleid: sources.secrets
rsa = (Path.home() / ".ssh" / "id_rsa").read_text()
# ruleid: sources.secrets
ed = open(os.path.expanduser("~/.ssh/id_ed25519")).read()
# ruleid: sources.secrets
aws_file = os.path.expanduser("~/.aws/credentials")
# ruleid: sources.secrets
aws_dir = Path.home() / ".aws"
# ruleid: sources.secrets
net = open(os.path.expanduser("~/.netrc")).read()
# ruleid: sources.secrets
docker = os.path.expanduser("~/.docker/config.json")
# ruleid: sources.secrets
kube = os.path.expanduser("~/.kube/config")
# ruleid: sources.secrets
gcloud = os.path.expanduser("~/.config/gcloud/application_default_credentials.json")
# ruleid: sources.secrets
azure_tokens = os.path.expanduser("~/.azure/accessTokens.json")
# ruleid: sources.secrets
pypirc = os.path.expanduser("~/.pypirc")
# ruleid: sources.secrets
gh_hosts = os.path.expanduser("~/.config/gh/hosts.yml")
# ruleid: sources.secrets
passwd = open("/etc/passwd").read()
# ruleid: sources.secrets
shadow = Path("/etc/shadow").read_text()

# Git credentials.
# ruleid: sources.secrets
git_store = os.path.expanduser("~/.git-credentials")
# ruleid: sources.secrets
filled = subprocess.run(["git", "credential", "fill"], input="protocol=https\nhost=github.com\n\n", capture_output=True, text=True)
# ruleid: sources.secrets
gh_token = subprocess.check_output("gh auth token", shell=True)
# ruleid: sources.secrets
keychain = subprocess.check_output(["security", "find-generic-password", "-s", "github.com", "-w"])
# ruleid: sources.secrets
printed = subprocess.getoutput("printenv")
# ok: sources.secrets
status = subprocess.run(["git", "status"], capture_output=True)

# The Hugging Face token.
# ruleid: sources.secrets
hub_file = os.path.join(os.path.expanduser("~"), ".cache/huggingface/token")
# ruleid: sources.secrets
hub_parts = Path.home() / ".cache" / "huggingface" / "token"
# ruleid: sources.secrets
hub_joined = os.path.join(os.path.expanduser("~"), ".cache", "huggingface", "token")
# ruleid: sources.secrets
stored = get_token()
# ruleid: sources.secrets
folder = HfFolder.get_token()
# ruleid: sources.secrets
token_path = HF_TOKEN_PATH
# The hub's cache directory is no secret.
# ok: sources.secrets
cache = os.environ.get("HF_HOME", "~/.cache/huggingface")
# ok: sources.secrets
hub_cache = Path.home() / ".cache" / "huggingface" / "hub"
# ok: sources.secrets
vocab = Path("model") / "token"

# AWS credentials resolved by boto3.
# ruleid: sources.secrets
creds = boto3.Session().get_credentials()

# Browser stores.
local = os.environ.get("LOCALAPPDATA")
# ruleid: sources.secrets
chrome = os.path.join(local, "Google", "Chrome", "User Data", "Default", "Network", "Cookies")
# ruleid: sources.secrets
chrome_dir = os.path.join(local, "Google/Chrome/User Data")
# ruleid: sources.secrets
logins = os.path.join(local, "Login Data")
# ruleid: sources.secrets
state = Path(local) / "Local State"
# ruleid: sources.secrets
cookie_path = Path(local) / "Cookies"
# ruleid: sources.secrets
linux_chrome = os.path.expanduser("~/.config/google-chrome/Default/Cookies")
# ruleid: sources.secrets
firefox = os.path.expanduser("~/.mozilla/firefox")
# ruleid: sources.secrets
ff_cookies = os.path.join(firefox, "cookies.sqlite")
# ruleid: sources.secrets
ff_logins = os.path.join(firefox, "logins.json")
# ruleid: sources.secrets
ff_key = os.path.join(firefox, "key4.db")
# ruleid: sources.secrets
jar = browser_cookie3.chrome(domain_name="github.com")
# ruleid: sources.secrets
plain = win32crypt.CryptUnprotectData(blob, None, None, None, 0)
# A word, not a path to a browser's store.
# ok: sources.secrets
label = "Cookies"
# ok: sources.secrets
consent = {"cookies": True}

# The keyring and netrc.
# ruleid: sources.secrets
pw = keyring.get_password("system", "user")
# ruleid: sources.secrets
auth = netrc.netrc()

# Ordinary files.
# ok: sources.secrets
config = open("config.json").read()
# ok: sources.secrets
hosts = open("/etc/hosts").read()
# ok: sources.secrets
known = "ssh-keygen"
