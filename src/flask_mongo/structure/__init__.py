"""Dict documents with structure schemas (MongoKit's model, on PyMongo 4).

:mod:`.document` holds :class:`Document`; :mod:`.types` the structure
operators and custom types; :mod:`.schema` and :mod:`.validation` the
declaration checks and the validation walk; :mod:`.dotted` the dot
notation; :mod:`.bound`, :mod:`.cursor` and :mod:`.collection` the queries;
:mod:`.indexes`, :mod:`.versioning`, :mod:`.migration`, :mod:`.gridfs`,
:mod:`.i18n` and :mod:`.paginator` the extras; :mod:`.exceptions` the
errors. ``flask_mongokit`` is the Flask front-end.
"""

from .bound import BoundDocument
from .collection import LegacyCollection
from .cursor import DocumentCursor
from .document import Document
from .dotted import DotDict
from .exceptions import (
    AuthorizedTypeError,
    BadIndexError,
    BadKeyError,
    DefaultFieldTypeError,
    DuplicateRequiredError,
    MultipleResultsFound,
    RequireFieldError,
    SchemaDocumentError,
    SchemaTypeError,
    StructureError,
    UpdateQueryError,
    ValidationError,
)
from .indexes import (
    INDEX_ASCENDING,
    INDEX_DESCENDING,
    INDEX_GEO2D,
    INDEX_GEOSPHERE,
    INDEX_HASHED,
    INDEX_TEXT,
)
from .migration import DocumentMigration
from .paginator import Paginator
from .types import AUTHORIZED_TYPES, IS, NOT, OR, CustomType, SchemaOperator, Set
from .versioning import VersionedDocument

__all__ = [
    "AUTHORIZED_TYPES",
    "INDEX_ASCENDING",
    "INDEX_DESCENDING",
    "INDEX_GEO2D",
    "INDEX_GEOSPHERE",
    "INDEX_HASHED",
    "INDEX_TEXT",
    "IS",
    "NOT",
    "OR",
    "AuthorizedTypeError",
    "BadIndexError",
    "BadKeyError",
    "BoundDocument",
    "CustomType",
    "DefaultFieldTypeError",
    "Document",
    "DocumentCursor",
    "DocumentMigration",
    "DotDict",
    "DuplicateRequiredError",
    "LegacyCollection",
    "MultipleResultsFound",
    "Paginator",
    "RequireFieldError",
    "SchemaDocumentError",
    "SchemaOperator",
    "SchemaTypeError",
    "Set",
    "StructureError",
    "UpdateQueryError",
    "ValidationError",
    "VersionedDocument",
]
