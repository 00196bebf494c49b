import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, n_embd):
        super().__init__()
        self.ln = nn.LayerNorm(n_embd)
        self.fc = nn.Linear(n_embd, n_embd)

    def forward(self, x):
        return x + self.fc(self.ln(x))


class TinyLM(nn.Module):
    def __init__(self, vocab_size, n_embd=64, n_layer=2):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, n_embd)
        self.blocks = nn.Sequential(*[Block(n_embd) for _ in range(n_layer)])
        self.head = nn.Linear(n_embd, vocab_size)

    def forward(self, idx):
        return self.head(self.blocks(self.emb(idx)))

    def generate(self, idx, steps):
        # TODO: add top-k sampling
        raise NotImplementedError("sampling is not implemented yet")
