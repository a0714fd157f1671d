"""The library's forms, made from the models by :func:`flask_mongo.wtf.model_form`.

The book form's fields, their checks and messages come from ``Book``
(``title`` 1 to 300 characters, ``year`` 0 to 2100, ``genre`` one of
``GENRES``...); the cover upload is a field of the base class, since the
book stores only the GridFS filename of its cover.
"""

from __future__ import annotations

import re
from typing import Any

from flask_wtf.file import FileField
from wtforms import validators
from wtforms.widgets import TextArea

from flask_mongo.wtf import ModelForm, model_form

from .models import Book

# Digits only, and few of them: int() of a huge string is slow, and no year
# has more than four digits anyway.
YEAR = re.compile(r"-?[0-9]{1,9}")

#: The image types a cover may be, by their first bytes (what the browser
#: says the type is, or the file's name, is not trusted).
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


def image_type(head: bytes) -> str | None:
    """The content type of an image starting with ``head``; None when it
    is not a PNG, JPEG, GIF or WebP image."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, content_type in IMAGE_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def check_cover(form: Any, field: Any) -> None:
    """Refuse an upload that is not an image (an empty one is no upload)."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return
    head = upload.stream.read(16)
    upload.stream.seek(0)
    if image_type(head) is None:
        raise validators.ValidationError("Choose a PNG, JPEG, GIF or WebP image.")


class CoverForm(ModelForm):
    """The book form's base: the cover upload."""

    cover_image = FileField(
        "Cover image",
        description="PNG, JPEG, GIF or WebP, up to 4 MB.",
        validators=[check_cover],
    )


BookForm = model_form(
    Book,
    base_class=CoverForm,
    exclude=["cover"],
    field_args={
        "summary": {"widget": TextArea(), "render_kw": {"rows": 5}},
        "genre": {"label": "Genre"},
    },
)
