# -*- coding: latin-1 -*-
name = 'été'
café = 1
