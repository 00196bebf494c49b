total = 1 + \
    2 + \
        3
if total and \
   total:
    pass
x = [
    1,

    # comment inside brackets
    2,
]   # trailing
y = (1,
2)
\
z = 3
