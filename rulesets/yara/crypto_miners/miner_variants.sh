#!/bin/bash
# ruleid: yara.crypto_miners.miner_cli_pool_args
minerd -a scrypt -o $POOL -u worker.1 -p x

# ruleid: yara.crypto_miners.mining_pool_host
POOL_HOST=xmr-eu1.nanopool.org:14433
