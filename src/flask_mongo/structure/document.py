"""The MongoKit-style :class:`Document`: a dict document stored in a collection.

A document is an ordinary ``dict`` (what PyMongo decodes and encodes) whose
class declares what it may hold (see :mod:`.schema_document`). Reading costs
little more than the dict PyMongo decoded: the top-level keys are copied
into the subclass and nothing is checked. Validation runs before every
write instead, so nothing invalid is written and nothing is half-written.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast

import bson
import bson.errors
from bson import DBRef
from bson.binary import UuidRepresentation
from bson.codec_options import CodecOptions
from pymongo.collection import Collection

from ..core.indexes import create_indexes
from ..core.registry import Polymorphism
from ..core.values import MISSING
from ..core.writes import (
    NOT_VERSIONED,
    VERSION_KEY,
    check_shard_key_kept,
    next_version,
    single_document_filter,
)
from ..signals import after_load, after_remove, after_save, before_remove, before_save
from . import writes
from .autorefs import loading_from, save_references
from .bound import BoundDocument
from .conversion import to_python
from .document_queries import QueryMethods
from .exceptions import (
    MaxDocumentSizeError,
    NotBoundError,
    NotSavedError,
    NotStoredError,
    OptionConflictError,
    SchemaDocumentError,
    mongokit_worded,
)
from .json_form import from_json_text, to_json_text, to_json_value
from .schema_document import SchemaDocument, populate
from .transactions import session_options

if TYPE_CHECKING:
    from .gridfs import DocumentFS
    from .migration import DocumentMigration

__all__ = ["Document"]


class Document(QueryMethods, SchemaDocument):
    """A MongoDB document with a declared structure (MongoKit's API).

    ::

        class Task(Document):
            __collection__ = "tasks"
            structure = {"title": str, "tags": [str], "author": {"name": str}}
            required_fields = ["title", "author.name"]
            default_values = {"tags": list}
            use_dot_notation = True

        task = db.Task()            # bound to db.tasks; fields set to None
        task.title = "Write docs"
        task.save()                 # validates, then inserts

    The declarations are :class:`~.schema_document.SchemaDocument`'s.

    :param doc: initial content.
    :param gen_skel: fill in the fields of the structure that ``doc`` lacks
        and apply ``default_values``. With ``False``, ``doc`` is taken as
        stored in MongoDB (custom types are converted to Python).
    :param collection: the collection :meth:`save` and the queries use.
    :param lang: the language of translated fields (see ``i18n``).
    :param fallback_lang: the language read when ``lang`` has no value.
    """

    #: The collection of a registered class (``db.Task`` uses it).
    __collection__: ClassVar[str | None] = None
    #: The database of a registered class; default: the app's database.
    __database__: ClassVar[str | None] = None
    #: Index declarations (see :mod:`flask_mongo.structure.indexes`).
    indexes: ClassVar[list[dict[str, Any]]] = []
    #: GridFS attachments: ``{'files': [names], 'containers': [names]}``.
    gridfs: ClassVar[dict[str, list[str]]] = {}
    #: Do not validate in :meth:`save` unless asked (``save(validate=True)``).
    skip_validation: ClassVar[bool] = False
    #: Document classes in the structure are references, stored as DBRefs
    #: (see :mod:`flask_mongo.structure.autorefs`).
    use_autorefs: ClassVar[bool] = False
    #: Read a DBRef that names no database from the current one.
    force_autorefs_current_db: ClassVar[bool] = False
    #: A :class:`~flask_mongo.structure.migration.DocumentMigration` applied
    #: to loaded documents that do not validate.
    migration_handler: ClassVar[type[DocumentMigration] | None] = None
    #: The sharded collection's key (dotted paths, ``("tenant", "_id")``):
    #: saves and deletes filter on it, and a stored value never changes.
    shard_key: ClassVar[tuple[str, ...]] = ()
    #: Optimistic concurrency: the structure gets ``_version: int``, stored
    #: as 1 by the insert and checked and incremented by every save and
    #: delete; a copy loaded before another writer saved raises
    #: :class:`~flask_mongo.errors.StaleDocument` and writes nothing.
    use_optimistic_locking: ClassVar[bool] = False

    _uncopied = ("_fs", "_validation_errors")

    # Instance state; class-level defaults keep loading cheap.
    #: The collection this document is saved to and queried from.
    collection: Collection[dict[str, Any]] | None = None
    # Whether this document is known to be stored (loaded, or saved here),
    # and whether delete() removed it: save() never recreates a document
    # that was stored and is gone.
    _stored: bool = False
    _removed: bool = False
    # The write filter of the stored document (with a shard key only).
    _write_filter: dict[str, Any] | None = None

    # The classes of a polymorphic tree by the name each stores in its type
    # field; shared by a class that puts type_field in its structure and by
    # all its subclasses.
    _polymorphism: ClassVar[Polymorphism[type[Document]] | None] = None

    # Whether instances are made by Document.__init__ alone (no __init__ or
    # __new__ of a subclass or mixin, no metaclass __call__): then a bound
    # class makes new documents with _new_in, without the generic call.
    _stock_new: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._stock_new = type(cls).__call__ is type.__call__ and not any(
            "__init__" in vars(base) or "__new__" in vars(base)
            for base in cls.__mro__
            if base not in _STOCK_BASES
        )
        if cls.migration_handler is not None and cls.use_schemaless:
            # MongoKit refused the pair: lazy migration is driven by
            # validation, which a schemaless class relaxes.
            error = OptionConflictError(
                f"{cls.__name__}: migration_handler cannot go with use_schemaless"
                " (lazy migration relies on validation to find old documents);"
                " drop one, or run the migration by hand with migrate_all()"
            )
            legacy = (
                "You cannot set a migration_handler with use_schemaless set to True"
            )
            raise mongokit_worded(error, legacy)
        field = cls._schema.type_field
        if field is None:
            return
        tree = cls._polymorphism
        if tree is None or tree.key != field:
            tree = Polymorphism(field)
            cls._polymorphism = tree
        tree.add(cls.__name__, cls)

    def __init__(
        self,
        doc: dict[str, Any] | None = None,
        gen_skel: bool = True,
        collection: Collection[dict[str, Any]] | None = None,
        lang: str = "en",
        fallback_lang: str = "en",
    ) -> None:
        if collection is not None:
            object.__setattr__(self, "collection", collection)
        super().__init__(doc, gen_skel, lang, fallback_lang)
        if not gen_skel:
            self._migrate_if_needed()

    @classmethod
    def _new_in(cls, doc: dict[str, Any] | None, collection: Collection[Any]) -> Self:
        """``cls(doc, collection=collection)``, for a class whose instances
        :meth:`__init__` alone makes (``_stock_new``)."""
        new = dict.__new__(cls)
        object.__setattr__(new, "collection", collection)
        populate(new, doc, True)  # what SchemaDocument.__init__ does
        return new

    @classmethod
    def _from_mongo(
        cls, raw: dict[str, Any], collection: Collection[dict[str, Any]] | None
    ) -> Self:
        """A document from a dict PyMongo decoded: no skeleton, no
        validation; the stored subclass is used when the class is polymorphic."""
        target = cls._class_for(raw)
        doc = dict.__new__(target)
        dict.update(doc, raw)
        object.__setattr__(doc, "_stored", True)
        if target.shard_key:
            doc._keep_write_filter()
        if collection is not None:
            object.__setattr__(doc, "collection", collection)
        if target._schema.has_custom_types:
            with loading_from(collection):
                to_python(doc, target._schema.structure)
        if target.migration_handler is not None:
            doc._migrate_if_needed()
        if after_load.receivers:
            after_load.send(target, document=doc)
        return doc

    @classmethod
    def _class_for(cls, raw: dict[str, Any]) -> type[Self]:
        tree = cls._polymorphism
        if tree is None or cls._schema.type_field is None:
            return cls
        name = raw.get(tree.key)
        if not isinstance(name, str) or name == cls.__name__:
            return cls
        # class_for gives cls or a subclass of it: a type[Self].
        return cast("type[Self]", tree.class_for(raw, cls))

    # -- validation --------------------------------------------------------

    def validate(self, auto_migrate: bool = False) -> None:
        """See :meth:`SchemaDocument.validate`.

        :param auto_migrate: if the document does not validate and the class
            has a ``migration_handler``, migrate it, reload it, and check again.
        """
        if auto_migrate and self._can_migrate() and not self._migrate_if_invalid():
            object.__setattr__(self, "_validation_errors", {})
            return
        bound = self._validate()
        # A document the compiled check bounded below the limit is not
        # encoded to be measured; save() leaves the size to the server,
        # which refuses a document too large (nothing written), rather
        # than encode it twice.
        if bound is not None and bound <= MAX_DOCUMENT_SIZE:
            return
        if not _saving.get():
            try:
                size = self.get_size()
            except (bson.errors.InvalidDocument, ValueError, SchemaDocumentError):
                return  # not encodable as it is: save() reports why
            if size > MAX_DOCUMENT_SIZE:
                raise _too_large(type(self).__name__, size)

    def _migrate_if_invalid(self) -> bool:
        # Document's own check (not a subclass's validate() override, which
        # may expect the migrated form); whether it migrated.
        try:
            self._check(_raise)
        except SchemaDocumentError:
            handler = type(self).migration_handler
            assert handler is not None
            handler(type(self)).migrate(self)
            return True
        return False

    def _can_migrate(self) -> bool:
        return (
            type(self).migration_handler is not None
            and self.get("_id") is not None
            and self.collection is not None
        )

    def _migrate_if_needed(self) -> None:
        # On loading, as MongoKit did: migrated if invalid, and not checked
        # again (reading never validates; save() will).
        if self._can_migrate():
            self._migrate_if_invalid()

    # -- writing -----------------------------------------------------------

    def _bound_collection(self) -> Collection[dict[str, Any]]:
        if self.collection is None:
            name = type(self).__name__
            raise NotBoundError(
                f"this {name} is not bound to a collection: create it with"
                f" db.{name}() after db.register([{name}]), or pass"
                f" {name}(collection=...)"
            )
        return self.collection

    def save(
        self,
        uuid: bool = False,
        validate: bool | None = None,
        safe: bool = True,
        **kwargs: Any,
    ) -> None:
        """Validate, then insert the document (no ``_id`` yet) or replace the
        stored one, as PyMongo 3's ``Collection.save`` did. A new document
        given an ``_id`` of its own is upserted; a document that was loaded or
        saved is only replaced, never recreated once deleted.

        :param uuid: give a new document a string ``_id``,
            ``'ClassName-<uuid4>'``, instead of an ObjectId.
        :param validate: ``True`` always validates, ``False`` never; ``None``
            validates unless the class sets ``skip_validation``.
        :param safe: ignored; writes are acknowledged unless the client's
            write concern says otherwise.
        :param kwargs: passed on to ``insert_one`` / ``replace_one``
            (``session=...``, ``comment=...``).
        :raises SchemaDocumentError: the document is invalid; nothing is
            written. With ``raise_validation_errors = False`` this is a
            :class:`ValidationError` listing :attr:`validation_errors`.
            Also raised, with nothing written, when the document was deleted
            (by :meth:`delete` or by another client).
        :raises StaleDocument: with ``use_optimistic_locking``, another
            writer saved the document since it was loaded; nothing is written.

        Sends the ``before_save`` (before validating) and ``after_save`` signals.
        """
        collection = self._bound_collection()
        session_options(collection, kwargs)
        if self._removed:
            raise SchemaDocumentError(
                f"this {type(self).__name__} was deleted; save() will not recreate"
                " it (create a new document instead)"
            )
        if before_save.receivers:
            before_save.send(type(self), document=self, created=not self._stored)
        locking = self.use_optimistic_locking
        version = self.get(VERSION_KEY, MISSING)
        if locking:  # before validation: a document loaded without one
            loaded = version if self.get("_id") is not None else None
            self[VERSION_KEY] = next_version(loaded, type(self).__name__)
        try:
            token = _saving.set(True)
            try:
                writes.check_before_writing(self, validate)
            finally:
                _saving.reset(token)
            if self._schema.has_autorefs:
                save_references(self)
            writes.write(self, collection, version, uuid, kwargs)
        except BaseException:
            if locking:  # a retry must find the version loaded
                if version is MISSING:
                    del self[VERSION_KEY]
                else:
                    self[VERSION_KEY] = version
            raise
        created = not self._stored
        object.__setattr__(self, "_stored", True)
        if self.shard_key:
            self._keep_write_filter()
        if after_save.receivers:
            after_save.send(type(self), document=self, created=created)

    def _keep_write_filter(self) -> None:
        found = single_document_filter(self["_id"], self.shard_key, self)
        object.__setattr__(self, "_write_filter", found)

    def _filter_for_write(
        self, version: object = NOT_VERSIONED, *, deleting: bool = False
    ) -> dict[str, Any]:
        """The ``_id``, shard key and (with ``use_optimistic_locking``) the
        loaded ``version`` of the stored document. A changed shard-key
        value raises :class:`ShardKeyChangeError`, except when
        ``deleting`` (the stored document goes, found by its stored key)."""
        current = single_document_filter(
            self["_id"], self.shard_key, self, version=version
        )
        kept = self._write_filter
        if kept is None:
            return current
        if not deleting:
            changed = [k for k in kept if k != "_id" and current[k] != kept[k]]
            check_shard_key_kept(self.shard_key, changed, type(self).__name__)
        return {**current, **kept, "_id": current["_id"]}

    def delete(self) -> None:
        """Delete the stored document, then its GridFS files, if any.

        :raises StaleDocument: with ``use_optimistic_locking``, another
            writer saved the document since it was loaded; nothing is deleted.

        Sends the ``before_remove`` and ``after_remove`` signals.
        """
        collection = self._bound_collection()
        if "_id" not in self:
            raise SchemaDocumentError(
                f"cannot delete this {type(self).__name__}: it has no _id (never saved)"
            )
        if before_remove.receivers:
            before_remove.send(type(self), document=self)
        writes.delete(self, collection)
        # Files after the document: a failure between leaves files without
        # a document, never a document without its files.
        if self._schema.gridfs_files or self._schema.gridfs_containers:
            self.fs.delete_all()
        object.__setattr__(self, "_removed", True)
        if after_remove.receivers:
            after_remove.send(type(self), document=self)

    def reload(self) -> None:
        """Replace the content with the stored document's.

        :raises NotSavedError: the document has no ``_id`` (a ``KeyError``).
        :raises NotStoredError: no stored document has this ``_id`` (an
            ``OperationFailure``).
        """
        collection = self._bound_collection()
        if self.get("_id") is None:
            raise NotSavedError(
                f"cannot reload this {type(self).__name__}: it has no _id;"
                " save it first"
            )
        raw = collection.find_one({"_id": self["_id"]}, **session_options(collection))
        if raw is None:
            raise NotStoredError(
                f"cannot reload this {type(self).__name__}: no document with _id"
                f" {self['_id']!r} in {collection.full_name}; save it first"
            )
        dict.clear(self)
        dict.update(self, raw)
        object.__setattr__(self, "_stored", True)
        if self.shard_key:
            self._keep_write_filter()
        if self._schema.has_custom_types:
            with loading_from(collection):
                to_python(self, self._schema.structure)
        if after_load.receivers:
            after_load.send(type(self), document=self)

    def get_dbref(self) -> DBRef:
        """A :class:`~bson.dbref.DBRef` to the stored document."""
        collection = self._bound_collection()
        if "_id" not in self:
            raise SchemaDocumentError(
                f"this {type(self).__name__} has no _id yet: save it before"
                " taking a DBRef"
            )
        return DBRef(collection.name, self["_id"], database=collection.database.name)

    @property
    def fs(self) -> DocumentFS:
        """The document's GridFS attachments (see ``gridfs``)."""
        from .gridfs import DocumentFS

        fs: DocumentFS | None = self.__dict__.get("_fs")
        if fs is None:
            fs = DocumentFS(self)
            object.__setattr__(self, "_fs", fs)
        return fs

    # -- JSON --------------------------------------------------------------

    def to_json(self) -> str:
        """The document as JSON, in MongoKit's form: datetimes are
        milliseconds since the epoch, ObjectIds ``{"$oid": ...}``, referenced
        documents are written whole with their ``_collection`` and
        ``_database`` (see :mod:`~flask_mongo.structure.json_form`);
        :meth:`from_json` reads it back."""
        return to_json_text(self)

    def to_json_type(self) -> dict[str, Any]:
        """The document made of JSON types only (as :meth:`to_json`, without
        the references' ``_collection`` and ``_database``)."""
        return to_json_value(self, references=False)

    @classmethod
    def from_json(
        cls, json: str, collection: Collection[dict[str, Any]] | None = None
    ) -> Self:
        """A document from :meth:`to_json` output (not saved); references
        are loaded from the database they name when ``collection`` is given.
        Extended JSON (``{"$date": ...}``) is read too."""
        stored = from_json_text(json, cls._schema.structure, collection)
        with loading_from(collection):
            return cls(stored, gen_skel=False, collection=collection)

    # -- queries (on the document's collection) -----------------------------

    def _bound(self) -> BoundDocument[Self]:
        return BoundDocument(type(self), self._bound_collection())

    def __hash__(self) -> int:  # type: ignore[override]
        """The hash of the ``_id``: a document is hashable once it has one.

        :raises TypeError: the document has no ``_id`` yet (never saved).
        """
        if self.get("_id") is None:
            raise TypeError(
                f"this {type(self).__name__} has no _id yet: save it before hashing it"
            )
        return hash(self["_id"])

    def get_size(self) -> int:
        """The size in bytes of the document as stored (its BSON form,
        encoded with the collection's codec options)."""
        options = (
            self.collection.codec_options
            if self.collection is not None
            else _STANDARD_UUIDS
        )
        return len(bson.encode(self.to_bson(), codec_options=options))

    @classmethod
    def generate_index(cls, collection: Collection[Any]) -> list[str]:
        """Create the class's ``indexes`` on ``collection``; returns their names."""
        return create_indexes(collection, cls._schema.indexes)


# The classes whose __init__ (or none) Document._new_in stands for.
_STOCK_BASES = (Document, QueryMethods, SchemaDocument, dict, object)

_STANDARD_UUIDS: CodecOptions[Any] = CodecOptions(
    uuid_representation=UuidRepresentation.STANDARD
)

#: MongoDB's largest document, in bytes of BSON.
MAX_DOCUMENT_SIZE = 16 * 1024 * 1024

# Set while save() validates (the size is then PyMongo's to check).
_saving: ContextVar[bool] = ContextVar("_saving", default=False)


def _too_large(name: str, size: int) -> MaxDocumentSizeError:
    return MaxDocumentSizeError(
        f"this {name} is larger than the {MAX_DOCUMENT_SIZE} bytes MongoDB"
        f" accepts (got {size} bytes): store large content with GridFS"
        " (gridfs = {'files': [...]})"
    )


def _raise(error: SchemaDocumentError) -> None:
    raise error
