# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README).
# mypy: disable-error-code="call-arg"
"""MongoAlchemy's queries and query fields (``flask_mongoalchemy.query``,
``flask_mongoalchemy.query_expression``) under the legacy policy."""

from __future__ import annotations

import pytest

import flask_mongo
from flask_mongo.errors import BadQueryException, BadValueException, FieldNotRetrieved
from flask_mongo.odm import IntField as ModernIntField
from flask_mongoalchemy import BaseQuery, Document, MongoAlchemy
from flask_mongoalchemy.fields import (
    AnythingField,
    DocumentField,
    IntField,
    ListField,
    SetField,
    StringField,
)
from flask_mongoalchemy.query import Query, QueryResult, RemoveQuery
from flask_mongoalchemy.query_expression import Q, QueryField
from flask_mongoalchemy.session import RemoveQuery as SessionRemoveQuery


class Item(Document):
    n = IntField()
    label = StringField(db_field="l")


class Holder(Document):
    item = DocumentField(Item)
    items = ListField(DocumentField(Item))
    tags = SetField(StringField())


def test_filters_on_one_field_merge_into_one_operator_dict() -> None:
    q = Query(Item, None)
    q.filter(Item.n > 1).filter(Item.n < 5)
    assert q.query == {"n": {"$gt": 1, "$lt": 5}}
    q.in_(Item.n, 2, 3).in_(Item.n, 2, 3)
    assert q.query == {"n": {"$gt": 1, "$lt": 5, "$in": [2, 3]}}
    # A repeated operator replaces the earlier one, as in MongoAlchemy.
    q.filter(Item.n.exists(False)).filter(Item.n.exists(True))
    assert q.query["n"]["$exists"] is True
    assert Query(Item, None).filter_by(label="x").query == {"l": "x"}


@pytest.mark.parametrize(
    ("first", "second"),
    [(Item.n == 3, Item.n == 3), (Item.n < 2, Item.n == 4), (Item.n == 4, Item.n < 2)],
)
def test_a_field_given_twice_not_as_operators_is_refused(
    first: dict[str, object], second: dict[str, object]
) -> None:
    with pytest.raises(BadQueryException, match="'n' is given twice"):
        Query(Item, None).filter(first, second)


def test_the_modern_query_keeps_both_conditions(db: MongoAlchemy) -> None:
    class Modern(flask_mongo.Document, mongo=db):
        n = ModernIntField()

    query = Modern.query.filter(Modern.n == 3).filter(Modern.n == 4)
    assert query.query == {"$and": [{"n": 3}, {"n": 4}]}


def test_sort_and_hint_refuse_the_same_field_twice() -> None:
    with pytest.raises(BadQueryException, match="same field twice"):
        Query(Item, None).ascending(Item.n).descending(Item.n)
    with pytest.raises(BadQueryException, match="same field twice"):
        Query(Item, None).sort((Item.n, 1), (Item.n, -1))
    with pytest.raises(BadQueryException, match="names 'n' twice"):
        Query(Item, None).hint_asc(Item.n).hint_desc(Item.n)
    q = Query(Item, None).ascending(Item.n).descending(Item.label)
    assert q._sort == [("n", 1), ("l", -1)]
    assert Query(Item, None).hint_asc(Item.n).hint_desc(Item.label)._hint == [
        ("n", 1),
        ("l", -1),
    ]


def test_query_fields_repr_parent_and_comparison() -> None:
    assert repr(Item.n) == "QueryField(n)"
    sub, top = Holder.item.n, Holder.item
    assert isinstance(sub, QueryField)
    assert isinstance(top, QueryField)
    assert str(sub._get_parent()) == "item"
    assert top._get_parent() is None
    same: object = Item.n == Item.n
    other: object = Item.n != Item.label
    not_other: object = Item.n != Item.n
    assert (same, other, not_other) == (True, True, False)
    assert Item.mongo_id == Item.mongo_id
    with pytest.raises(BadQueryException, match="no sub-field 'q'"):
        _ = Holder.item.q
    assert not hasattr(Holder.item, "q")  # also an AttributeError


def test_in_checks_each_value_as_an_item_or_the_whole_list() -> None:
    assert Holder.tags.in_("a") == {"tags": {"$in": ["a"]}}
    assert Holder.tags.in_({"a"}) == {"tags": {"$in": [["a"]]}}
    assert Item.n.nin(1, 2) == {"n": {"$nin": [1, 2]}}
    with pytest.raises(BadValueException):
        Item.n.in_("x")


def test_elem_match_needs_a_list_and_a_query() -> None:
    match = Holder.items.elem_match(Item.n == 1)
    assert match == {"items": {"$elemMatch": {"n": 1}}}
    assert str(match) == "items"
    with pytest.raises(BadQueryException, match="needs a list field"):
        Item.n.elem_match({"n": 1})
    with pytest.raises(BadQueryException, match="takes a query"):
        Holder.items.elem_match(None)


def test_fields_expression_and_elem_match_projection(db: MongoAlchemy) -> None:
    class Box(Document, mongo=db):
        items = ListField(DocumentField(Item))
        n = IntField()

    Box(items=[Item(n=1, label="a"), Item(n=2, label="b")], n=7).save()
    session = db.session
    assert session is not None
    q = session.query(Box).fields(Box.items.elem_match(Item.n == 2))
    assert q._fields_expression() == {"items": {"$elemMatch": {"n": 2}}, "_id": True}
    box = q.one()
    assert [i.n for i in box.items] == [2]
    with pytest.raises(FieldNotRetrieved):
        _ = box.n
    both = session.query(Box).fields(Box.n, Box.items.elem_match(Item.n == 1))
    assert both._fields_expression() == {
        "n": True,
        "items": {"$elemMatch": {"n": 1}},
        "_id": True,
    }
    assert session.query(Box).fields(Box.mongo_id.exclude())._fields_expression() == {
        "_id": False
    }


def test_free_form_query_fields() -> None:
    assert (Q.name == 3) == {"name": 3}
    assert (Q.name.first == "jeff") == {"name.first": "jeff"}
    assert (Q["age"] > 4) == {"age": {"$gt": 4}}
    with pytest.raises(BadValueException, match=r"\$"):
        _ = Q.name == {"$gt": 1}
    with pytest.raises(AttributeError):
        _ = Q._private


def test_modules_export_mongoalchemys_names(db: MongoAlchemy) -> None:
    assert BaseQuery is Query
    assert SessionRemoveQuery is RemoveQuery
    assert QueryResult.__name__ == "QueryResult"
    assert db.session is not None
    assert isinstance(db.session.query(Item), Query)
    assert repr(AnythingField().query_field) == "QueryField()"


def test_a_field_stored_as_id_replaces_mongo_id(db: MongoAlchemy) -> None:
    class Keyed(Document, mongo=db):
        code = IntField(_id=True)

    assert Keyed.mongo_id is None
    assert "mongo_id" not in Keyed._fields
    Keyed(code=5).save()
    stored = db.database[Keyed.get_collection_name()].find_one()
    assert stored == {"_id": 5}


def test_embedding_a_partly_loaded_document_says_what_was_not_loaded(
    db: MongoAlchemy,
) -> None:
    class Part(Document, mongo=db):
        b = IntField()
        c = IntField()

    class Whole(Document, mongo=db):
        part = DocumentField(Part)

    Part(b=1, c=2).save()
    partial = Query(Part, db).fields(Part.c).one()
    with pytest.raises(
        FieldNotRetrieved, match=r"Part\.b is required but was not loaded"
    ):
        Whole(part=partial).save()
    assert db.database["Whole"].count_documents({}) == 0
    with pytest.raises(FieldNotRetrieved):
        _ = partial.b
