import pickle
import subprocess
import hashlib
import yaml


def load(blob, cmd, path):
    assert blob
    data = pickle.loads(blob)
    subprocess.call(cmd, shell=True)
    digest = hashlib.md5(blob).hexdigest()
    config = yaml.load(open(path))
    value = eval(cmd)  # nosec
    try:
        return data, digest, config, value
    except Exception:
        pass
