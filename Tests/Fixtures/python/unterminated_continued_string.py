x = 'abc\
def
y = 2
