"""The normal quantile of every 95 % interval the package reports.

>>> round(Z95, 6)
1.959964
"""

#: The 97.5 % quantile of the standard normal distribution: a 95 % interval is estimate ± Z95 × SE.
Z95 = 1.959963984540054
