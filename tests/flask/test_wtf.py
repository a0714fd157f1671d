"""Forms made from documents: flask_mongo.wtf.model_form, for typed
documents and MongoKit structures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from flask import Flask

from flask_mongo import Document
from flask_mongo.odm import (
    BoolField,
    CreatedField,
    DateTimeField,
    DocumentField,
    EnumField,
    FloatField,
    IntField,
    ListField,
    RefField,
    RegExStringField,
    StringField,
)

wtforms = pytest.importorskip("wtforms")
pytest.importorskip("flask_wtf")

from flask_mongo.wtf import ModelForm, model_form  # noqa: E402
from tests.support import form_errors, post_form  # noqa: E402


class Author(Document):
    name: StringField = StringField(min_length=1, max_length=50)
    born: IntField[int | None] = IntField(required=False, min_value=0)


class Book(Document):
    title: StringField = StringField(min_length=1, max_length=300)
    isbn: RegExStringField[str | None] = RegExStringField(r"[0-9]{13}", required=False)
    year: IntField = IntField(min_value=0, max_value=2100)
    rating: FloatField[float | None] = FloatField(
        min_value=0, max_value=5, required=False
    )
    genre: EnumField[str, str] = EnumField(StringField(), "novel", "poetry")
    shelf: EnumField[int, int | None] = EnumField(IntField(), 1, 2, 3, required=False)
    available: BoolField = BoolField(default=True)
    published: DateTimeField[datetime | None] = DateTimeField(
        required=False, min_date=datetime(1450, 1, 1)
    )
    author: DocumentField[Author] = DocumentField(Author)
    editor: DocumentField[Author, Author | None] = DocumentField(Author, required=False)
    tags: ListField[str] = ListField(
        StringField(max_length=10), max_capacity=2, default_empty=True
    )
    code: StringField[str | None] = StringField(
        required=False, validator=lambda code: code != "nope"
    )
    created: CreatedField = CreatedField()
    sequel: RefField[Any, Any] = RefField("Book", required=False)


GOOD: dict[str, str] = {
    "title": "Dive Into Python",
    "year": "2004",
    "genre": "novel",
    "author-name": "Mark Pilgrim",
}


def test_fields_follow_the_declaration(form_app: Flask) -> None:
    form = model_form(Book)()
    assert [field.name for field in form] == [
        "title",
        "isbn",
        "year",
        "rating",
        "genre",
        "shelf",
        "available",
        "published",
        "author",
        "editor",
        "tags",
        "code",
    ]  # no id, timestamp or reference
    assert form.title.type == "StringField"
    assert form.year.type == "IntegerField"
    assert form.rating.type == "FloatField"
    assert form.genre.type == "SelectField"
    assert form.available.type == "BooleanField"
    assert form.published.type == "DateTimeLocalField"
    assert form.author.type == "FormField"
    assert form.tags.type == "FieldList"
    assert form.title.label.text == "Title"
    assert type(form).__name__ == "BookForm"
    assert type(form).model is Book


def test_a_good_post_populates_the_document(form_app: Flask) -> None:
    data = {
        **GOOD,
        "isbn": "9781590593561",
        "rating": "4.5",
        "shelf": "2",
        "available": "y",
        "published": "2004-07-01T10:30",
        "tags-0": "python",
        "tags-1": "",
        "code": "  ok  ",
    }
    form = post_form(model_form(Book), data)
    assert form.validate(), form.errors
    book = Book()
    assert form.populate_obj(book) is True
    assert book.title == "Dive Into Python"
    assert book.year == 2004
    assert book.rating == 4.5
    assert (book.genre, book.shelf, book.available) == ("novel", 2, True)
    assert book.published == datetime(2004, 7, 1, 10, 30)
    assert book.author.name == "Mark Pilgrim"
    assert book.editor is None  # left empty: an optional embedded document
    assert book.tags == ["python"]  # a blank entry is no item
    assert book.code == "ok"  # strings are stripped


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter a title."),
        ({"title": "x" * 301}, "title", "Enter at most 300 characters."),
        ({"year": ""}, "year", "Enter a year."),
        ({"year": "two thousand"}, "year", "Enter the year as a whole number."),
        ({"year": "9" * 5000}, "year", "Enter the year as a whole number."),
        ({"year": "-1"}, "year", "Enter a year from 0 to 2100."),
        ({"year": "2101"}, "year", "Enter a year from 0 to 2100."),
        ({"rating": "much"}, "rating", "Enter the rating as a number, such as 2.5."),
        ({"rating": "6"}, "rating", "Enter a rating from 0 to 5."),
        ({"isbn": "12345"}, "isbn", "Enter a valid isbn."),
        ({"isbn": "9781590593561x"}, "isbn", "Enter a valid isbn."),
        ({"genre": "comic"}, "genre", "Choose one of: novel, poetry."),
        ({"genre": ""}, "genre", "Choose a genre."),
        ({"shelf": "9"}, "shelf", "Choose one of: 1, 2, 3."),
        ({"published": "yesterday"}, "published", "Enter the published as a date"),
        (
            {"published": "1400-01-01T00:00"},
            "published",
            "1450-01-01 00:00:00 or later",
        ),
    ],
)
def test_bad_input_is_a_field_error_in_plain_words(
    form_app: Flask, data: dict[str, str], field: str, message: str
) -> None:
    errors = form_errors(post_form(model_form(Book), {**GOOD, **data}))
    assert list(errors) == [field]
    assert any(message in error for error in errors[field]), errors


def test_embedded_and_list_errors(form_app: Flask) -> None:
    data = {**GOOD, "author-name": "", "tags-0": "x" * 11, "tags-1": "a", "tags-2": "b"}
    errors = form_errors(post_form(model_form(Book), data))
    assert errors["author"] == {"name": ["Enter a name."]}
    assert errors["tags"][:3] == [["Enter at most 10 characters."], [], []]
    assert "Enter at most 2 items." in errors["tags"]


def test_an_optional_embedded_document_needs_its_required_fields(
    form_app: Flask,
) -> None:
    form = post_form(model_form(Book), {**GOOD, "editor-born": "1970"})
    assert form.validate()  # each field of it optional in the form...
    book = Book()
    assert form.populate_obj(book) is False  # ...but a name is needed once given
    assert form.editor.form.name.errors == ["Enter a name."]


def test_a_value_the_model_refuses_is_a_field_error(form_app: Flask) -> None:
    form = post_form(model_form(Book), {**GOOD, "code": "nope"})
    assert form.validate()
    book = Book()
    assert form.populate_obj(book) is False
    assert form.code.errors == [
        "This code is not accepted: rejected by the field's validator."
    ]
    # populate_obj without validate() first: errors is still a list.
    unchecked = post_form(model_form(Book), {**GOOD, "code": "nope"})
    assert unchecked.populate_obj(Book()) is False
    assert unchecked.code.errors == form.code.errors


def test_editing_prefills_and_clears_optional_values(form_app: Flask) -> None:
    book = Book(
        title="Old",
        year=1999,
        genre="poetry",
        author=Author(name="A"),
        editor=Author(name="E"),
        tags=["t"],
        rating=3.0,
    )
    form = model_form(Book)(obj=book)
    assert form.title.data == "Old"
    assert form.author.form.name.data == "A"
    assert form.tags.entries[0].data == "t"
    # A browser posts every input, empty ones as "".
    cleared = {"rating": "", "editor-name": "", "editor-born": "", "tags-0": ""}
    form = post_form(model_form(Book), {**GOOD, **cleared}, obj=book)
    assert form.validate()
    assert form.populate_obj(book)
    assert (book.title, book.rating, book.editor, book.tags) == (
        "Dive Into Python",
        None,
        None,
        [],
    )
    assert book.author.name == "Mark Pilgrim"


def test_only_exclude_and_field_args(form_app: Flask) -> None:
    form_class = model_form(
        Book,
        only=["year", "title"],
        field_args={
            "title": {
                "label": "Book title",
                "validators": [wtforms.validators.Length(3)],
            }
        },
    )
    form = post_form(form_class, {"title": "ab", "year": "2000"})
    assert [field.name for field in form] == ["year", "title"]
    assert form.title.label.text == "Book title"
    assert not form.validate()
    assert form.title.errors == ["Field must be at least 3 characters long."]
    excluded = model_form(Book, exclude=["tags", "author", "editor"])()
    assert "tags" not in excluded._fields
    assert "title" in excluded._fields
    # A required field left empty: "Enter a book title." takes the label.
    assert post_form(form_class, {"year": "1"}).validate() is False


def test_only_names_fields_it_can_make(form_app: Flask) -> None:
    with pytest.raises(KeyError, match="no field 'titel' in the model"):
        model_form(Book, only=["titel"])
    with pytest.raises(TypeError, match=r"cannot make a form field for Book\.sequel"):
        model_form(Book, only=["sequel"])
    with pytest.raises(TypeError, match=r"needs a flask_mongo\.Document or a MongoKit"):
        model_form(dict)
    with pytest.raises(TypeError, match="base_class must be a subclass"):
        model_form(Book, base_class=wtforms.Form)


def test_a_base_class_adds_fields(form_app: Flask) -> None:
    class WithNote(ModelForm):
        note = wtforms.StringField("Note")

    form = post_form(
        model_form(Author, base_class=WithNote), {"name": "A", "note": "n"}
    )
    assert isinstance(form, WithNote)
    author = Author()
    assert form.validate()
    assert form.populate_obj(author)
    assert author.name == "A"
    assert not hasattr(author, "note")  # not the model's: left alone


def test_csrf_is_on_by_default(form_app: Flask) -> None:
    form_app.config["WTF_CSRF_ENABLED"] = True
    form = post_form(model_form(Author), {"name": "A"})
    assert not form.validate()
    assert form.errors == {"csrf_token": ["The CSRF token is missing."]}


class Limits(Document):
    low: FloatField = FloatField(min_value=1)
    high: IntField[int | None] = IntField(max_value=10, required=False)
    code: StringField[str | None] = StringField(
        min_length=3, max_length=5, required=False
    )
    word: StringField[str | None] = StringField(min_length=3, required=False)
    names: ListField[str] = ListField(StringField(), min_capacity=2)
    size: EnumField[float, float | None] = EnumField(
        FloatField(), 1.5, 2.5, required=False
    )
    before: DateTimeField[datetime | None] = DateTimeField(
        required=False, max_date=datetime(2000, 1, 1)
    )
    boss: DocumentField[Author, Author | None] = DocumentField(Author, allow_none=True)
    refs: ListField[Any, list[Any] | None] = ListField(RefField("Book"), required=False)
    grid: ListField[list[int], list[list[int]] | None] = ListField(
        ListField(IntField()), required=False
    )
    team: ListField[Author] = ListField(DocumentField(Author), default_empty=True)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"low": "0.5"}, "low", "Enter a low of 1 or more."),
        ({"high": "11"}, "high", "Enter a high of 10 or less."),
        ({"code": "ab"}, "code", "Enter 3 to 5 characters."),
        ({"word": "ab"}, "word", "Enter at least 3 characters."),
        ({"names-1": ""}, "names", "Enter at least 2 items."),
        ({"size": "3.5"}, "size", "Choose one of: 1.5, 2.5."),
        ({"before": "2001-01-01T00:00"}, "before", "2000-01-01 00:00:00 or earlier."),
    ],
)
def test_bounds_in_plain_words(
    form_app: Flask, data: dict[str, str], field: str, message: str
) -> None:
    good = {"low": "2", "names-0": "a", "names-1": "b"}
    errors = form_errors(post_form(model_form(Limits), {**good, **data}))
    assert message in str(errors[field])


def test_fields_a_form_cannot_edit_are_left_out(form_app: Flask) -> None:
    form = model_form(Limits)()
    assert "refs" not in form._fields  # a list of references
    assert "grid" not in form._fields  # a list of lists


def test_a_blank_embedded_document_that_allows_none_is_none(form_app: Flask) -> None:
    data = {"low": "2", "names-0": "a", "names-1": "b", "size": "2.5"}
    form = post_form(model_form(Limits), {**data, "boss-name": "", "boss-born": ""})
    assert form.validate(), form.errors
    limits = Limits(boss=Author(name="B"))
    assert form.populate_obj(limits)
    assert limits.boss is None
    assert limits.size == 2.5
    assert limits.names == ["a", "b"]


def test_a_list_of_embedded_documents(form_app: Flask) -> None:
    data = {"low": "2", "names-0": "a", "names-1": "b"}
    team = {"team-0-name": "Ann", "team-0-born": "1970", "team-1-name": ""}
    form = post_form(model_form(Limits), {**data, **team, "team-2-name": "Bo"})
    assert form.validate(), form.errors
    limits = Limits()
    assert form.populate_obj(limits)
    assert [(m.name, m.born) for m in limits.team] == [("Ann", 1970), ("Bo", None)]

    # One of them without its required name: an error on that entry.
    form = post_form(model_form(Limits), {**data, "team-0-born": "1970"})
    assert form.validate()
    assert form.populate_obj(Limits()) is False
    assert form.team.entries[0].form.name.errors == ["Enter a name."]
