"""Metric learning with hard-negative mining: "miner" here is a sampler, not a coin miner."""
import argparse

from pytorch_metric_learning import losses, miners

# ok: yara.crypto_miners.miner_config_keys
CONFIG = {"algo": "ppo", "pool": "max", "url": "localhost:8080", "user": "trainer", "threads": 4}


def build(args):
    # ok: yara.crypto_miners.miner_cli_pool_args
    miner = miners.MultiSimilarityMiner(epsilon=0.1)
    loss = losses.TripletMarginLoss(margin=0.2)
    return miner, loss


def parse():
    parser = argparse.ArgumentParser()
    # ok: yara.crypto_miners.miner_only_flags
    parser.add_argument("--cpu-threads", type=int, default=4)
    parser.add_argument("--url", default="http://localhost:8080")
    return parser.parse_args()
