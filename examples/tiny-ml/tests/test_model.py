import torch

from tinyml.model import TinyLM


def test_forward_shape():
    model = TinyLM(vocab_size=10)
    out = model(torch.zeros(1, 4, dtype=torch.long))
    assert out.shape == (1, 4, 10)
