import argparse
import os

import torch
import yaml

from tinyml.data import batches, load_corpus
from tinyml.model import TinyLM
from tinyml.seeding import set_seed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/base.yaml")
    parser.add_argument("--data", default="data/input.txt")
    parser.add_argument("--resume", default=None, help="checkpoint to continue from")
    parser.add_argument("--seed", type=int, default=1337)
    args = parser.parse_args()
    with open(args.config) as f:
        cfg = yaml.safe_load(f)
    set_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    data, vocab = load_corpus(args.data)
    n = int(0.9 * len(data))
    train_data, val_data = data[:n], data[n:]
    model = TinyLM(vocab_size=len(vocab), n_embd=cfg["model"]["n_embd"], n_layer=cfg["model"]["n_layer"]).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["train"]["lr"])
    start = 0
    if args.resume:
        checkpoint = torch.load(args.resume, map_location=device)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        start = checkpoint["iter"] + 1
    for it in range(start, cfg["train"]["max_iters"]):
        x, y = batches(train_data, cfg["train"]["batch_size"])
        logits = model(x.to(device))
        loss = torch.nn.functional.cross_entropy(logits.view(-1, len(vocab)), y.to(device).view(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    os.makedirs(cfg["train"]["out_dir"], exist_ok=True)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "iter": it},
               os.path.join(cfg["train"]["out_dir"], "ckpt.pt"))


if __name__ == "__main__":
    main()
