"""Typed document classes by name, for fields that name their class as a
string (``DocumentField('Author')``, ``RefField('Author')``) so that classes
can refer to classes declared later."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.registry import ClassRegistry
from ..errors import BadQueryException

if TYPE_CHECKING:
    from .document import Document

#: Every document class, by ``config_namespace`` and ``config_full_name``
#: (default: the class name).
document_classes: ClassRegistry[type[Document]] = ClassRegistry()


def document_class(name: str, namespace: str, label: str) -> type[Document]:
    """The document class declared as ``name`` in ``namespace``.

    :param label: the field that names it, for the message.
    :raises BadQueryException: there is no such class.
    """
    found = document_classes.get(name, namespace)
    if found is None:
        raise BadQueryException(
            f"{label} refers to the document class {name!r}, which"
            f" is not declared in namespace {namespace!r}"
        )
    return found
