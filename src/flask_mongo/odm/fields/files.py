"""``FileField``: a file kept in GridFS, stored in the document as its id.

::

    class Book(Document):
        cover: FileField[ObjectId | None] = FileField(
            required=False, delete_with_document=True
        )

    Book.cover.put(book, request.files["cover"], filename="cover.png")
    book.save()                          # book.cover is the file's ObjectId
    Book.cover.open(book).read()         # the bytes (None when it has none)
    return Book.cover.send(book)         # a response, as Mongo.send_file's

The file goes to the bucket of the document's app (``MONGO_GRIDFS_BUCKET``,
or the field's ``bucket=``), through :mod:`flask_mongo.files`. The value is
an ``ObjectId``, queried and written to JSON as any other id.

With ``delete_with_document=True``, ``document.remove()`` deletes the file
too, once the document is deleted (a failed delete keeps both). A file that
``put()`` replaces stays stored until deleted with ``Mongo.delete_file``;
nothing else deletes it, so that an unsaved change loses no file.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Generic, Never, Unpack, overload

from bson import ObjectId

# TypeVar defaults (PEP 696) are in typing from Python 3.13 on.
from typing_extensions import TypeVar

from ... import files
from ...config import parse_name
from ...signals import after_remove, before_remove
from ..paths import QueryField
from .base import Options
from .scalars import ObjectIdField

if TYPE_CHECKING:
    from gridfs import GridFSBucket, GridOut
    from werkzeug.wrappers import Response

    from ..document import Document
    from ..state import DocumentState

V = TypeVar("V")
N = TypeVar("N")
O = TypeVar("O", default=ObjectId)  # noqa: E741


class FileOptions(Options[V, N], total=False):
    delete_with_document: bool
    bucket: str | None


class FileQueryField(QueryField[O]):
    """``Book.cover``: query builder of a :class:`FileField`, and the way to
    store and read its file."""

    __slots__ = ()

    def _file_field(self) -> FileField[Any]:
        field = self._qfield
        assert isinstance(field, FileField)
        return field

    def put(
        self,
        document: Document,
        fileobj: Any,
        filename: str,
        content_type: str | None = None,
        **metadata: Any,
    ) -> ObjectId:
        """Store ``fileobj`` (bytes or a binary file) in GridFS and set the
        field of ``document`` to its id (saving the document is yours to
        do); return the id. Arguments as for
        :func:`flask_mongo.files.save_file`."""
        field = self._file_field()
        file_id: ObjectId = files.save_file(
            field.bucket_for(type(document)),
            filename,
            fileobj,
            content_type,
            **metadata,
        )
        field.__set__(document, file_id)
        return file_id

    def open(self, document: Document) -> GridOut | None:
        """The file of ``document``, to ``read()``; None when the field is
        unset or names no stored file."""
        field = self._file_field()
        return files.open_file_id(
            field.bucket_for(type(document)), field.__get__(document)
        )

    def send(
        self,
        document: Document,
        cache_for: int = files.ONE_YEAR,
        *,
        as_attachment: bool = False,
        download_name: str | None = None,
    ) -> Response:
        """A response serving the file of ``document`` (ETag, conditional
        requests, ranges; see :func:`flask_mongo.files.send_file`); a 404 when
        it has none."""
        field = self._file_field()
        return files.send_file_id(
            field.bucket_for(type(document)),
            field.__get__(document),
            cache_for,
            as_attachment=as_attachment,
            download_name=download_name,
        )


class FileField(ObjectIdField[O], Generic[O]):
    """The id of a file in GridFS (see the module doc).

    :param delete_with_document: ``remove()`` deletes the file too.
    :param bucket: the GridFS bucket; default the app's
        (``MONGO_GRIDFS_BUCKET``).
    """

    expected = "a GridFS file id (an ObjectId)"

    @overload
    def __init__(
        self: FileField[ObjectId], **options: Unpack[FileOptions[ObjectId, Never]]
    ) -> None: ...
    @overload
    def __init__(
        self: FileField[ObjectId | None],
        **options: Unpack[FileOptions[ObjectId | None, bool]],
    ) -> None: ...
    def __init__(
        self,
        delete_with_document: bool = False,
        bucket: str | None = None,
        **kwargs: Any,
    ) -> None:
        if bucket is not None:
            parse_name(bucket, files.DEFAULT_BUCKET, "FileField(bucket=...)")
        # ObjectIdField's overloads name its own value types; these are ours.
        super().__init__(**kwargs)  # type: ignore[misc]
        self.delete_with_document = delete_with_document
        self.bucket = bucket
        if delete_with_document:
            _connect_deletion()

    def __set_name__(self, owner: type, name: str) -> None:
        super().__set_name__(owner, name)
        self.query_field = FileQueryField(self, self.db_field)

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> FileQueryField[O]: ...
    @overload
    def __get__(self, obj: DocumentState, owner: type | None = None) -> O: ...
    def __get__(self, obj: DocumentState | None, owner: type | None = None) -> Any:
        return super().__get__(obj, owner)

    def bucket_for(self, cls: type[Document]) -> GridFSBucket:
        """The GridFS bucket this field's files are in, for documents of
        ``cls`` in the current app."""
        return cls.get_session().gridfs(self.bucket)


# -- deleting files with their documents ---------------------------------------

_deleting: weakref.WeakKeyDictionary[type, tuple[FileField[Any], ...]] = (
    weakref.WeakKeyDictionary()
)


def _fields_to_delete(cls: type) -> tuple[FileField[Any], ...]:
    try:
        return _deleting[cls]
    except KeyError:
        pass
    declared = getattr(cls, "_fields", None)  # None for structure documents
    found = tuple(
        field
        for field in (declared.values() if isinstance(declared, dict) else ())
        if isinstance(field, FileField) and field.delete_with_document
    )
    _deleting[cls] = found
    return found


def _load_file_ids(sender: type, document: Any, **extra: Any) -> None:
    """Before a remove: the ids of files to delete that a ``fields(...)``
    query did not load are read now, while the document is still stored."""
    fields = _fields_to_delete(sender)
    retrieved = getattr(document, "_retrieved", None)
    if not fields or retrieved is None:
        return
    missing = [f.db_field for f in fields if f.db_field not in retrieved]
    if not missing:
        return
    stored = sender.get_collection().find_one(  # type: ignore[attr-defined]
        {"_id": document._data["_id"]}, dict.fromkeys(missing, 1)
    )
    for key in missing:
        if stored is not None and key in stored:
            document._own_data()[key] = stored[key]


def _delete_files(sender: type, document: Any, **extra: Any) -> None:
    """After a remove: delete the files of ``delete_with_document`` fields."""
    for field in _fields_to_delete(sender):
        file_id = document._data.get(field.db_field)
        if file_id is not None:
            files.delete_file(field.bucket_for(sender), file_id)


def _connect_deletion() -> None:
    # Connected once, for every sender, when the first such field is made;
    # the receivers look the class's fields up (cached per class).
    before_remove.connect(_load_file_ids, weak=False)
    after_remove.connect(_delete_files, weak=False)
