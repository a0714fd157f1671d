"""Files in GridFS: store uploads, serve them with HTTP caching and ranges.

The functions take a :class:`gridfs.GridFSBucket`; ``Mongo.save_file``,
``Mongo.send_file`` and ``Mongo.delete_file`` call them with the app's
bucket (``MONGO_GRIDFS_BUCKET``, default ``fs``)::

    @app.post("/files")
    def upload():
        upload = request.files["file"]
        db.save_file(upload.filename, upload, owner=current_user.id)
        return "", 204

    @app.get("/files/<path:filename>")
    def download(filename):
        return db.send_file(filename)

A GridFS filename is a key, never a path: ``../etc/passwd`` names a stored
file of that name (or nothing, a 404) and reaches no file system.

**Versions.** Saving a filename again adds a version; ``version=-1`` (the
default) is the newest, ``0`` the oldest, ``1`` the next, ``-2`` the one
before the newest, ordered by upload date (GridFS stores it in
milliseconds).

**ETag.** PyMongo 4 no longer stores an md5. A stored GridFS file never
changes (a new upload is a new file with a new ``_id``), so the ETag is a
strong one derived from the file's ``_id``, length and upload date: the
first 32 hex digits of their SHA-256. It needs no pass over the data and
works for files stored by any GridFS client, not only by :func:`save_file`.
"""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import bson
from flask import abort, current_app, request
from gridfs import GridFSBucket, GridOut, NoFile
from pymongo.database import Database
from werkzeug.wrappers import Response
from werkzeug.wsgi import wrap_file

__all__ = [
    "DEFAULT_BUCKET",
    "delete_file",
    "file_etag",
    "get_bucket",
    "open_file_id",
    "save_file",
    "send_file",
    "send_file_id",
]

#: The bucket name GridFS uses by default (collections ``fs.files`` and
#: ``fs.chunks``).
DEFAULT_BUCKET = "fs"
#: One year, the longest ``max-age`` caches are asked to honour (RFC 9111).
ONE_YEAR = 31536000
_FALLBACK_TYPE = "application/octet-stream"


def get_bucket(database: Database[Any], name: str = DEFAULT_BUCKET) -> GridFSBucket:
    """The GridFS bucket ``name`` of ``database`` (no command is sent)."""
    return GridFSBucket(database, bucket_name=name)


def save_file(
    bucket: GridFSBucket,
    filename: str,
    fileobj: Any,
    content_type: str | None = None,
    **metadata: Any,
) -> Any:
    """Store ``fileobj`` as a new version of ``filename``; return its id.

    :param fileobj: a binary file-like object (anything with ``read``, such
        as an upload from ``request.files``) or ``bytes``.
    :param content_type: the MIME type to serve the file with; by default
        guessed from the filename's extension (not from the client's claim
        about an upload, which an attacker chooses), else
        ``application/octet-stream``.
    :param metadata: stored with the file, in its ``metadata`` document
        next to ``contentType``.
    :raises TypeError: ``filename`` is not a ``str``, ``fileobj`` is a
        ``str``, or ``content_type`` is not a ``str``.
    :raises ValueError: ``filename`` is empty, or ``metadata`` has a
        ``contentType`` key (give ``content_type`` instead).
    """
    check_filename(filename)
    if isinstance(fileobj, str):
        raise TypeError(
            "fileobj must be bytes or a binary file, not str; encode the text"
            " first (text.encode('utf-8'))"
        )
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or _FALLBACK_TYPE
    elif not isinstance(content_type, str):
        raise TypeError(
            f"content_type must be a MIME type string such as 'image/png',"
            f" not {type(content_type).__name__}"
        )
    if "contentType" in metadata:
        raise ValueError("give the MIME type as content_type=, not as metadata")
    stored = {**metadata, "contentType": content_type}
    return bucket.upload_from_stream(filename, fileobj, metadata=stored)


def send_file(
    bucket: GridFSBucket,
    filename: str,
    version: int = -1,
    cache_for: int = ONE_YEAR,
    *,
    as_attachment: bool = False,
    download_name: str | None = None,
) -> Response:
    """A response streaming one version of ``filename`` from GridFS, for the
    current request.

    The response has ``Content-Type``, ``Content-Length``,
    ``Last-Modified`` (the upload date), a strong ``ETag`` (see the module
    doc) and ``Cache-Control: public, max-age=cache_for``. Conditional
    requests are answered by Werkzeug's
    :meth:`~werkzeug.wrappers.Response.make_conditional`: a matching
    ``If-None-Match`` or an ``If-Modified-Since`` not older than the upload
    gives **304**, a ``Range`` gives **206** with those bytes, an
    unsatisfiable one **416**.

    :param version: which version: ``-1`` the newest, ``0`` the oldest.
    :param cache_for: seconds browsers and proxies may keep the file
        without asking again; ``0`` makes them revalidate each time (with
        the ETag, so an unchanged file costs a 304).
    :param as_attachment: ask the browser to save the file rather than
        show it (``Content-Disposition: attachment``); use it for uploads
        whose type a browser would render, such as HTML or SVG.
    :param download_name: the name the browser saves it under; default the
        part of ``filename`` after its last ``/``. Given or with
        ``as_attachment``, a ``Content-Disposition`` header is sent.
    :raises NotFound: (a 404) no such file or version.
    :raises TypeError: ``filename`` is not a ``str``, or ``version`` or
        ``cache_for`` is not an ``int``.
    """
    if not isinstance(filename, str):
        raise TypeError(f"filename must be a str, not {type(filename).__name__}")
    _check_int(version, "version")
    _check_cache_for(cache_for)
    if not filename:
        abort(404)
    try:
        grid_out = bucket.open_download_stream_by_name(filename, revision=version)
    except NoFile:
        abort(404)
    return _send(grid_out, cache_for, as_attachment, download_name)


def send_file_id(
    bucket: GridFSBucket,
    file_id: Any,
    cache_for: int = ONE_YEAR,
    *,
    as_attachment: bool = False,
    download_name: str | None = None,
) -> Response:
    """As :func:`send_file`, for the one file of an id (the value
    :func:`save_file` returned, what a typed ``FileField`` holds).

    :raises NotFound: (a 404) ``file_id`` is None or names no stored file.
    """
    _check_cache_for(cache_for)
    grid_out = open_file_id(bucket, file_id)
    if grid_out is None:
        abort(404)
    return _send(grid_out, cache_for, as_attachment, download_name)


def open_file_id(bucket: GridFSBucket, file_id: Any) -> GridOut | None:
    """The stored file of an id, to ``read()``; None when ``file_id`` is None
    or names no stored file."""
    if file_id is None:
        return None
    try:
        return bucket.open_download_stream(file_id)
    except NoFile:
        return None


def _send(
    grid_out: GridOut,
    cache_for: int,
    as_attachment: bool,
    download_name: str | None,
) -> Response:
    try:
        response = _conditional_response(grid_out, cache_for)
    except BaseException:
        # An unsatisfiable range raises before the response owns the file.
        grid_out.close()
        raise
    if as_attachment or download_name is not None:
        filename = grid_out.filename or "download"
        name = download_name or filename.rpartition("/")[2] or filename
        _set_disposition(response, name, as_attachment)
    return response


def delete_file(bucket: GridFSBucket, filename_or_id: Any) -> int:
    """Delete stored files; return how many were deleted (0 when none).

    A ``str`` is a filename: **every version** of it is deleted. Anything
    else is a file id (the value :func:`save_file` returned): that one
    version is deleted.
    """
    if isinstance(filename_or_id, str):
        check_filename(filename_or_id)
        ids = [f._id for f in bucket.find({"filename": filename_or_id})]
    else:
        ids = [filename_or_id]
    deleted = 0
    for file_id in ids:
        try:
            bucket.delete(file_id)
        except NoFile:  # deleted meanwhile by another request
            continue
        deleted += 1
    return deleted


def file_etag(grid_out: GridOut) -> str:
    """The strong ETag of a stored file (unquoted): 32 hex digits of the
    SHA-256 of its ``_id``, length and upload date."""
    identity = bson.encode(
        {"_id": grid_out._id, "length": grid_out.length, "at": grid_out.upload_date}
    )
    return hashlib.sha256(identity).hexdigest()[:32]


def check_filename(filename: object) -> str:
    """``filename`` if it can name a stored file: a non-empty ``str``.

    :raises TypeError: not a ``str``.
    :raises ValueError: an empty ``str``.
    """
    if not isinstance(filename, str):
        raise TypeError(
            f"a GridFS filename must be a str, not {type(filename).__name__}"
        )
    if not filename:
        raise ValueError("a GridFS filename must not be empty")
    return filename


def _content_type(grid_out: GridOut) -> str:
    metadata: Mapping[str, Any] = grid_out.metadata or {}
    # metadata.contentType is where the GridFS spec now puts it; older
    # clients (and Flask-MongoKit attachments) used the top-level field.
    stored = metadata.get("contentType") or getattr(grid_out, "contentType", None)
    if isinstance(stored, str) and stored:
        return stored
    return mimetypes.guess_type(grid_out.filename)[0] or _FALLBACK_TYPE


def _conditional_response(grid_out: GridOut, cache_for: int) -> Response:
    body = wrap_file(request.environ, grid_out, buffer_size=grid_out.chunk_size)
    response: Response = current_app.response_class(
        body, mimetype=_content_type(grid_out), direct_passthrough=True
    )
    response.content_length = grid_out.length
    uploaded = grid_out.upload_date
    response.last_modified = (
        uploaded if uploaded.tzinfo else uploaded.replace(tzinfo=UTC)
    ).astimezone(UTC)
    response.set_etag(file_etag(grid_out))
    # The stored type is served as is; browsers must not guess another one
    # (an uploaded "image" that sniffs as HTML would run as a page).
    response.headers["X-Content-Type-Options"] = "nosniff"
    if cache_for:
        response.cache_control.public = True
        response.cache_control.max_age = cache_for
        response.expires = datetime.now(UTC) + timedelta(seconds=cache_for)
    else:
        response.cache_control.no_cache = True
    return response.make_conditional(
        request.environ, accept_ranges=True, complete_length=grid_out.length
    )


def _set_disposition(response: Response, name: str, as_attachment: bool) -> None:
    names = {"filename": name}
    if not name.isascii():
        # RFC 6266: an ASCII fallback, and the real name in RFC 5987 form.
        fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
        names = {
            "filename": fallback.decode("ascii") or "download",
            "filename*": "UTF-8''" + quote(name, safe="!#$&+-.^_`|~"),
        }
    response.headers.set(
        "Content-Disposition", "attachment" if as_attachment else "inline", **names
    )


def _check_cache_for(cache_for: int) -> None:
    _check_int(cache_for, "cache_for")
    if cache_for < 0:
        raise ValueError(f"cache_for must be 0 or more seconds, got {cache_for}")


def _check_int(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
