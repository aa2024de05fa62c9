#!/bin/bash
# ruleid: yara.crypto_miners.miner_cli_pool_args, yara.crypto_miners.mining_pool_host
./lolMiner --algo ETCHASH --pool etc.2miners.com:1010 --user $WALLET.rig1

# ruleid: yara.crypto_miners.miner_only_flags
"$BIN" --randomx-1gb-pages --cpu-priority 5 -c config.json
