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
