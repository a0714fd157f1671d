"""Translated fields: ``i18n = ['title']``.

In Python, a translated field holds one value per language,
``{'en': 'Hello', 'fr': 'Salut'}``; with ``use_dot_notation``, ``doc.title``
reads and writes the value of the document's current language (see
``Document.set_lang``), falling back to its fallback language. MongoDB
stores it as a list, ``[{'lang': 'en', 'value': 'Hello'}, ...]``, so that
``{'title.value': ...}`` queries and indexes work.
"""

from __future__ import annotations

from typing import Any

from .types import CustomType

__all__ = ["I18n", "Translations"]


class Translations(dict[str, Any]):
    """The value of a translated field, one value per language
    (``doc['title'] = Translations(en='Hello')``; MongoKit's ``i18n``). Any
    dict of language: value does as well."""


class I18n(CustomType):
    """The structure entry of a translated field (made from ``i18n``).

    :param field_spec: the structure entry of each translation.
    """

    mongo_type = list
    python_type = dict
    init_type = dict
    check_stored = False

    def __init__(self, field_spec: Any) -> None:
        super().__init__()
        self.field_spec = field_spec

    def to_bson(self, value: Any) -> list[dict[str, Any]]:
        return [{"lang": lang, "value": text} for lang, text in value.items()]

    def to_python(self, value: Any) -> dict[str, Any]:
        if isinstance(value, dict):  # already the Python form
            return value
        return {item["lang"]: item["value"] for item in value}

    def __repr__(self) -> str:
        return f"I18n({self.field_spec!r})"


def translation(value: Any, lang: str, fallback_lang: str) -> Any:
    """The value of ``lang`` in a translated field's dict, else the fallback
    language's, else ``None``."""
    if not isinstance(value, dict):
        return value
    if lang in value:
        return value[lang]
    return value.get(fallback_lang)
