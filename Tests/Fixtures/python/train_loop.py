"""Training entry point for a small classifier."""
from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field
from typing import Optional

import torch
import torch.nn as nn


@dataclass
class TrainConfig:
    lr: float = 3e-4
    weight_decay: float = 0.1
    batch_size: int = 32
    max_steps: int = 10_000
    warmup: int = 0x1F4
    betas: tuple[float, float] = (0.9, 0.95)
    tags: list[str] = field(default_factory=list)
    out_dir: Optional[str] = None


class MLP(nn.Module):
    def __init__(self, d_in: int, d_hidden: int, d_out: int) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d_in, d_hidden),
            nn.GELU(),  # smooth activation
            nn.Linear(d_hidden, d_out),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def lr_at(step: int, cfg: TrainConfig) -> float:
    if step < cfg.warmup:
        return cfg.lr * (step + 1) / cfg.warmup
    progress = (step - cfg.warmup) / max(1, cfg.max_steps - cfg.warmup)
    return 0.5 * cfg.lr * (1.0 + math.cos(math.pi * progress))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lr", type=float, default=3e-4)
    args = parser.parse_args(argv)
    cfg = TrainConfig(lr=args.lr)
    model = MLP(16, 64, 2)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, betas=cfg.betas)
    for step in range(cfg.max_steps):
        x = torch.randn(cfg.batch_size, 16)
        y = (x.sum(dim=-1) > 0).long()
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        for group in opt.param_groups:
            group["lr"] = lr_at(step, cfg)
        opt.step()
        if step % 100 == 0:
            print(f"step {step:>6d} loss {loss.item():.4f} lr {opt.param_groups[0]['lr']:.2e}")
        elif step % 7 == 0 and (loss := loss.detach()) is not None:
            pass
    torch.save({"model": model.state_dict(), "cfg": vars(cfg)}, f"{cfg.out_dir or '.'}/ckpt.pt")


if __name__ == "__main__":
    main()
