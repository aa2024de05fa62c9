"""Pre-training script for the Tiny model (run by hand; transformers never imports it).

    python train.py --data corpus.txt --out checkpoints/ [--resume checkpoints/last.ckpt]
"""

import argparse
import logging
import os
import subprocess

import torch

from configuration_tiny import TinyConfig
from modeling_tiny import TinyForCausalLM
from tokenization_tiny import TinyTokenizer

logger = logging.getLogger("train")


def log_gpus():
    try:
        result = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total", "--format=csv"],
                                capture_output=True, text=True, check=False)
        logger.info("GPUs:\n%s", result.stdout.strip())
    except FileNotFoundError:
        logger.info("nvidia-smi not found; training on CPU")


def batches(path, tokenizer, seq_len, batch_size):
    with open(path, encoding="utf-8") as f:
        ids = tokenizer(f.read(), add_special_tokens=False)["input_ids"]
    block = seq_len * batch_size
    for start in range(0, len(ids) - block, block):
        chunk = torch.tensor(ids[start:start + block]).view(batch_size, seq_len)
        yield chunk


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", default="checkpoints")
    parser.add_argument("--resume")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--lr", type=float, default=3e-4)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    log_gpus()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = TinyTokenizer()
    model = TinyForCausalLM(TinyConfig()).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    step = 0
    if args.resume:
        # Full training checkpoint: model, optimizer and step (written by this script).
        ckpt = torch.load(args.resume, map_location=device)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        step = ckpt["step"]

    os.makedirs(args.out, exist_ok=True)
    model.train()
    for batch in batches(args.data, tokenizer, seq_len=128, batch_size=8):
        if step >= args.steps:
            break
        batch = batch.to(device)
        loss = model(batch, labels=batch, return_dict=True).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        step += 1
        if step % 100 == 0:
            logger.info("step %d loss %.4f", step, loss.item())
            state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step}
            torch.save(state, os.path.join(args.out, "last.ckpt"))
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)


if __name__ == "__main__":
    main()
