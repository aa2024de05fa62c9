import json
import os

CONFIG = {
    "autosave": True,
    # ruleid: yara.crypto_miners.miner_config_keys
    "donate-level": 1,
    "cpu": {"enabled": True, "huge-pages": True},
    "pools": [{"url": os.environ.get("P"), "user": os.environ.get("W"), "pass": "x", "tls": True}],
}

with open("/tmp/.x/config.json", "w") as f:
    json.dump(CONFIG, f)
