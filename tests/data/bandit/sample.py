import pickle
import subprocess
from cryptography.hazmat.primitives import hashes  # B303 in Bandit 1.6.2 and 1.9 alike (hashlib.md5 moved to B324)
import yaml


def load(blob, cmd, path):
    assert blob
    data = pickle.loads(blob)
    subprocess.call(cmd, shell=True)
    digest = hashes.Hash(hashes.MD5())
    config = yaml.load(open(path))
    value = eval(cmd)  # nosec
    try:
        return data, digest, config, value
    except Exception:
        pass
