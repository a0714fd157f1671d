"""The data sets as each library sees them, and how to read every field.

:class:`Shape` says which keys (dicts) or attributes (objects) a data set's
documents have, embedded parts included, and builds the functions that read
every one of them once; :class:`DataSet` bundles a data set's documents
with its model in each mapper (``bench/models.py``, ``bench/competitors.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

from . import competitors as c
from . import data
from . import models as m

# -- the data sets, as each library sees them ------------------------------


@dataclass
class Shape:
    """How to read every field of a data set's documents: stored keys for
    dicts, attribute names for objects, and the embedded parts."""

    keys: tuple[str, ...]
    names: tuple[str, ...]
    #: (stored key, attribute, shape, is a list) of embedded documents.
    parts: tuple[tuple[str, str, Shape, bool], ...] = ()

    def dict_reader(self) -> Callable[[dict[str, Any]], None]:
        get = itemgetter(*self.keys)
        parts = [(k, s.dict_reader(), many) for k, _, s, many in self.parts]

        def read(doc: dict[str, Any]) -> None:
            get(doc)
            for key, sub, many in parts:
                if many:
                    for item in doc[key]:
                        sub(item)
                else:
                    sub(doc[key])

        return read

    def object_reader(self, id_name: str = "mongo_id") -> Callable[[Any], None]:
        # The id's attribute: mongo_id (Flask-Mongo), id (the others).
        get = attrgetter(*(id_name if n == "mongo_id" else n for n in self.names))
        parts = [(n, s.object_reader(), many) for _, n, s, many in self.parts]

        def read(obj: Any) -> None:
            get(obj)
            for name, sub, many in parts:
                if many:
                    for item in getattr(obj, name):
                        sub(item)
                else:
                    sub(getattr(obj, name))

        return read


def _flat(keys: list[str]) -> Shape:
    return Shape(tuple(keys), tuple(keys))


def _stored(keys: list[str]) -> Shape:
    # Top-level documents: "_id" is mongo_id (Flask-Mongo) / id (the others).
    return Shape(("_id", *keys), ("mongo_id", *keys))


def shapes() -> dict[str, Shape]:
    """How to read every field of each data set, by key (small, typical,
    nested, large)."""
    str15 = _flat([f"field{i}" for i in range(1, 16)])
    nested_parts: list[tuple[str, str, Shape, bool]] = []
    for key in data.nested():
        nested_parts.append((key, key, str15, key == "embedded_str_doc_array"))
    int_parts = {f"embedded_int_doc_{i}" for i in range(8, 15)}
    nested_parts = [
        (k, n, _flat([f"field{i}" for i in range(1, 16)]) if k in int_parts else s, a)
        for k, n, s, a in nested_parts
    ]
    book = _stored(["title", "year", "price", "published", "tags", "in_stock", "isbn"])
    book.parts = (("author", "author", _flat(["name", "born"]), False),)
    nested = _stored([])
    nested.parts = tuple(nested_parts)
    return {
        "small": _stored(list(data.small())),
        "typical": book,
        "nested": nested,
        "large": _stored(list(data.large())),
    }


@dataclass
class DataSet:
    """A data set: its documents and its model in each mapper."""

    key: str
    name: str
    #: Stored documents, each with its own _id.
    make_docs: Callable[[int], list[dict[str, Any]]]
    mapper: Any
    new_mapper: Callable[[dict[str, Any]], Any]
    mongoengine: Any
    new_mongoengine: Callable[[dict[str, Any]], Any]
    pydantic: Any


def datasets() -> dict[str, DataSet]:
    """The four data sets, by key."""
    return {
        "small": DataSet(
            "small",
            "small",
            lambda n: data.with_ids(data.small(), n),
            m.SmallDoc,
            lambda d: m.new_flat(m.SmallDoc, d),
            c.MESmall,
            lambda d: c.me_new_flat(c.MESmall, d),
            c.PSmall,
        ),
        "typical": DataSet(
            "typical",
            "typical (9 fields)",
            lambda n: [data.typical(i) for i in range(n)],
            m.Book,
            m.new_book,
            c.MEBook,
            c.me_new_book,
            c.PBook,
        ),
        "nested": DataSet(
            "nested",
            "nested",
            lambda n: data.with_ids(data.nested(), n),
            m.NestedDoc,
            m.new_nested,
            c.MENested,
            c.me_new_nested,
            c.PNested,
        ),
        "large": DataSet(
            "large",
            "large (251 fields)",
            lambda n: data.with_ids(data.large(), n),
            m.LargeDoc,
            lambda d: m.new_flat(m.LargeDoc, d),
            c.MELarge,
            lambda d: c.me_new_flat(c.MELarge, d),
            c.PLarge,
        ),
    }
