"""The same data sets as MongoEngine documents and as pydantic v2 models.

MongoEngine loads a stored dict with ``Document._from_son`` (what its
querysets do) and saves with ``validate()`` then ``to_mongo()``. Beanie and
ODMantic load through pydantic v2's ``model_validate``; their save path is
modelled here by ``model_dump(by_alias=True)``, pydantic's own, cheaper
than either ODM's encoder, so the comparison flatters them if anything.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

import mongoengine as me  # type: ignore[import-untyped]
from bson import ObjectId
from pydantic import BaseModel, ConfigDict, PlainValidator, create_model
from pydantic import Field as PydanticField

from .data import Doc

# -- MongoEngine ------------------------------------------------------------

_ME_META = {"auto_create_index": False}


def me_connect(uri: str, database: str) -> None:
    """Register MongoEngine's default connection (no socket is opened
    before the first query)."""
    me.disconnect()
    me.connect(db=database, host=uri, connect=False)


def me_disconnect() -> None:
    """Drop MongoEngine's default connection."""
    me.disconnect()


class MESmall(me.Document):  # type: ignore[misc]
    meta: ClassVar[dict[str, Any]] = {**_ME_META, "collection": "me_small_doc"}

    field1 = me.StringField(required=True)
    field2 = me.StringField(required=True)
    field3 = me.StringField(required=True)
    field4 = me.StringField(required=True)
    field5 = me.StringField(required=True)
    field6 = me.StringField(required=True)
    field7 = me.StringField(required=True)
    field8 = me.IntField(required=True)
    field9 = me.IntField(required=True)
    field10 = me.IntField(required=True)
    field11 = me.IntField(required=True)
    field12 = me.IntField(required=True)
    field13 = me.IntField(required=True)


MELarge: Any = type(
    "MELarge",
    (me.Document,),
    {
        "meta": {**_ME_META, "collection": "me_large_doc"},
        **{f"field{i}": me.StringField(required=True) for i in range(1, 126)},
        **{f"field{i}": me.IntField(required=True) for i in range(126, 251)},
        "image_field": me.BinaryField(required=True),
    },
)
MEStrDoc: Any = type(
    "MEStrDoc",
    (me.EmbeddedDocument,),
    {f"field{i}": me.StringField(required=True) for i in range(1, 16)},
)
MEIntDoc: Any = type(
    "MEIntDoc",
    (me.EmbeddedDocument,),
    {f"field{i}": me.IntField(required=True) for i in range(1, 16)},
)
MENested: Any = type(
    "MENested",
    (me.Document,),
    {
        "meta": {**_ME_META, "collection": "me_large_doc_nested"},
        **{
            f"embedded_str_doc_{i}": me.EmbeddedDocumentField(MEStrDoc, required=True)
            for i in range(1, 6)
        },
        "embedded_str_doc_array": me.ListField(me.EmbeddedDocumentField(MEStrDoc)),
        **{
            f"embedded_int_doc_{i}": me.EmbeddedDocumentField(MEIntDoc, required=True)
            for i in range(8, 15)
        },
    },
)


class MEAuthor(me.EmbeddedDocument):  # type: ignore[misc]
    name = me.StringField(required=True, max_length=100)
    born = me.IntField(required=True, min_value=0)


class MEBook(me.Document):  # type: ignore[misc]
    meta: ClassVar[dict[str, Any]] = {**_ME_META, "collection": "me_books"}

    title = me.StringField(required=True, max_length=200)
    author = me.EmbeddedDocumentField(MEAuthor, required=True)
    year = me.IntField(required=True, min_value=0)
    price = me.FloatField(required=True, min_value=0)
    published = me.DateTimeField(required=True)
    tags = me.ListField(me.StringField(), required=True)
    in_stock = me.BooleanField(required=True)
    isbn = me.StringField(required=True)


def me_new_nested(doc: Doc) -> Any:
    """A new ``MENested`` from a LARGE_DOC_NESTED dict."""
    values: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "_id":
            values["id"] = value
        elif key == "embedded_str_doc_array":
            values[key] = [MEStrDoc(**item) for item in value]
        elif key.startswith("embedded_str_doc"):
            values[key] = MEStrDoc(**value)
        else:
            values[key] = MEIntDoc(**value)
    return MENested(**values)


def me_new_book(doc: Doc) -> MEBook:
    """A new ``MEBook`` from a :func:`~bench.data.typical` dict."""
    values = dict(doc)
    values["id"] = values.pop("_id")
    values["author"] = MEAuthor(**values["author"])
    return MEBook(**values)


def me_new_flat(cls: Any, doc: Doc) -> Any:
    """A new flat MongoEngine document from a dict."""
    if "_id" in doc:
        doc = dict(doc)
        doc["id"] = doc.pop("_id")
    return cls(**doc)


# -- pydantic v2 (how Beanie and ODMantic load) -----------------------------


class _Model(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, populate_by_name=True)


def _object_id(value: object) -> ObjectId:
    # Beanie's PydanticObjectId and ODMantic's ObjectId both check ids with
    # a Python function like this one.
    if isinstance(value, ObjectId):
        return value
    if isinstance(value, str | bytes) and ObjectId.is_valid(value):
        return ObjectId(value)
    raise ValueError(f"{value!r} is not an ObjectId")


StoredId = Annotated[ObjectId, PlainValidator(_object_id)]


class _Stored(_Model):
    id: StoredId | None = PydanticField(default=None, alias="_id")


class PSmall(_Stored):
    field1: str
    field2: str
    field3: str
    field4: str
    field5: str
    field6: str
    field7: str
    field8: int
    field9: int
    field10: int
    field11: int
    field12: int
    field13: int


PLarge: Any = create_model(  # type: ignore[call-overload]
    "PLarge",
    __base__=_Stored,
    **{f"field{i}": (str, ...) for i in range(1, 126)},
    **{f"field{i}": (int, ...) for i in range(126, 251)},
    image_field=(bytes, ...),
)
PStrDoc: Any = create_model(  # type: ignore[call-overload]
    "PStrDoc", __base__=_Model, **{f"field{i}": (str, ...) for i in range(1, 16)}
)
PIntDoc: Any = create_model(  # type: ignore[call-overload]
    "PIntDoc", __base__=_Model, **{f"field{i}": (int, ...) for i in range(1, 16)}
)
PNested: Any = create_model(  # type: ignore[call-overload]
    "PNested",
    __base__=_Stored,
    **{f"embedded_str_doc_{i}": (PStrDoc, ...) for i in range(1, 6)},
    embedded_str_doc_array=(list[PStrDoc], ...),
    **{f"embedded_int_doc_{i}": (PIntDoc, ...) for i in range(8, 15)},
)


class PAuthor(_Model):
    name: str = PydanticField(max_length=100)
    born: int = PydanticField(ge=0)


class PBook(_Stored):
    title: str = PydanticField(max_length=200)
    author: PAuthor
    year: int = PydanticField(ge=0)
    price: float = PydanticField(ge=0)
    published: datetime
    tags: list[str]
    in_stock: bool
    isbn: str


def p_dump(model: BaseModel) -> dict[str, Any]:
    """The dict a pydantic-based ODM would encode (``_id`` first)."""
    return model.model_dump(by_alias=True)
