# leading comment

   # indented comment

def f():
    x = 1
        # deeper comment
    # same level comment


    return x  # trailing
#final
