"""Registries: one per kind of extension, filled by built-ins and plug-ins.

presswatch has one registry per kind of thing it can be extended with:

============== ========================= ==========================================
kind           registry                  entry-point group
============== ========================= ==========================================
stages         ``core.pipeline.STAGES``  ``presswatch.stages``
languages      ``lang.LANGUAGES``        ``presswatch.languages``
readers        ``readers.READERS``       ``presswatch.readers``
writers        ``outputs.WRITERS``       ``presswatch.writers``
stores         ``corpus.store.STORES``   ``presswatch.stores``
commands       ``cli.COMMANDS``          ``presswatch.commands``
web renderers  ``web.renderers.RENDERERS`` ``presswatch.renderers``
============== ========================= ==========================================

A registry knows three sources of entries, looked up in this order:

1. entries registered while the program runs (:meth:`Registry.register`,
   which decorators such as :func:`presswatch.stage` call);
2. the built-ins, a table of ``name -> "module:attribute"`` written once
   where the registry is defined and imported only when the name is used;
3. the entry points of installed packages in the registry's group
   (``importlib.metadata``), discovered the first time a name is not found
   otherwise or the full list is asked for.

So ``import presswatch`` imports no extension, and a separate package adds
one with a single line in its ``pyproject.toml``::

    [project.entry-points."presswatch.writers"]
    yaml = "presswatch_yaml:YAMLWriter"

Loading a reference imports its module; if that import registered the name
(a decorator did), that entry is used, else the attribute itself, checked
by the registry's ``coerce`` function.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, Generic, TypeVar

from presswatch.core.errors import RegistryError

T = TypeVar("T")


def load_reference(reference: str) -> Any:
    """The object a ``"module:attribute"`` (or ``"module"``) reference names."""
    module_name, _, attribute = reference.partition(":")
    module = importlib.import_module(module_name)
    value: Any = module
    for part in attribute.split(".") if attribute else ():
        value = getattr(value, part)
    return value


@cache
def _installed_entry_points() -> Any:
    """Every installed entry point, read once per process."""
    from importlib.metadata import entry_points  # ~40 ms: only when a plug-in may be asked for

    return entry_points()


def _entry_points(group: str) -> dict[str, Any]:
    """The entry points of ``group``, by name (first one wins on duplicates)."""
    found: dict[str, Any] = {}
    for entry in _installed_entry_points().select(group=group):
        found.setdefault(entry.name, entry)
    return found


def forget_installed_entry_points() -> None:
    """Read the installed entry points again (after installing a plug-in at run time)."""
    _installed_entry_points.cache_clear()


class Registry(Generic[T]):
    """Named entries of one kind (see the module docstring)."""

    def __init__(
        self,
        kind: str,
        group: str,
        builtins: Mapping[str, str] | None = None,
        coerce: Callable[[str, Any], T] | None = None,
    ) -> None:
        self.kind = kind
        self.group = group
        self._builtins = dict(builtins or {})
        self._coerce = coerce
        self._values: dict[str, T] = {}
        self._plugins: dict[str, Any] | None = None
        self._from_plugins: set[str] = set()

    def register(self, name: str, value: T) -> T:
        """Add (or replace) the entry ``name``; returns ``value``."""
        self._values[name] = value
        return value

    def unregister(self, name: str) -> None:
        """Forget an entry registered at run time (a built-in or plug-in
        entry is loaded again on its next use)."""
        self._values.pop(name, None)

    def get(self, name: str) -> T:
        """The entry ``name``; :class:`RegistryError` lists the known names."""
        if name in self._values:
            return self._values[name]
        if name in self._builtins:
            return self._load(name, lambda: load_reference(self._builtins[name]))
        plugin = self.plugins().get(name)
        if plugin is not None:
            self._from_plugins.add(name)
            return self._load(name, plugin.load)
        known = ", ".join(self.names())
        raise RegistryError(f"unknown {self.kind} {name!r} (known: {known})")

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (
            name in self._values or name in self._builtins or name in self.plugins()
        )

    def builtin_names(self) -> list[str]:
        """The built-in names, in the order they were written."""
        return list(self._builtins)

    def names(self) -> list[str]:
        """Every known name: built-ins in their order, then plug-ins and
        entries registered at run time, sorted. Loads nothing."""
        extra = (set(self.plugins()) | set(self._values)) - set(self._builtins)
        return self.builtin_names() + sorted(extra)

    def items(self) -> Iterator[tuple[str, T]]:
        """Every entry, loaded, in :meth:`names` order."""
        for name in self.names():
            yield name, self.get(name)

    def plugins(self) -> dict[str, Any]:
        """The entry points of this registry's group (discovered once)."""
        if self._plugins is None:
            self._plugins = _entry_points(self.group)
        return self._plugins

    def rescan(self) -> None:
        """Discover the entry points again (see :func:`forget_installed_entry_points`),
        forgetting the plug-ins loaded so far."""
        for name in self._from_plugins:
            self._values.pop(name, None)
        self._from_plugins.clear()
        self._plugins = None

    def _load(self, name: str, load: Callable[[], Any]) -> T:
        try:
            loaded = load()
        except (ImportError, AttributeError) as exc:
            raise RegistryError(f"cannot load the {self.kind} {name!r}: {exc}") from exc
        if name in self._values:  # importing the module registered it (a decorator)
            return self._values[name]
        value = self._coerce(name, loaded) if self._coerce is not None else loaded
        return self.register(name, value)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, group={self.group!r})"
