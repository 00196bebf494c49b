import torch

from tinyml.data import split


def test_split_keeps_every_token():
    data = torch.arange(100)
    train, val = split(data)
    assert len(train) + len(val) == 100
