"""The book form: read the posted fields, check them, copy them to a Book.

Values are checked in two steps: what a form can say (present, a whole
number) here, and what the model says (lengths, bounds) by assigning to the
document, whose fields raise :class:`~flask_mongo.errors.BadValueException`
for a value they refuse; that becomes a message next to the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask_mongo.errors import BadValueException

from .models import Author, Book

# Digits only, and few of them: int() of a huge string is slow, and no year
# has more than four digits anyway.
YEAR = re.compile(r"-?[0-9]{1,9}")


@dataclass
class BookForm:
    """The add/edit form's values (as typed) and its errors by field name."""

    title: str = ""
    author: str = ""
    year: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_request(cls, form: Mapping[str, str]) -> BookForm:
        return cls(
            title=form.get("title", "").strip(),
            author=form.get("author", "").strip(),
            year=form.get("year", "").strip(),
        )

    @classmethod
    def from_book(cls, book: Book) -> BookForm:
        return cls(title=book.title, author=book.author.name, year=str(book.year))

    def apply(self, book: Book) -> bool:
        """Copy the values to ``book``; False (and :attr:`errors` filled in)
        when any is refused. ``book`` is not saved here."""
        self.errors.clear()
        if not self.title:
            self.errors["title"] = "Enter a title."
        else:
            with self._checking("title"):
                book.title = self.title
        if not self.author:
            self.errors["author"] = "Enter the author's name."
        else:
            with self._checking("author"):
                book.author = Author(name=self.author)
        if not self.year:
            self.errors["year"] = "Enter the year of publication."
        elif not YEAR.fullmatch(self.year):
            self.errors["year"] = "The year must be a whole number, such as 2004."
        else:
            with self._checking("year"):
                book.year = int(self.year)
        return not self.errors

    @contextmanager
    def _checking(self, name: str) -> Iterator[None]:
        """Turn the model's refusal of a value into the field's error."""
        try:
            yield
        except BadValueException as error:
            self.errors[name] = f"Not accepted: {error.reason}."
