"""The typed FileField: a GridFS file stored in a document as its id."""

from __future__ import annotations

import io
from typing import Any

import pytest
from bson import ObjectId
from flask import Flask, jsonify
from gridfs import GridFSBucket
from pymongo.database import Database

from flask_mongo import Document, Mongo, signals
from flask_mongo.errors import BadValueException, ImproperlyConfigured
from flask_mongo.odm import FileField, StringField
from tests.support import Raw, found

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))


@pytest.fixture
def book_cls(db: Mongo) -> type[Any]:
    class FileBook(Document, mongo=db):
        title: StringField = StringField()
        cover: FileField[ObjectId | None] = FileField(
            required=False, delete_with_document=True
        )
        scan: FileField[ObjectId | None] = FileField(required=False, bucket="scans")
        notes: FileField[ObjectId | None] = FileField(required=False)

    return FileBook


def saved_with_cover(book_cls: Any) -> Any:
    book = book_cls(title="Dive")
    book_cls.cover.put(book, PNG, filename="cover.png", owner="ann")
    book.save()
    return book


def test_put_stores_the_file_and_its_id(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    book = saved_with_cover(book_cls)
    stored = found(raw_db["FileBook"].find_one({"_id": book.mongo_id}))
    assert isinstance(stored["cover"], ObjectId)
    assert stored["cover"] == book.cover
    grid = GridFSBucket(raw_db).open_download_stream(stored["cover"])
    assert grid.read() == PNG
    assert grid.filename == "cover.png"
    assert grid.metadata == {"owner": "ann", "contentType": "image/png"}


def test_open_reads_the_file_back(book_cls: Any, app_ctx: None) -> None:
    book = saved_with_cover(book_cls)
    loaded = book_cls.query.get(book.mongo_id)
    grid = found(book_cls.cover.open(loaded))
    assert grid.read() == PNG
    assert book_cls.notes.open(loaded) is None  # unset
    loaded.cover = ObjectId()  # an id no file has
    assert book_cls.cover.open(loaded) is None


def test_a_bucket_of_its_own(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    book = book_cls(title="Dive")
    book_cls.scan.put(book, io.BytesIO(b"scanned"), filename="p1.txt")
    book.save()
    scans = GridFSBucket(raw_db, bucket_name="scans")
    assert scans.open_download_stream(book.scan).read() == b"scanned"
    assert raw_db["fs.files"].count_documents({}) == 0


def test_send_serves_it_and_404s_without_one(
    app: Flask, book_cls: Any, app_ctx: None
) -> None:
    book = saved_with_cover(book_cls)
    book_id = book.mongo_id

    @app.get("/cover/<kind>")
    def cover(kind: str) -> Any:
        loaded = book_cls.query.get(book_id)
        return getattr(book_cls, kind).send(loaded, download_name="c.png")

    client = app.test_client()
    response = client.get("/cover/cover")
    assert response.status_code == 200
    assert response.data == PNG
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "inline; filename=c.png"
    again = client.get(
        "/cover/cover", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304
    assert client.get("/cover/notes").status_code == 404


def test_remove_deletes_the_file_only_when_opted_in(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    book = saved_with_cover(book_cls)
    book_cls.notes.put(book, b"kept", filename="notes.txt")
    book.save()
    cover_id, notes_id = book.cover, book.notes
    book.remove()
    fs = raw_db["fs.files"]
    assert fs.count_documents({"_id": cover_id}) == 0
    assert raw_db["fs.chunks"].count_documents({"files_id": cover_id}) == 0
    assert fs.count_documents({"_id": notes_id}) == 1  # not opted in


def test_remove_deletes_the_file_of_a_partly_loaded_document(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    book = saved_with_cover(book_cls)
    partial = (
        book_cls.query.filter(book_cls.mongo_id == book.mongo_id)
        .fields(book_cls.title)
        .one()
    )
    partial.remove()
    assert raw_db["fs.files"].count_documents({"_id": book.cover}) == 0


def test_a_partly_loaded_document_with_its_file_id(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    with_cover = saved_with_cover(book_cls)
    without = book_cls(title="No cover")
    without.save()
    query = book_cls.query.fields(book_cls.title, book_cls.cover)
    query.filter(book_cls.mongo_id == with_cover.mongo_id).one().remove()
    book_cls.query.fields(book_cls.title).filter(
        book_cls.mongo_id == without.mongo_id
    ).one().remove()
    assert raw_db["FileBook"].count_documents({}) == 0
    assert raw_db["fs.files"].count_documents({}) == 0


def test_a_refused_remove_keeps_document_and_file(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    book = saved_with_cover(book_cls)

    def refuse(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("keep it")

    with (
        signals.before_remove.connected_to(refuse),
        pytest.raises(RuntimeError, match="keep it"),
    ):
        book.remove()
    assert raw_db["FileBook"].count_documents({}) == 1
    assert raw_db["fs.files"].count_documents({"_id": book.cover}) == 1


def test_json_gives_the_id_as_hex(app: Flask, book_cls: Any, app_ctx: None) -> None:
    book = saved_with_cover(book_cls)
    with app.test_request_context():
        body = jsonify(book_cls.query.get(book.mongo_id)).get_json()
    assert body["cover"] == str(book.cover)


def test_bad_values_and_declarations_are_refused(book_cls: Any) -> None:
    with pytest.raises(BadValueException, match="a GridFS file id"):
        book_cls(title="x", cover="cover.png")
    with pytest.raises(ImproperlyConfigured, match=r"FileField\(bucket=...\)"):
        FileField(bucket="$bad")


def test_json_schema_says_object_id(book_cls: Any) -> None:
    assert book_cls.json_schema()["properties"]["cover"] == {"bsonType": "objectId"}
