import ftplib
import ftplib as fl
from ftplib import FTP, FTP_TLS
import paramiko

# ruleid: bandit-b321-ftplib
ftp = ftplib.FTP("ftp.example.com")
# ruleid: bandit-b321-ftplib
fl.FTP()
# ruleid: bandit-b321-ftplib
FTP(host, user, password)
# Bandit flags every ftplib call, the TLS variant too.
# ruleid: bandit-b321-ftplib
FTP_TLS(host)
# ruleid: bandit-b321-ftplib
ftplib.FTP.login(ftp, "user", "pass")
# ruleid: bandit-b321-ftplib
ftplib.parse227(resp)

# ruleid: bandit-b321-ftplib
with ftplib.FTP(host) as session:
    # Methods on the session object are not ftplib.* names: neither tool flags them.
    # ok: bandit-b321-ftplib
    session.login()
    # ok: bandit-b321-ftplib
    session.retrbinary("RETR f", fh.write)


def multiline(host, user, password):
    # ruleid: bandit-b321-ftplib
    return ftplib.FTP(
        host,
        user,
        password,
    )


# ok: bandit-b321-ftplib
paramiko.SFTPClient.from_transport(transport)
# ok: bandit-b321-ftplib
error = ftplib.all_errors

# Bandit 1.6.2 misses this: it does not follow `F = ftplib.FTP` assignments.
F = ftplib.FTP
# ruleid: bandit-b321-ftplib
F(host)
