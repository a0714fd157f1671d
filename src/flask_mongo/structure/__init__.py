"""Dict documents with structure schemas (MongoKit's model, on PyMongo 4).

:mod:`.schema_document` holds :class:`SchemaDocument` (declarations,
validation, dot notation) and :mod:`.document` :class:`Document` (a
``SchemaDocument`` stored in a collection); :mod:`.types` the structure
operators and custom types; :mod:`.schema`, :mod:`.specs` and
:mod:`.validation` the declaration checks and the validation walk;
:mod:`.paths`, :mod:`.skeleton`, :mod:`.conversion` and :mod:`.dotted` the
work on a document's values; :mod:`.bound`, :mod:`.cursor` and
:mod:`.collection` the queries (:mod:`.transactions` puts them in the active
transaction); :mod:`.indexes`, :mod:`.versioning`,
:mod:`.migration`, :mod:`.gridfs`, :mod:`.i18n` and :mod:`.paginator` the
extras; :mod:`.exceptions` the errors. ``flask_mongokit`` is the Flask
front-end.
"""

# The errors and index directions are listed once, in their modules.
from . import exceptions, indexes
from .bound import BoundDocument
from .collection import LegacyCollection
from .cursor import DocumentCursor
from .document import Document
from .dotted import DotDict, I18nDotDict
from .dotted_keys import DotCollapsedDict, DotExpandedDict
from .exceptions import *  # noqa: F403
from .i18n import Translations
from .indexes import *  # noqa: F403
from .migration import DocumentMigration
from .paginator import Paginator
from .schema_document import SchemaDocument
from .types import AUTHORIZED_TYPES, IS, NOT, OR, CustomType, SchemaOperator, Set
from .versioning import VersionedDocument

__all__ = [
    "AUTHORIZED_TYPES",
    "IS",
    "NOT",
    "OR",
    "BoundDocument",
    "CustomType",
    "Document",
    "DocumentCursor",
    "DocumentMigration",
    "DotCollapsedDict",
    "DotDict",
    "DotExpandedDict",
    "I18nDotDict",
    "LegacyCollection",
    "Paginator",
    "SchemaDocument",
    "SchemaOperator",
    "Set",
    "Translations",
    "VersionedDocument",
]
__all__ += exceptions.__all__
__all__ += indexes.__all__
