"""gridfs: files and containers attached to a document."""

from __future__ import annotations

import pytest
from gridfs.errors import NoFile

from flask_mongokit import Document, MongoKit, SchemaDocumentError


class Page(Document):
    __collection__ = "pages"
    structure = {"title": str}
    gridfs = {"files": ["source", "template"], "containers": ["images"]}


def test_files_and_containers(mk: MongoKit, ctx: None) -> None:
    mk.register([Page])
    page = mk.Page({"title": "Hello"})
    with pytest.raises(SchemaDocumentError, match="save this Page"):
        page.fs.source = b"x"
    page.save()

    with pytest.raises(NoFile):
        _ = page.fs.source
    page.fs.source = "Hello World !"
    page.fs.template = b"<p>{{ title }}</p>"
    assert page.fs.source == b"Hello World !"
    page.fs.source = b"Second version"
    assert page.fs.source == b"Second version"
    assert page.fs.list() == ["source", "template"]
    assert page.fs.get_last_version("source").read() == b"Second version"

    with page.fs.new_file("source") as f:
        f.write(b"Third")
    assert page.fs.source == b"Third"
    file_id = page.fs.put(b"raw", filename="source")
    assert page.fs.get(file_id).read() == b"raw"
    page.fs.delete(file_id)
    assert page.fs.source == b"Third"

    page.fs.images["logo.png"] = b"\x89PNG"
    page.fs.images["icon.png"] = b"\x89PNG small"
    assert page.fs.images["logo.png"] == b"\x89PNG"
    assert "logo.png" in page.fs.images
    assert sorted((f.container, f.name) for f in page.fs.images) == [
        ("images", "icon.png"),
        ("images", "logo.png"),
    ]
    del page.fs.images["icon.png"]
    with pytest.raises(KeyError, match=r"icon\.png"):
        _ = page.fs.images["icon.png"]
    assert page.fs.list() == ["source", "template"]  # containers apart

    other = mk.Page({"title": "Other"})
    other.save()
    with pytest.raises(NoFile):  # files belong to one document
        _ = other.fs.source

    del page.fs.template
    with pytest.raises(NoFile):
        _ = page.fs.template
    with pytest.raises(AttributeError, match="not a GridFS file or container"):
        _ = page.fs.nope
    page.delete()
    assert mk["pages.files"].count_documents({}) == 0
