import asyncio

async def fetch(session, url):
    async with session.get(url) as resp:
        async for chunk in resp.content:
            await asyncio.sleep(0)
    return await resp.text()

match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case Point(x=0, y=0) | {"k": _, **rest}:
        print("origin")
    case _:
        pass

type = 5
match = {"type": type}
case = match["type"]
type Alias = int
print(match, case)

def f(a, /, b, *, c) -> int:
    x: int = 1
    x **= 2; x //= 3; x >>= 1; x <<= 1; x @= m; x ^= 1; x |= 2; x &= 3; x %= 4; x -= 1; x += 1; x *= 2; x /= 2
    return a if a != b else c ... ~x

@decorator
@decorator.with_args(1, key=[1, 2])
class C: ...

lambda: (yield)
