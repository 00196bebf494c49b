# coding: windows-1252
x = 1
y = ""
