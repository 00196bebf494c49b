doc = """first line
second line with 'quotes' and "double" quotes
third \
ends here"""
raw = r'''raw \''' still raw'''
joined = "abc\
def"
bytes_ = b'abc\
def'
empty = """"""
quad = """a""""
nested = '''"""'''
after = 1
