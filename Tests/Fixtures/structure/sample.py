"""Module docstring: pass TODO inside a docstring is not a stub."""
import os
import numpy as np, torch.nn as nn
from . import sibling
from ..pkg.base import Base as B, helper
from typing import (
    Protocol,
    overload,
)
from abc import ABC, abstractmethod
from x import *

SEED: int = 3
os.environ["WANDB_MODE"] = "offline"
a, (b, c) = 1, (2, 3)
counter += 1


@dataclass(frozen=True)
class Config(B, metaclass=Meta):
    """Config doc."""
    lr: float = 1e-3

    @staticmethod
    def make(x, *args, y=lambda p, q: p, **kw) -> "Config":
        def inner():
            return torch.Generator().manual_seed(x)
        return inner()

    async def fetch(self, /, a, *, b):
        await self.client.get(url=a, timeout=b)


class Abstract(ABC):
    @abstractmethod
    def forward(self, x):
        raise NotImplementedError

    def todo(self):
        """Only a docstring."""

    def later(self):
        raise RuntimeError("coming soon")


def stub_pass():
    pass


def stub_ellipsis(): ...


def handler():
    try:
        run()
    except Exception:
        pass  # TODO: log this


class Error(Exception):
    pass


if __name__ == "__main__":
    torch.manual_seed(
        0,
    )
    main(cfg=Config(lr=2), *extra)
