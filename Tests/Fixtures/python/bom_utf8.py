# a BOM file
x = 'é'
