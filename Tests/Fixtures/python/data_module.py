import os, json
import numpy as np

DATA_DIR = os.environ.get('DATA_DIR', "./data")

def load(split='train', *, limit=None, **kwargs):
    path = os.path.join(DATA_DIR, f'{split}.bin')
    data = np.memmap(path, dtype=np.uint16, mode='r')
    if limit is not None:
        data = data[:limit]
    return data

class Loader:
    """Iterates random blocks.

    Example::

        >>> loader = Loader(load(), block_size=8)
        >>> next(iter(loader))
    """
    def __init__(self, data, block_size=1024, seed=1337):
        self.data, self.block_size = data, block_size
        self.rng = np.random.default_rng(seed)
    def __iter__(self):
        while True:
            ix = self.rng.integers(len(self.data) - self.block_size, size=(4,))
            yield np.stack([self.data[i:i + self.block_size] for i in ix])

with open(os.devnull, "w") as fh, open(os.devnull) as fr:
    json.dump({"a": [1, 2.5, -3j, 1e-3, .5, 5., 0o17, 0b1010, 1_000_000]}, fh)
