"""Names renamed since the last release keep working for a while, with a warning that names the new one."""

from __future__ import annotations

import functools
import importlib.abc
import importlib.util
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



def moved_names(module: str, names: dict[str, str]):
    """A module ``__getattr__`` that still finds `names` that moved out of `module` (``{name: the
    module it is in now}``), with a :class:`FutureWarning`.

    >>> import warnings
    >>> find = moved_names("old_place", {"renamed_arguments": "retention_kit.compat"})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     find("renamed_arguments") is renamed_arguments
    True
    >>> str(caught[0].message)
    'old_place.renamed_arguments is now retention_kit.compat.renamed_arguments; the old name will stop working in a later release'
    """
    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(f"{module}.{name} is now {names[name]}.{name}; the old name will stop working in a later "
                      "release", FutureWarning, stacklevel=2)
        return getattr(importlib.import_module(names[name]), name)

    return __getattr__


#: Modules that moved: their old import path keeps working for a while, with a FutureWarning.
MOVED_MODULES = {
    "retention_kit.pareto_nbd": "retention_kit.clv.models.pareto_nbd",
    "retention_kit.bgbb": "retention_kit.clv.models.bgbb",
    "retention_kit.mbgnbd": "retention_kit.clv.models.mbgnbd",
}


class MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports a module of :data:`MOVED_MODULES` by its old path as the module at its new one, with
    a :class:`FutureWarning` that names the new path (installed by ``import retention_kit``).

    >>> import sys, warnings
    >>> _ = sys.modules.pop("retention_kit.pareto_nbd", None)   # as in a fresh process
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     from retention_kit.pareto_nbd import fit_pareto_nbd
    >>> fit_pareto_nbd.__module__, "retention_kit.clv.models.pareto_nbd" in str(caught[0].message)
    ('retention_kit.clv.models.pareto_nbd', True)
    """

    def find_spec(self, name, path=None, target=None):
        return importlib.util.spec_from_loader(name, self) if name in MOVED_MODULES else None

    def create_module(self, spec):
        new = MOVED_MODULES[spec.name]
        warnings.warn(f"{spec.name} is now {new}; the old name will stop working in a later release",
                      FutureWarning, stacklevel=2)
        return importlib.import_module(new)

    def exec_module(self, module) -> None:
        """The module at the new path is imported already."""
