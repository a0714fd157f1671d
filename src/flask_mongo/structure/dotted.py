"""Attribute access to the fields of ``use_dot_notation`` documents.

:class:`DotDict` is the nested dict type of those documents. Plain nested
dicts (as PyMongo decoded them, or as assigned) become :class:`DotDict` the
first time they are reached by attribute, in place, so reading a document
never pays for it. (Code holding the plain dict from before keeps a dict
that is no longer the document's.)
"""

from __future__ import annotations

from typing import Any

__all__ = ["DotDict", "I18nDotDict", "dotted"]


class DotDict(dict[str, Any]):
    """A nested dict of a ``use_dot_notation`` document: ``doc.author.name``
    reads and ``doc.author.name = 'x'`` writes ``doc['author']['name']``.
    Setting a name that is not a key (``doc.author.tmp = 2``) sets an
    attribute that is not saved."""

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__") or key not in self:
            raise AttributeError(f"no field {key!r} in this dict")
        return dotted(self, key, dict.__getitem__(self, key))

    def __setattr__(self, key: str, value: Any) -> None:
        # A key of the dict (the structure's fields are all there) is
        # written; any other name is a plain attribute, kept off the
        # document, as MongoKit did.
        if key in self:
            self[key] = value
        else:
            object.__setattr__(self, key, value)

    def __delattr__(self, key: str) -> None:
        if key in self:
            del self[key]
        else:
            object.__delattr__(self, key)


class I18nDotDict(DotDict):
    """A nested dict of a ``use_dot_notation`` document that holds translated
    fields (``i18n = ['title.text']``): ``doc.title.text`` reads and writes
    the value of the document's current language, as on the document
    itself. It follows :meth:`~.schema_document.SchemaDocument.set_lang`."""

    # Set when the document hands the dict out: the document (its language
    # and schema) and the dict's dotted path in it.
    _doc: Any
    _path: str

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__") or key not in self:
            raise AttributeError(f"no field {key!r} in this dict")
        value = dict.__getitem__(self, key)
        return self._doc._read_dotted(self, key, value, f"{self._path}.{key}")

    def __setattr__(self, key: str, value: Any) -> None:
        if key in self:
            self._doc._write_dotted(self, key, value, f"{self._path}.{key}")
        else:
            object.__setattr__(self, key, value)


def dotted(container: dict[str, Any], key: str, value: Any) -> Any:
    """``value`` ready for attribute access. Plain nested dicts (as decoded
    or assigned) become :class:`DotDict` in place the first time they are
    reached by attribute, so reading a document never pays for it."""
    if type(value) is dict:
        value = DotDict(value)
        dict.__setitem__(container, key, value)
    elif type(value) is list:
        for i, item in enumerate(value):
            if type(item) is dict:
                value[i] = DotDict(item)
    return value
