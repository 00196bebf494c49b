# -*- coding: cp1252 -*-
price = "€ 5"  # “quoted”
naïve = 1
