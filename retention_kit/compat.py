"""Names renamed since the last release keep working for a while, with a warning that names the new one."""

from __future__ import annotations

import functools
import warnings


def renamed_arguments(**renames: str):
    """Accept the old keyword names of a function (``old="new"``), with a :class:`FutureWarning`.

    >>> @renamed_arguments(segment="by")
    ... def table(*, by=None):
    ...     return by
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     table(segment="channel")
    'channel'
    >>> str(caught[0].message)
    'table(segment=...) is now table(by=...); the old name will stop working in a later release'
    """
    def decorate(function):
        @functools.wraps(function)
        def accepting_old_names(*args, **kwargs):
            for old, new in renames.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(f"{function.__name__}() got {old}= and {new}=; {old} is the old name of {new}")
                warnings.warn(f"{function.__name__}({old}=...) is now {function.__name__}({new}=...); the old name "
                              "will stop working in a later release", FutureWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return accepting_old_names

    return decorate


def set_currency(code: str | None) -> None:
    """Gone: amounts are named in the currency of the language. Kept so that notebooks edited before
    still run (their amounts then carry no currency sign); it warns with what to write instead.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     set_currency("EUR")
    >>> "rk.locale(lang, currency)" in str(caught[0].message)
    True
    """
    warnings.warn("rk.set_currency(...) is gone; write lang = rk.locale(lang, currency) and pass lang as before "
                  "(amounts are then named in that currency)", FutureWarning, stacklevel=2)

