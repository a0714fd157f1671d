"""Files in GridFS: save_file / send_file / delete_file through the test client."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import gridfs
import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from werkzeug.exceptions import NotFound
from werkzeug.http import http_date

from flask_mongo import ImproperlyConfigured, Mongo
from tests.support import PlainMongo, TestServer

DATA = b"0123456789abcdefghij"


@pytest.fixture
def client(app: Flask, db: Mongo) -> FlaskClient:
    @app.post("/files/<path:name>")
    def upload(name: str) -> tuple[str, int]:
        file_id = db.save_file(name, request.files["file"], owner="ada")
        return str(file_id), 201

    @app.get("/files/<path:name>")
    def download(name: str) -> Any:
        version = request.args.get("version", -1, type=int)
        cache_for = request.args.get("cache_for", 31536000, type=int)
        return db.send_file(name, version=version, cache_for=cache_for)

    return app.test_client()


def save(app: Flask, db: Mongo, name: str, data: bytes = DATA, **kw: Any) -> Any:
    with app.app_context():
        return db.save_file(name, io.BytesIO(data), **kw)


def stored_files(mongo_server: TestServer, database: str, bucket: str = "fs") -> Any:
    client = mongo_server.client()
    try:
        return list(client[database][f"{bucket}.files"].find({}, {"_id": 0}))
    finally:
        client.close()


def test_upload_then_download_round_trip(client: FlaskClient) -> None:
    posted = client.post(
        "/files/report.txt", data={"file": (io.BytesIO(DATA), "report.txt")}
    )
    assert posted.status_code == 201
    response = client.get("/files/report.txt")
    assert response.status_code == 200
    assert response.data == DATA
    assert response.mimetype == "text/plain"
    assert response.content_length == len(DATA)
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.cache_control.public
    assert response.cache_control.max_age == 31536000
    assert response.last_modified is not None
    assert abs(response.last_modified - datetime.now(UTC)) < timedelta(seconds=5)
    etag, weak = response.get_etag()
    assert weak is False  # a strong ETag: byte ranges may use it
    assert etag is not None
    assert len(etag) == 32


def test_metadata_and_content_type_are_stored(
    app: Flask, db: Mongo, mongo_server: TestServer, database_name: str
) -> None:
    save(app, db, "photo", content_type="image/png", owner="ada", size=3)
    save(app, db, "sheet.csv")
    save(app, db, "no-extension")
    files = stored_files(mongo_server, database_name)
    assert [(f["filename"], f["metadata"]) for f in files] == [
        ("photo", {"owner": "ada", "size": 3, "contentType": "image/png"}),
        ("sheet.csv", {"contentType": "text/csv"}),
        ("no-extension", {"contentType": "application/octet-stream"}),
    ]


def test_the_content_type_served_is_the_stored_one(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    save(app, db, "page.html", content_type="text/plain")
    assert client.get("/files/page.html").mimetype == "text/plain"


def test_files_stored_by_other_clients_are_served(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    with app.app_context():
        legacy = gridfs.GridFS(db.database)
        legacy.put(b"a,b", filename="legacy", contentType="text/csv")
        db.gridfs().upload_from_stream("plain.json", b"{}")
    assert client.get("/files/legacy").mimetype == "text/csv"
    assert client.get("/files/plain.json").mimetype == "application/json"


@pytest.mark.parametrize(
    ("filename", "error", "message"),
    [
        (None, TypeError, "filename must be a str, not NoneType"),
        (b"x.txt", TypeError, "filename must be a str, not bytes"),
        ("", ValueError, "filename must not be empty"),
    ],
)
def test_bad_filenames_are_refused(
    app_ctx: None, db: Mongo, filename: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        db.save_file(filename, io.BytesIO(DATA))


def test_text_and_odd_arguments_are_refused(app_ctx: None, db: Mongo) -> None:
    with pytest.raises(TypeError, match="bytes or a binary file, not str"):
        db.save_file("a.txt", "text")
    with pytest.raises(TypeError, match="content_type must be a MIME type"):
        db.save_file("a.txt", DATA, content_type=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="as content_type="):
        db.save_file("a.txt", DATA, contentType="text/plain")
    with pytest.raises(TypeError, match="version must be an int"):
        db.send_file("a.txt", version="1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="filename must be a str"):
        db.send_file(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cache_for must be 0 or more"):
        db.send_file("a.txt", cache_for=-1)


def test_an_empty_filename_is_a_404(app: Flask, db: Mongo) -> None:
    with app.test_request_context("/files/"), pytest.raises(NotFound):
        db.send_file("")


def test_bytes_are_accepted_as_the_file(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    with app.app_context():
        db.save_file("raw.bin", DATA)
    assert client.get("/files/raw.bin").data == DATA


def test_if_none_match_gives_304(app: Flask, db: Mongo, client: FlaskClient) -> None:
    save(app, db, "a.txt")
    etag = client.get("/files/a.txt").headers["ETag"]
    again = client.get("/files/a.txt", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get("/files/a.txt", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200
    assert other.data == DATA


def test_if_modified_since_gives_304(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    save(app, db, "a.txt")
    last_modified = client.get("/files/a.txt").headers["Last-Modified"]
    again = client.get("/files/a.txt", headers={"If-Modified-Since": last_modified})
    assert again.status_code == 304
    older = http_date(datetime.now(UTC) - timedelta(days=1))
    assert client.get("/files/a.txt", headers={"If-Modified-Since": older}).data == DATA


def test_range_gives_206_with_those_bytes(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    save(app, db, "a.txt")
    response = client.get("/files/a.txt", headers={"Range": "bytes=2-5"})
    assert response.status_code == 206
    assert response.data == DATA[2:6]
    assert response.headers["Content-Range"] == f"bytes 2-5/{len(DATA)}"
    assert response.content_length == 4
    tail = client.get("/files/a.txt", headers={"Range": "bytes=-3"})
    assert tail.data == DATA[-3:]


def test_range_across_gridfs_chunks(app: Flask, db: Mongo, client: FlaskClient) -> None:
    data = bytes(range(256)) * 2500  # 640,000 bytes: three 255 KiB chunks
    save(app, db, "big.bin", data)
    start, end = 261_000, 523_000
    response = client.get("/files/big.bin", headers={"Range": f"bytes={start}-{end}"})
    assert response.status_code == 206
    assert response.data == data[start : end + 1]
    assert client.get("/files/big.bin").data == data


@pytest.mark.parametrize("header", ["bytes=100-200", "bytes=5-2", "lines=1-2"])
def test_unsatisfiable_range_gives_416(
    app: Flask, db: Mongo, client: FlaskClient, header: str
) -> None:
    save(app, db, "a.txt")
    response = client.get("/files/a.txt", headers={"Range": header})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(DATA)}"


def test_versions_newest_by_default_oldest_at_zero(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    for text in (b"one", b"two", b"three"):
        save(app, db, "v.txt", text)
        time.sleep(0.005)  # upload dates are stored in milliseconds
    assert client.get("/files/v.txt").data == b"three"
    assert client.get("/files/v.txt?version=0").data == b"one"
    assert client.get("/files/v.txt?version=1").data == b"two"
    assert client.get("/files/v.txt?version=-2").data == b"two"
    assert client.get("/files/v.txt?version=3").status_code == 404
    assert client.get("/files/v.txt?version=-4").status_code == 404
    etags = {client.get(f"/files/v.txt?version={v}").headers["ETag"] for v in range(3)}
    assert len(etags) == 3


def test_missing_file_is_a_404(client: FlaskClient) -> None:
    assert client.get("/files/nothing.txt").status_code == 404


def test_delete_every_version_of_a_filename(
    app: Flask, db: Mongo, client: FlaskClient, mongo_server: TestServer
) -> None:
    save(app, db, "d.txt", b"one")
    save(app, db, "d.txt", b"two")
    save(app, db, "kept.txt")
    with app.app_context():
        assert db.delete_file("d.txt") == 2
        assert db.delete_file("d.txt") == 0
    assert client.get("/files/d.txt").status_code == 404
    assert client.get("/files/kept.txt").data == DATA
    raw = mongo_server.client()
    try:
        assert raw[app.config["MONGO_DATABASE"]]["fs.chunks"].count_documents({}) == 1
    finally:
        raw.close()


def test_delete_one_version_by_id(app: Flask, db: Mongo, client: FlaskClient) -> None:
    save(app, db, "d.txt", b"one")
    time.sleep(0.005)
    newest = save(app, db, "d.txt", b"two")
    with app.app_context():
        assert db.delete_file(newest) == 1
        assert db.delete_file(newest) == 0
    assert client.get("/files/d.txt").data == b"one"


def test_cache_for_zero_asks_to_revalidate(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    save(app, db, "a.txt")
    response = client.get("/files/a.txt?cache_for=0")
    assert response.cache_control.no_cache
    assert not response.cache_control.public
    headers = {"If-None-Match": response.headers["ETag"]}
    assert client.get("/files/a.txt?cache_for=0", headers=headers).status_code == 304


def test_head_gives_the_headers_only(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    save(app, db, "a.txt")
    response = client.head("/files/a.txt")
    assert response.status_code == 200
    assert response.content_length == len(DATA)
    assert response.data == b""


def test_url_paths_are_filenames_not_paths(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    save(app, db, "docs/2024/report.txt", b"report")
    save(app, db, "../../etc/passwd", b"a stored file, nothing more")
    assert client.get("/files/docs/2024/report.txt").data == b"report"
    assert client.get("/files/docs/2024/../2024/report.txt").status_code == 404
    served = client.get("/files/%2E%2E/%2E%2E/etc/passwd")
    assert served.data == b"a stored file, nothing more"
    for url in (
        "/files/../../../etc/passwd",
        "/files/..%2F..%2Fetc%2Fshadow",
        "/files/docs/%00",
        "/files/%C3%A9t%C3%A9",
        "/files/docs//2024/report.txt",
    ):
        assert client.get(url).status_code in (404, 308), url


def test_the_bucket_comes_from_the_config(
    plain_mongo: PlainMongo, mongo_server: TestServer, database_name: str
) -> None:
    app, mongo = plain_mongo(MONGO_GRIDFS_BUCKET="media")
    save(app, mongo, "a.txt")
    with app.test_request_context("/"):
        assert mongo.send_file("a.txt").status_code == 200
        assert list(mongo.gridfs("other").find({})) == []
    assert [f["filename"] for f in stored_files(mongo_server, database_name, "media")]


@pytest.mark.parametrize("value", ["", 3, "a$b"])
def test_a_bad_bucket_name_is_a_config_error(app: Flask, value: object) -> None:
    app.config["MONGO_GRIDFS_BUCKET"] = value
    with pytest.raises(ImproperlyConfigured, match="MONGO_GRIDFS_BUCKET must be"):
        Mongo(app)


def test_no_content_disposition_by_default(
    app: Flask, db: Mongo, client: FlaskClient
) -> None:
    save(app, db, "a.txt")
    assert "Content-Disposition" not in client.get("/files/a.txt").headers


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"as_attachment": True}, "attachment; filename=page.html"),
        ({"download_name": "x.html"}, "inline; filename=x.html"),
        (
            {"as_attachment": True, "download_name": "résumé.html"},
            "attachment; filename=resume.html; filename*=UTF-8''r%C3%A9sum%C3%A9.html",
        ),
    ],
)
def test_attachments_are_named(
    app: Flask, db: Mongo, kwargs: dict[str, Any], expected: str
) -> None:
    save(app, db, "uploads/page.html", b"<script>alert(1)</script>")
    with app.test_request_context("/"):
        response = db.send_file("uploads/page.html", **kwargs)
        assert response.headers["Content-Disposition"] == expected
        response.close()
