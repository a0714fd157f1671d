"""Document classes by name, and the identities of polymorphic classes.

Both mappers look classes up the same way: by name, for references given
as a string (``DocumentField('Author')``, ``db.register``), and by the
identity stored in a document, to load a polymorphic document as the
subclass that saved it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["ClassRegistry", "Polymorphism"]

C = TypeVar("C", bound=type)


class ClassRegistry(Generic[C]):
    """Classes by namespace and name; a later class of the same name
    replaces an earlier one (a module reloaded in development)."""

    def __init__(self) -> None:
        self._classes: dict[str, dict[str, C]] = {}

    def add(self, cls: C, name: str | None = None, namespace: str = "global") -> None:
        """Register ``cls`` under ``name`` (default: its ``__name__``)."""
        self._classes.setdefault(namespace, {})[name or cls.__name__] = cls

    def get(self, name: str, namespace: str = "global") -> C | None:
        """The class registered as ``name``, or None."""
        return self._classes.get(namespace, {}).get(name)

    def names(self, namespace: str = "global") -> list[str]:
        """The registered names of ``namespace``, sorted (for messages)."""
        return sorted(self._classes.get(namespace, {}))

    def classes(self) -> list[C]:
        """Every registered class, each once (all namespaces)."""
        found = (c for classes in self._classes.values() for c in classes.values())
        return list(dict.fromkeys(found))

    def __setitem__(self, name: str, cls: C) -> None:
        # The mapping spelling (``registry[name] = cls``, global namespace),
        # so code that keeps classes in a plain dict can be given either.
        self.add(cls, name)

    def namespaces(self) -> dict[str, dict[str, C]]:
        """The live ``{namespace: {name: class}}`` mapping (MongoAlchemy's
        ``document_type_registry`` shape); change it through :meth:`add`."""
        return self._classes

    def __contains__(self, name: object) -> bool:
        return any(name in classes for classes in self._classes.values())


class Polymorphism(Generic[C]):
    """The classes of one polymorphic tree, by the identity each stores.

    :param key: the stored field that holds the identity.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self._classes: dict[Any, C] = {}

    def add(self, identity: Any, cls: C) -> None:
        """``cls`` stores (and loads from) ``identity``."""
        self._classes[identity] = cls

    def class_for(self, stored: Mapping[str, Any], queried: C) -> C:
        """The class to load ``stored`` as, when ``queried`` was asked for:
        the class of its identity if that is ``queried`` or a subclass of it,
        otherwise ``queried`` itself."""
        found = self._classes.get(stored.get(self.key))
        if found is not None and issubclass(found, queried):
            return found
        return queried

    def identities(self, queried: type) -> list[Any]:
        """The identities a query on ``queried`` must match: its own and
        those of its subclasses."""
        return [i for i, cls in self._classes.items() if issubclass(cls, queried)]

    def subclasses(self, queried: type) -> Iterator[C]:
        """Every class of the tree that is ``queried`` or below it."""
        return (cls for cls in self._classes.values() if issubclass(cls, queried))

    def __repr__(self) -> str:
        return f"<Polymorphism {self.key!r}: {sorted(map(repr, self._classes))}>"
