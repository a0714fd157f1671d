"""The Flask-Mongo documents of the benchmark's data sets.

Every field is declared and typed, so creating a document validates every
value, as an application's would:

- ``SmallDoc``: the 13 fields of SMALL_DOC, written out.
- ``LargeDoc``: the 250 fields of LARGE_DOC and its image, declared in a
  loop (``field1``..``field125`` are strings, ``field126``..``field250``
  ints). Declaring them, rather than keeping them as undeclared extra
  fields (``config_extra_fields='ignore'``), means a new ``LargeDoc(**doc)``
  validates all 251 values, which is the costlier and fairer choice.
- ``NestedDoc``: LARGE_DOC_NESTED, with ``DocumentField`` for its 12
  embedded documents and ``ListField(DocumentField(...))`` for the array.
- ``Book``: the 9-field document of :func:`bench.data.typical`.
"""

from __future__ import annotations

from typing import Any

from flask_mongo import Document, Mongo
from flask_mongo.odm import (
    BinaryField,
    BoolField,
    DateTimeField,
    DocumentField,
    Field,
    FloatField,
    IntField,
    ListField,
    StringField,
)

from .data import Doc

#: The benchmark's extension; ``bench`` binds it to an app.
db = Mongo()


class SmallDoc(Document, mongo=db):
    config_collection_name = "small_doc"

    field1 = StringField()
    field2 = StringField()
    field3 = StringField()
    field4 = StringField()
    field5 = StringField()
    field6 = StringField()
    field7 = StringField()
    field8 = IntField()
    field9 = IntField()
    field10 = IntField()
    field11 = IntField()
    field12 = IntField()
    field13 = IntField()


def _declared(fields: dict[str, Field[Any]], **settings: Any) -> dict[str, Any]:
    return {"__module__": __name__, **settings, **fields}


LargeDoc: Any = type(
    "LargeDoc",
    (db.Document,),
    _declared(
        {
            **{f"field{i}": StringField() for i in range(1, 126)},
            **{f"field{i}": IntField() for i in range(126, 251)},
            "image_field": BinaryField(),
        },
        config_collection_name="large_doc",
    ),
)

# The embedded documents of LARGE_DOC_NESTED: 15 strings, or 15 ints.
StrDoc: Any = type(
    "StrDoc",
    (db.Document,),
    _declared({f"field{i}": StringField() for i in range(1, 16)}),
)
IntDoc: Any = type(
    "IntDoc",
    (db.Document,),
    _declared({f"field{i}": IntField() for i in range(1, 16)}),
)


class NestedDoc(Document, mongo=db):
    config_collection_name = "large_doc_nested"

    embedded_str_doc_1 = DocumentField(StrDoc)
    embedded_str_doc_2 = DocumentField(StrDoc)
    embedded_str_doc_3 = DocumentField(StrDoc)
    embedded_str_doc_4 = DocumentField(StrDoc)
    embedded_str_doc_5 = DocumentField(StrDoc)
    embedded_str_doc_array = ListField(DocumentField(StrDoc))
    embedded_int_doc_8 = DocumentField(IntDoc)
    embedded_int_doc_9 = DocumentField(IntDoc)
    embedded_int_doc_10 = DocumentField(IntDoc)
    embedded_int_doc_11 = DocumentField(IntDoc)
    embedded_int_doc_12 = DocumentField(IntDoc)
    embedded_int_doc_13 = DocumentField(IntDoc)
    embedded_int_doc_14 = DocumentField(IntDoc)


class Author(Document, mongo=db):
    name = StringField(max_length=100)
    born = IntField(min_value=0)


class Book(Document, mongo=db):
    config_collection_name = "books"

    title = StringField(max_length=200)
    author = DocumentField(Author)
    year = IntField(min_value=0)
    price = FloatField(min_value=0)
    published = DateTimeField()
    tags = ListField(StringField())
    in_stock = BoolField()
    isbn = StringField()


def new_nested(doc: Doc) -> Any:
    """A new ``NestedDoc`` built (and validated) from a LARGE_DOC_NESTED dict."""
    values: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "_id":
            values["mongo_id"] = value
        elif key == "embedded_str_doc_array":
            values[key] = [StrDoc(**item) for item in value]
        elif key.startswith("embedded_str_doc"):
            values[key] = StrDoc(**value)
        else:
            values[key] = IntDoc(**value)
    return NestedDoc(**values)


def new_book(doc: Doc) -> Book:
    """A new ``Book`` built (and validated) from a :func:`~bench.data.typical`
    dict."""
    values = dict(doc)
    values["mongo_id"] = values.pop("_id")
    values["author"] = Author(**values["author"])
    return Book(**values)


def new_flat(cls: Any, doc: Doc) -> Any:
    """A new flat document (``SmallDoc``, ``LargeDoc``) from a dict."""
    if "_id" in doc:
        doc = dict(doc)
        doc["mongo_id"] = doc.pop("_id")
    return cls(**doc)
