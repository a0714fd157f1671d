"""The library: list, filter, add, edit and delete books.

Run it with ``./dev run`` and open http://127.0.0.1:5000/. The data lives
in the embedded engine's SQLite file ``instance/library.db``; set
``LIBRARY_MONGO_URI`` (for example ``mongodb://localhost:27017``) to use a
real MongoDB instead.

The models are in :mod:`.models`, the add/edit form in :mod:`.forms`, the
pages in ``templates/``. (A real app would add CSRF protection to its forms,
for example with Flask-WTF.)
"""

from __future__ import annotations

import os
from typing import Any

from bson import ObjectId
from flask import (
    Blueprint,
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from flask_mongo.errors import BadValueException

from .forms import YEAR, BookForm
from .models import Book, db

__all__ = ["create_app", "db"]

bp = Blueprint("library", __name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The library app; ``config`` overrides the defaults (``MONGO_URI``,
    ``MONGO_DATABASE``, ``LIBRARY_PER_PAGE``)."""
    app = Flask(__name__)
    app.config.update(
        MONGO_URI=os.environ.get("LIBRARY_MONGO_URI", "mongoeco:///library.db"),
        MONGO_DATABASE="library",
        LIBRARY_PER_PAGE=10,
    )
    app.config.update(config or {})
    db.init_app(app)
    app.register_blueprint(bp)
    return app


@bp.get("/")
def index() -> tuple[str, int]:
    """The books, a page at a time (``?page=``), filtered by ``?author=``
    and ``?year=``. A filter value that cannot be used is a 400 whose page
    says why; the other filters still apply."""
    author = request.args.get("author", "").strip()
    year = request.args.get("year", "").strip()
    query = Book.query
    problems: list[str] = []
    if author:
        try:
            query = query.filter(Book.author.name == author)
        except BadValueException as error:
            problems.append(f"No author filter: {error.reason}.")
    if year:
        if not YEAR.fullmatch(year):
            problems.append(
                f"No year filter: {year!r} is not a whole number, such as 2004."
            )
        else:
            try:
                query = query.filter(Book.year == int(year))
            except BadValueException as error:
                problems.append(f"No year filter: {error.reason}.")
    page = query.paginate(per_page=current_app.config["LIBRARY_PER_PAGE"])
    html = render_template(
        "index.html",
        page=page,
        author=author,
        year=year,
        problems=problems,
        authors=sorted(Book.query.distinct(Book.author.name)),
    )
    return html, 400 if problems else 200


@bp.get("/books/<ObjectId:book_id>")
def show(book_id: ObjectId) -> str:
    """One book; 404 when there is none with this id (a malformed id does
    not match the route, so it is a 404 too)."""
    return render_template("book.html", book=Book.query.get_or_404(book_id))


@bp.route("/books/new", methods=["GET", "POST"])
def add() -> Response | tuple[str, int]:
    """The add form; a valid post saves the book and shows it."""
    if request.method == "GET":
        return render_template("form.html", form=BookForm(), book_id=None), 200
    form = BookForm.from_request(request.form)
    book = Book()
    if not form.apply(book):
        return render_template("form.html", form=form, book_id=None), 400
    book.save()
    return redirect(url_for(".show", book_id=book.mongo_id))


@bp.route("/books/<ObjectId:book_id>/edit", methods=["GET", "POST"])
def edit(book_id: ObjectId) -> Response | tuple[str, int]:
    """The edit form; a valid post saves the changes and shows the book."""
    book = Book.query.get_or_404(book_id)
    title = book.title  # the heading keeps it while the form has errors
    if request.method == "GET":
        form = BookForm.from_book(book)
        return render_template(
            "form.html", form=form, book_id=book_id, title=title
        ), 200
    form = BookForm.from_request(request.form)
    if not form.apply(book):
        # Not saved: the changes in ``book`` are dropped with it.
        return render_template(
            "form.html", form=form, book_id=book_id, title=title
        ), 400
    book.save()
    return redirect(url_for(".show", book_id=book.mongo_id))


@bp.post("/books/<ObjectId:book_id>/delete")
def delete(book_id: ObjectId) -> Response:
    """Delete the book and go back to the list."""
    Book.query.get_or_404(book_id).remove()
    return redirect(url_for(".index"))
