if True:
	x = 1
	if x:
		y = 2
        z = 3

def g():
        return 1
class K:
  pass
