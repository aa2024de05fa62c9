import requests


def load_plugin(url):
    # ruleid: yara.download_exec.python_fetch_exec
    eval(compile(requests.get(url, timeout=10).text, "<plugin>", "exec"))
