"""MongoKit's ``Connection`` and ``Database``, outside Flask.

``Connection`` is a :class:`pymongo.MongoClient` that registers document
classes; its databases are :class:`Database` objects whose collections are
:class:`~flask_mongo.structure.LegacyCollection` objects (PyMongo 3's
``insert``, ``save``, ``update``... and the registered classes as
attributes)::

    connection = Connection()                 # localhost:27017
    connection.register([Task])
    task = connection.mydb.tasks.Task()       # bound to mydb.tasks
    connection.Task.find()                    # Task.__database__/__collection__

UUIDs are stored in the standard binary form (subtype 4): a client made
here defaults to ``uuidRepresentation="standard"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, overload

from pymongo import MongoClient as PyMongoClient
from pymongo.database import Database as PyMongoDatabase
from pymongo.errors import OperationFailure

from flask_mongo.core.registry import ClassRegistry
from flask_mongo.structure import BoundDocument, Document, LegacyCollection

__all__ = ["Connection", "Database", "MongoClient", "register_documents"]

D = TypeVar("D", bound=Document)
Raw = dict[str, Any]
_USER_EXISTS = 51003


def register_documents(
    registry: ClassRegistry[type[Document]],
    registered: list[type[Document]],
    documents: type[Document] | Iterable[type[Document]],
) -> None:
    """Add ``documents`` (one class or several) to ``registry`` by name and
    to the ``registered`` list.

    :raises TypeError: something is not a ``Document`` subclass.
    """
    items: list[Any] = [documents] if isinstance(documents, type) else list(documents)
    for cls in items:
        if not (isinstance(cls, type) and issubclass(cls, Document)):
            raise TypeError(f"register() takes Document subclasses, not {cls!r}")
        if cls not in registered:
            registered.append(cls)
        registry[cls.__name__] = cls


def registered_class(owner: object, name: str) -> type[Document] | None:
    """The document class ``owner`` (a connection or an extension) has
    registered as ``name``, for its ``__getattr__``; private names are never
    looked up (an AttributeError, as for any missing attribute)."""
    if name.startswith("_"):
        raise AttributeError(name)
    documents: ClassRegistry[type[Document]] | None = vars(owner).get("_documents")
    return documents.get(name) if documents is not None else None


class Database(PyMongoDatabase[Raw]):
    """A database whose collections have PyMongo 3's methods and the
    registered document classes: ``database.tasks.Task()``, and
    ``database.Task`` (on ``Task.__collection__``).

    :param client: the client.
    :param name: the database's name.
    :param documents: the registered classes by name.
    :param sanitize_filters: collections refuse operators below field names
        in filters (see :mod:`flask_mongo.structure.sanitize`).
    """

    def __init__(
        self,
        client: PyMongoClient[Raw],
        name: str,
        *args: Any,
        documents: ClassRegistry[type[Document]] | None = None,
        sanitize_filters: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(client, name, *args, **kwargs)
        #: The collections refuse operators below field names in filters.
        self.sanitize_filters = sanitize_filters
        if documents is None:
            documents = getattr(client, "_documents", None)
        self._documents = documents if documents is not None else ClassRegistry()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        cls = self._documents.get(name)
        if cls is not None:
            if not cls.__collection__:
                raise AttributeError(
                    f"{name}: __collection__ attribute not found; set it on the"
                    f" class, or use database.<collection>.{name}"
                )
            return BoundDocument(cls, self[cls.__collection__])
        return self[name]

    def __getitem__(self, name: str) -> LegacyCollection:
        return LegacyCollection(
            self,
            name,
            documents=self._documents,
            sanitize_filters=self.sanitize_filters,
        )

    def get_collection(self, name: str, *args: Any, **kwargs: Any) -> LegacyCollection:
        """The collection ``name``, with PyMongo 3's methods."""
        options = dict(
            zip(
                ("codec_options", "read_preference", "write_concern", "read_concern"),
                args,
                strict=False,
            )
        )
        options.update(kwargs)
        return LegacyCollection(
            self,
            name,
            documents=self._documents,
            sanitize_filters=self.sanitize_filters,
            **options,
        )

    @property
    def connection(self) -> PyMongoClient[Raw]:
        """The client (PyMongo 2's spelling of ``client``)."""
        return self.client

    def collection_names(
        self, include_system_collections: bool = True, **kwargs: Any
    ) -> list[str]:
        """PyMongo 3's ``collection_names()``: ``list_collection_names()``,
        without the ``system.`` collections unless asked."""
        names = self.list_collection_names(**kwargs)
        if include_system_collections:
            return names
        return [n for n in names if not n.startswith("system.")]

    def add_user(
        self,
        name: str,
        password: str | None = None,
        read_only: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """PyMongo 3's ``add_user``: the ``createUser`` command (or
        ``updateUser`` when the user exists). ``roles`` default to
        ``dbOwner`` (``read`` with ``read_only``)."""
        roles = kwargs.pop("roles", None) or (["read"] if read_only else ["dbOwner"])
        fields: dict[str, Any] = {"roles": roles, **kwargs}
        if password is not None:
            fields["pwd"] = password
        try:
            self.command("createUser", name, **fields)
        except OperationFailure as error:
            if error.code != _USER_EXISTS and "already exists" not in str(error):
                raise
            self.command("updateUser", name, **fields)

    def remove_user(self, name: str) -> None:
        """PyMongo 3's ``remove_user``: the ``dropUser`` command."""
        self.command("dropUser", name)

    def dereference(  # type: ignore[override]
        self, dbref: Any, model: type[D] | None = None, **kwargs: Any
    ) -> Any:
        """The document a DBRef points to: a ``model`` instance when given
        (MongoKit's form), else the raw dict, or ``None``."""
        from bson import DBRef

        if not isinstance(dbref, DBRef):
            raise TypeError(f"dereference() takes a DBRef, not {dbref!r}")
        if dbref.database is not None and dbref.database != self.name:
            raise ValueError(
                f"this DBRef points to database {dbref.database!r}, not {self.name!r}"
            )
        raw = self[dbref.collection].find_one({"_id": dbref.id}, **kwargs)
        if model is None or raw is None:
            return raw
        return BoundDocument(model, self[dbref.collection]).wrap(raw)


class Connection(PyMongoClient[Raw]):
    """MongoKit's ``Connection``: a :class:`pymongo.MongoClient` (same
    arguments) with :meth:`register`. ``connection.name`` is the database
    ``name``; ``connection.Task`` a registered class on its
    ``__database__`` and ``__collection__``.

    PyMongo 2's ``safe=True`` becomes ``w=1`` (``safe=False``: ``w=0``).
    """

    def __init__(
        self, host: Any = None, port: int | None = None, **kwargs: Any
    ) -> None:
        if "safe" in kwargs:
            kwargs.setdefault("w", 1 if kwargs.pop("safe") else 0)
        kwargs.setdefault("uuidRepresentation", "standard")
        super().__init__(host, port, **kwargs)
        #: The registered document classes.
        self.registered_documents: list[type[Document]] = []
        self._documents = ClassRegistry[type[Document]]()

    @overload
    def register(self, documents: type[D]) -> type[D]: ...
    @overload
    def register(self, documents: Iterable[type[Document]]) -> None: ...
    def register(self, documents: type[D] | Iterable[type[Document]]) -> type[D] | None:
        """Register document classes (a list, or one class as a decorator)."""
        register_documents(self._documents, self.registered_documents, documents)
        return documents if isinstance(documents, type) else None

    def __getattr__(self, name: str) -> Any:
        cls = registered_class(self, name)
        if cls is not None:
            if not cls.__collection__ or not cls.__database__:
                raise AttributeError(
                    f"{name}: __collection__ attribute not found. You cannot specify"
                    " the `__database__` attribute without the `__collection__`"
                    " attribute"
                )
            return getattr(self[cls.__database__], name)
        return self[name]

    def __getitem__(self, name: str) -> Database:
        return Database(self, name, documents=self._documents)

    def get_database(
        self, name: str | None = None, *args: Any, **kwargs: Any
    ) -> Database:
        """The database ``name`` (default: the URI's)."""
        if name is None:
            name = super().get_database().name
        return Database(self, name, *args, documents=self._documents, **kwargs)

    def get_default_database(self, *args: Any, **kwargs: Any) -> Database:
        """The URI's database, as a :class:`Database`."""
        return self.get_database(super().get_default_database(*args, **kwargs).name)


#: MongoKit 0.9's other name of :class:`Connection`.
MongoClient = Connection
