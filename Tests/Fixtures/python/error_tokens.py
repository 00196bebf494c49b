a = $b ? c
!x
d = 1 ` 2
vw
e = 0777 + 0x + 1__0 + 1_ + 1e+ + 1.e5j + 0_0
f = 1if 1else 2
