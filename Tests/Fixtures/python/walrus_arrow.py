def f(x: int) -> list[int]:
    if (n := len(x)) > 10:
        return [y := n, y ** 2]
    return [*x, *[]]
print(f'{(z:=1)}')
