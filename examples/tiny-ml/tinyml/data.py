import os

import numpy as np
import torch


def load_corpus(path):
    """Characters of a text file as ids, and the vocabulary."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except:
        text = "hello tiny world\n" * 100
    vocab = sorted(set(text))
    stoi = {ch: i for i, ch in enumerate(vocab)}
    return torch.tensor([stoi[ch] for ch in text], dtype=torch.long), vocab


def split(data, fraction=0.9):
    n = int(fraction * len(data))
    return data[:n], data[n:]


def batches(data, batch_size, block_size=16):
    starts = np.random.randint(0, len(data) - block_size - 1, size=batch_size)
    x = torch.stack([data[s:s + block_size] for s in starts])
    y = torch.stack([data[s + 1:s + block_size + 1] for s in starts])
    return x, y


def cache_path(out_dir):
    return os.path.join(out_dir, "corpus.pt")
