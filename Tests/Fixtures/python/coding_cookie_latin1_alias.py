# vim: set fileencoding=latin1 :
x = 'ÿ'
