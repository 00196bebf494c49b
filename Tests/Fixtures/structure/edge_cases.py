# Constructs the structure reader must agree with CPython's ast on.
import os.path as osp, sys
from .. import (a as b,
                c)
from ...deep.mod import *


def outer(x, y=(1, 2), *, z=lambda p, q=3: p):
    class Local(dict):
        def method(self): return self.get("k")
    if x:
        def branch():
            return (x.y).z()
    else:
        branch = None
    return Local, branch


@decorate.with_args(1)(2)
@plain
class Thing(Base[int], other.Mixin, metaclass=Meta, **extra):
    value = compute() ; other = [f(i) for i in range(3)]

    @property
    def prop(self) -> int:
        return data[0].astype(int)[1:].sum()

    async def go(self):
        async with lock() as l:
            await l.run(
                a=1,
                b=g(2),
            )
        return [h(v) async for v in self.items()]


def continued(a, \
              b):
    s = """multi
    line ( not a call )
    """
    t = f"{s!r} {fmt(a)}"
    return (sys
            .exit)(0)


def match_it(cmd):
    match cmd.split():
        case [name, *rest] if check(name):
            return run(name)
        case _:
            return None


(lambda: 0)()
x = y = z(1)
items[0](2)
obj.attr[1].call()(3)(4)
print("done"); os.path.join("a", "b")
if __name__ == "__main__":
    outer(1)
msg = f"mem {torch.cuda.memory_allocated() / 1e9:.2f} {d['k']!r} {{literal}} {f'{inner(1)}'} {x!=y}"
report = f"""
total {len(items)} at {time.strftime("%H:%M"):>{width(3)}}
"""
