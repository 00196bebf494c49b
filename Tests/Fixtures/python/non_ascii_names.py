ñame = 1
π = 3.14
变量 = ñame + π
class Größe:
    wert = 'größe ü'
print(变量, Größe.wert)  # ümlaut comment
x = '日本語'  ;  y = 'ok'
ℌ = 2
½ = 1
١٢ = 3
