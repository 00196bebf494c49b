def f(a,
      b):
    '''doc
    string'''
    return a + \
        b

# done
