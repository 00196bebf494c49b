#!/usr/bin/env python
# vim: set fileencoding=koi8-r :
привет = "мир"
