name = "world"
width = 10
value = 3.14159
print(f"hello {name!r:>{width}}")
print(f'{value:.{2}f} {value:{width}.3} {{literal}}')
print(F"{name + 'x'}" f'{"nested"}' rf"\d{name}" fR'{name}\n' Rf"{{}}")
print(f"""multi
{name}
line""")
print(f'''{value!s:^20}''')
d = {"a": 1}
print(f"{d['a']}" + f'{d["a"]=}')
