"""Free text that reaches a report is scrubbed of what could identify a person.

Customers type anything into a free-text field: their e-mail address, a phone
number, their customer or order number. :func:`scrub` replaces those with a
placeholder before a text is shown in a table.

Examples
--------
>>> import pandas as pd
>>> scrub(pd.Series(["te duur, klant C004417", "mail me at jan@example.nl", "bel 06-12345678", "too expensive"])).tolist()
['te duur, klant [number]', 'mail me at [e-mail]', 'bel [phone]', 'too expensive']
"""

from __future__ import annotations

import pandas as pd

__all__ = ["scrub"]

#: (pattern, placeholder), applied in this order.
PATTERNS = [
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "[e-mail]"),
    (r"\+?\d[\d\s()./-]{6,}\d", "[phone]"),      # 8+ characters of digits and separators
    (r"\b[#A-Za-z]{0,3}\d[\w-]{2,}\b", "[number]"),  # ids such as C004417, #4411, 12345, NL-2231
]


def scrub(texts: pd.Series) -> pd.Series:
    """`texts` with e-mail addresses, phone numbers and id-like numbers replaced by placeholders."""
    out = texts.astype("string")
    for pattern, placeholder in PATTERNS:
        out = out.str.replace(pattern, placeholder, regex=True)
    return out.astype(object).where(texts.notna(), None)
