"""Flask-MongoAlchemy's ``make_document_class``: the document base bound
to one extension (what ``db.Document`` is)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .document import Document

if TYPE_CHECKING:
    from .extension import MongoAlchemy

__all__ = ["make_document_class"]


def make_document_class(
    extension: MongoAlchemy, base: type[Document] = Document
) -> type[Document]:
    """A new abstract document base deriving from ``base``, whose documents
    are stored through ``extension``."""
    return type(
        "Document",
        (base,),
        {
            "__abstract__": True,
            "__module__": base.__module__,
            "__qualname__": "Document",
        },
        mongo=extension,
    )
