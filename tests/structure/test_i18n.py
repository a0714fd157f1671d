"""i18n: translated fields."""

from __future__ import annotations

import pytest

from flask_mongokit import Document, MongoKit, SchemaTypeError
from tests.support import found


class BlogPost(Document):
    __collection__ = "i18n"
    structure = {"title": str, "body": str, "author": str, "tags": [str]}
    i18n = ["title", "body", "tags"]
    use_dot_notation = True


class Temperature(Document):
    __collection__ = "i18n"
    structure = {"temperature": {"degree": float}}
    i18n = ["temperature.degree"]


def test_dot_notation_per_language(mk: MongoKit, ctx: None) -> None:
    mk.register([BlogPost])
    post = mk.BlogPost()
    assert post.get_lang() == "en"
    post["_id"] = "bp1"
    post.title = "Hello"
    post.body = "How are you?"
    post.author = "me"
    post.tags = ["greeting"]
    post.set_lang("fr")
    post.title = "Salut"
    post.tags = ["salutation"]
    assert post.title == "Salut"
    assert post.body == "How are you?"  # falls back to English
    post.set_lang("en")
    assert post.title == "Hello"
    assert post["title"] == {"en": "Hello", "fr": "Salut"}
    post.save()

    stored = found(mk["i18n"].find_one({"_id": "bp1"}))
    assert sorted(stored["title"], key=lambda t: t["lang"]) == [
        {"lang": "en", "value": "Hello"},
        {"lang": "fr", "value": "Salut"},
    ]
    assert found(mk["i18n"].find_one({"title.value": "Salut"}))["_id"] == "bp1"

    loaded = mk.BlogPost.find_one({"_id": "bp1"})
    assert loaded["title"] == {"en": "Hello", "fr": "Salut"}
    assert loaded["tags"] == {"en": ["greeting"], "fr": ["salutation"]}
    french = mk.BlogPost(lang="fr", fallback_lang="en")
    french.body = "Bonjour"
    assert french.title is None


def test_validation_of_translations() -> None:
    post = BlogPost()
    post["body"] = "not a dict"
    with pytest.raises(SchemaTypeError, match="body must be an instance of i18n"):
        post.validate()
    post["body"] = {"en": 3}
    with pytest.raises(SchemaTypeError, match=r"body\.en must be an instance of str"):
        post.validate()


def test_nested_translations_without_dot_notation(mk: MongoKit, ctx: None) -> None:
    temp = Temperature(collection=mk["i18n"])
    temp["temperature"]["degree"]["us"] = 75.2
    temp["temperature"]["degree"]["fr"] = 24.0
    temp.save()
    stored = found(mk["i18n"].find_one())
    assert stored["temperature"]["degree"][0] == {"lang": "us", "value": 75.2}
    again = Temperature(stored, gen_skel=False)
    assert again["temperature"]["degree"] == {"us": 75.2, "fr": 24.0}


class Recipe(Document):
    __collection__ = "i18n"
    use_dot_notation = True
    structure = {
        "meta": {"year": int},
        "text": {"name": str, "step": {"how": str}, "serves": int},
    }
    i18n = ["text.name", "text.step.how"]


def test_dot_notation_reaches_nested_translated_fields(mk: MongoKit, ctx: None) -> None:
    from flask_mongokit import DotedDict
    from flask_mongokit.helpers import i18nDotedDict

    mk.register([Recipe])
    recipe = mk.Recipe(lang="fr", fallback_lang="fr")
    assert type(recipe.meta) is DotedDict  # holds no translated field
    assert isinstance(recipe.text, i18nDotedDict)
    assert isinstance(recipe.text.step, i18nDotedDict)
    recipe.text.name = "Crêpes"
    recipe.text.step.how = "Mélanger"
    recipe.text.serves = 4
    recipe.text.note = "kept off the document"
    recipe.set_lang("en")
    assert recipe.text.name == "Crêpes"  # falls back to French
    recipe.text.name = "Pancakes"
    recipe.save()
    stored = found(mk.i18n.find_one())
    assert stored["text"] == {
        "name": [
            {"lang": "fr", "value": "Crêpes"},
            {"lang": "en", "value": "Pancakes"},
        ],
        "step": {"how": [{"lang": "fr", "value": "Mélanger"}]},
        "serves": 4,
    }
    loaded = found(mk.Recipe.find_one())
    loaded.set_lang("fr")
    assert loaded.text.name == "Crêpes"
    assert loaded.text.step.how == "Mélanger"
    with pytest.raises(AttributeError, match="no field 'missing'"):
        _ = loaded.text.missing


def test_a_translations_value_can_be_assigned(mk: MongoKit, ctx: None) -> None:
    from flask_mongokit import i18n

    mk.register([BlogPost])
    post = mk.BlogPost({"author": "me", "body": None, "tags": None})
    post["title"] = "Salut"  # not one value per language
    with pytest.raises(SchemaTypeError, match="title must be an instance of i18n"):
        post.save()
    post["title"] = i18n(en="Hello", fr="Salut")
    post.save()
    stored = found(mk.i18n.find_one())
    assert stored["title"] == [
        {"lang": "en", "value": "Hello"},
        {"lang": "fr", "value": "Salut"},
    ]
