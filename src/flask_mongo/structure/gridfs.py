"""GridFS attachments of a document: ``gridfs = {'files': [...], 'containers': [...]}``.

::

    class Doc(Document):
        structure = {"title": str}
        gridfs = {"files": ["source"], "containers": ["images"]}

    doc.save()                              # attachments need the _id
    doc.fs.source = b"Hello"                # a new version of 'source'
    doc.fs.source                           # b'Hello' (the last version)
    doc.fs.images["logo.png"] = png_bytes   # any number of named files
    for f in doc.fs.images: f.name, f.container

The files live in the GridFS bucket named after the document's collection
(``tasks.files`` and ``tasks.chunks`` for ``tasks``), linked to the document
by a ``docid`` field. Values are bytes (a ``str`` is stored as UTF-8).
``doc.delete()`` deletes them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gridfs import GridFS, GridIn, GridOut
from gridfs.errors import NoFile

from .exceptions import SchemaDocumentError

if TYPE_CHECKING:
    from .document import Document

__all__ = ["DocumentFS", "FSContainer", "MissingFile", "UnsavedDocumentError"]


class MissingFile(NoFile, KeyError):
    """No file of this name in the container: GridFS's ``NoFile`` (as in
    MongoKit) and a ``KeyError`` (as for a dict)."""

    def __str__(self) -> str:
        return repr(self.args[0]) if self.args else ""


class UnsavedDocumentError(SchemaDocumentError, RuntimeError):
    """The document has no ``_id`` yet, so it cannot have attachments (also
    a ``RuntimeError``, as in MongoKit)."""


def _data(value: Any) -> tuple[Any, dict[str, str]]:
    if isinstance(value, str):
        return value, {"encoding": "utf-8"}
    return value, {}


class DocumentFS:
    """The attachments of one document (``doc.fs``): the declared files as
    attributes, the containers as dict-like attributes, and GridFS's own
    methods restricted to this document."""

    def __init__(self, document: Document) -> None:
        object.__setattr__(self, "_document", document)

    @property
    def grid(self) -> GridFS:
        """The GridFS bucket of the document's collection."""
        collection = self._document._bound_collection()
        return GridFS(collection.database, collection=collection.name)

    @property
    def docid(self) -> Any:
        """The ``_id`` the files are linked to."""
        doc_id = self._document.get("_id")
        if doc_id is None:
            raise UnsavedDocumentError(
                f"save this {type(self._document).__name__} before using its"
                " GridFS attachments: they are linked to its _id"
            )
        return doc_id

    def _declared(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        schema = type(self._document)._schema
        return schema.gridfs_files, schema.gridfs_containers

    def __getattr__(self, name: str) -> Any:
        files, containers = self._declared()
        if name in files:
            # A file never written raises NoFile, as in MongoKit.
            return self.get_last_version(name).read()
        if name in containers:
            return FSContainer(self, name)
        raise AttributeError(
            f"{name!r} is not a GridFS file or container of"
            f" {type(self._document).__name__} (declared: {list(files + containers)})"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._declared()[0]:
            raise AttributeError(
                f"{name!r} is not a declared GridFS file of"
                f" {type(self._document).__name__}"
            )
        self.put(value, filename=name)

    def __delattr__(self, name: str) -> None:
        if name not in self._declared()[0]:
            raise AttributeError(name)
        self._delete_matching({"filename": name, "container": {"$exists": False}})

    def put(self, data: Any, **kwargs: Any) -> Any:
        """Store ``data`` (bytes, str or a file) as a file of this document;
        returns the file's id."""
        data, extra = _data(data)
        return self.grid.put(data, docid=self.docid, **extra, **kwargs)

    def new_file(self, filename: str, **kwargs: Any) -> GridIn:
        """A file of this document to write to (``with doc.fs.new_file('x') as f``)."""
        return self.grid.new_file(filename=filename, docid=self.docid, **kwargs)

    def get(self, file_id: object) -> GridOut:
        """A file by its id."""
        return self.grid.get(file_id)

    def get_last_version(self, filename: str, **kwargs: Any) -> GridOut:
        """The newest version of this document's file ``filename``.

        :raises gridfs.errors.NoFile: there is none.
        """
        kwargs.setdefault("container", {"$exists": False})
        return self.grid.get_last_version(filename, docid=self.docid, **kwargs)

    def delete(self, file_id: object) -> None:
        """Delete one file version by its id."""
        self.grid.delete(file_id)

    def exists(self, filename: str) -> bool:
        """Whether this document has a file ``filename``."""
        return self.grid.exists({"docid": self.docid, "filename": filename})

    def list(self) -> list[str]:
        """The names of this document's files (containers excluded)."""
        files = self.grid.find({"docid": self.docid, "container": {"$exists": False}})
        return sorted({f.filename for f in files})

    def __iter__(self) -> Iterator[GridOut]:
        """Every file of this document, the containers' too, oldest first."""
        return iter(self.grid.find({"docid": self.docid}).sort("uploadDate", 1))

    def _delete_matching(self, query: dict[str, Any]) -> None:
        grid = self.grid
        for file in grid.find({"docid": self.docid, **query}):
            grid.delete(file._id)

    def delete_all(self) -> None:
        """Delete every file of this document, containers included."""
        if self._document.get("_id") is not None:
            self._delete_matching({})


class FSContainer:
    """A named group of files of one document (``doc.fs.images``): a dict of
    file name to content."""

    def __init__(self, fs: DocumentFS, name: str) -> None:
        self.fs = fs
        self.name = name

    def __getitem__(self, filename: str) -> bytes:
        try:
            data: bytes = self.get_last_version(filename).read()
        except NoFile:
            raise MissingFile(filename) from None
        return data

    def __setitem__(self, filename: str, value: Any) -> None:
        self.fs.put(value, filename=filename, container=self.name)

    def __delitem__(self, filename: str) -> None:
        self.fs._delete_matching({"filename": filename, "container": self.name})

    def __contains__(self, filename: object) -> bool:
        return self.fs.grid.exists(
            {"docid": self.fs.docid, "container": self.name, "filename": filename}
        )

    def __iter__(self) -> Iterator[GridOut]:
        return iter(self.fs.grid.find({"docid": self.fs.docid, "container": self.name}))

    def new_file(self, filename: str, **kwargs: Any) -> GridIn:
        """A file of this container to write to."""
        return self.fs.new_file(filename, container=self.name, **kwargs)

    def get_last_version(self, filename: str) -> GridOut:
        """The newest version of ``filename`` in this container."""
        return self.fs.get_last_version(filename, container=self.name)

    def list(self) -> list[str]:
        """The names of the files in this container."""
        return sorted({f.filename for f in self})
