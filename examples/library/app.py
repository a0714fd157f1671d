"""The library: list, filter, add, edit and delete books, with covers.

Run it with ``./dev run`` and open http://127.0.0.1:5000/. The data lives
in the embedded engine's SQLite file ``instance/library.db``; set
``LIBRARY_MONGO_URI`` (for example ``mongodb://localhost:27017``) to use a
real MongoDB instead. ``flask --app examples.library.app seed`` adds the
sample books (``./dev run`` does when the library is empty).

What it shows of Flask-Mongo: the typed models (:mod:`.models`), forms made
from them by ``model_form`` with CSRF protection (:mod:`.forms`), cover
images in GridFS (``db.save_file``/``db.send_file``), sessions kept in
MongoDB (``db.init_sessions``: the flash messages and the recently viewed
books live there), and a JSON API beside the pages (``/api/books``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from bson import ObjectId
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from flask_mongo.errors import BadValueException

from .forms import YEAR, BookForm, image_type
from .models import GENRES, Book, db
from .seed import seed_command

__all__ = ["create_app", "db"]

bp = Blueprint("library", __name__)
api = Blueprint("api", __name__, url_prefix="/api")
csrf = CSRFProtect()

#: How many books "Recently viewed" lists.
RECENT = 5


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The library app; ``config`` overrides the defaults (``MONGO_URI``,
    ``MONGO_DATABASE``, ``LIBRARY_PER_PAGE``, ``SECRET_KEY``...)."""
    app = Flask(__name__)
    app.config.update(
        MONGO_URI=os.environ.get("LIBRARY_MONGO_URI", "mongoeco:///library.db"),
        MONGO_DATABASE="library",
        LIBRARY_PER_PAGE=10,
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,  # covers up to 4 MB
    )
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app)
    db.init_app(app)
    db.init_sessions(app)
    csrf.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(api)
    app.cli.add_command(seed_command)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(Exception, server_error)
    return app


def instance_secret(app: Flask) -> str:
    """The key that signs the session cookie and the forms' CSRF tokens,
    made on first run and kept in the instance folder (so that a restart
    keeps everyone's session)."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


# -- errors ------------------------------------------------------------------


def http_error(error: HTTPException) -> Response | tuple[Any, int]:
    """400, 404, 405, 413...: a page that says what happened (JSON under
    ``/api/``)."""
    code = error.code or 500
    if request.path.startswith("/api/"):
        return jsonify(error=error.name, message=error.description), code
    return render_template("error.html", error=error, code=code), code


def csrf_error(error: CSRFError) -> tuple[str, int]:
    """A form posted without its token (from another site, or kept open
    past the token's life)."""
    message = (
        "The form could not be accepted: it has expired or it came from"
        " another site. Go back, reload the page and try again."
    )
    return render_template("error.html", error=error, code=400, message=message), 400


def server_error(error: Exception) -> Response | tuple[Any, int]:
    """Anything else: logged, and a friendly 500 page."""
    if isinstance(error, HTTPException):  # pragma: no cover - handled above
        return http_error(error)
    if current_app.debug:
        raise error  # flask run --debug: Werkzeug's debugger shows it
    current_app.logger.exception("unhandled error", exc_info=error)
    if request.path.startswith("/api/"):
        return jsonify(error="Internal Server Error", message="Something broke."), 500
    return render_template("error.html", error=None, code=500), 500


# -- pages -------------------------------------------------------------------


@bp.get("/")
def index() -> tuple[str, int]:
    """The books, a page at a time (``?page=``), filtered by ``?author=``,
    ``?year=`` and ``?genre=``. A filter value that cannot be used is a 400
    whose page says why; the other filters still apply."""
    author = request.args.get("author", "").strip()
    year = request.args.get("year", "").strip()
    genre = request.args.get("genre", "").strip()
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
    if genre:
        if genre in GENRES:
            query = query.filter(Book.genre == genre)
        else:
            problems.append(f"No genre filter: there is no genre {genre!r}.")
    page = query.paginate(per_page=current_app.config["LIBRARY_PER_PAGE"])
    html = render_template(
        "index.html",
        page=page,
        author=author,
        year=year,
        genre=genre,
        genres=GENRES,
        problems=problems,
        authors=sorted(Book.query.distinct(Book.author.name)),
        recent=session.get("recent", []),
    )
    return html, 400 if problems else 200


@bp.get("/books/<ObjectId:book_id>")
def show(book_id: ObjectId) -> str:
    """One book; 404 when there is none with this id (a malformed id does
    not match the route, so it is a 404 too). Remembered in the session's
    recently viewed books."""
    book = Book.query.get_or_404(book_id)
    entry = [str(book_id), book.title]
    recent = [item for item in session.get("recent", []) if item[0] != entry[0]]
    session["recent"] = [entry, *recent][:RECENT]
    return render_template("book.html", book=book)


@bp.route("/books/new", methods=["GET", "POST"])
def add() -> Response | tuple[str, int]:
    """The add form; a valid post saves the book and shows it."""
    form = BookForm()
    book = Book()
    if form.validate_on_submit() and form.populate_obj(book):
        book.save()
        save_cover(book, form)
        flash(f"Added “{book.title}”.", "success")
        return redirect(url_for(".show", book_id=book.mongo_id))
    status = 400 if request.method == "POST" else 200
    return render_template("form.html", form=form, book=None), status


@bp.route("/books/<ObjectId:book_id>/edit", methods=["GET", "POST"])
def edit(book_id: ObjectId) -> Response | tuple[str, int]:
    """The edit form; a valid post saves the changes and shows the book."""
    book = Book.query.get_or_404(book_id)
    title = book.title  # the heading keeps it while the form has errors
    form = BookForm(obj=book)
    if form.validate_on_submit() and form.populate_obj(book):
        book.save()
        save_cover(book, form)
        flash(f"Saved “{book.title}”.", "success")
        return redirect(url_for(".show", book_id=book.mongo_id))
    # Not saved: the changes in ``book`` are dropped with it.
    status = 400 if request.method == "POST" else 200
    return render_template("form.html", form=form, book=book, title=title), status


@bp.route("/books/<ObjectId:book_id>/delete", methods=["GET", "POST"])
def delete(book_id: ObjectId) -> Response | str:
    """GET: ask to confirm; POST (the confirmation, with its CSRF token):
    delete the book and its cover, and go back to the list."""
    book = Book.query.get_or_404(book_id)
    form = FlaskForm()
    if not form.validate_on_submit():
        return render_template("delete.html", book=book, form=form)
    book.remove()  # and its cover (FileField(delete_with_document=True))
    recent = session.get("recent", [])
    session["recent"] = [item for item in recent if item[0] != str(book_id)]
    flash(f"Deleted “{book.title}”.", "success")
    return redirect(url_for(".index"))


@bp.get("/books/<ObjectId:book_id>/cover")
def cover(book_id: ObjectId) -> Response:
    """The book's cover image, from GridFS (a 404 when it has none)."""
    book = Book.query.get_or_404(book_id)
    if not book.cover:
        abort(404, "This book has no cover image.")
    # The URL stays when the cover changes: browsers revalidate (a 304
    # while it is unchanged, thanks to the ETag).
    return Book.cover.send(book, cache_for=0)


def save_cover(book: Book, form: Any) -> None:
    """Store an uploaded cover in GridFS, and once the book is saved with
    it, delete the previous one."""
    upload = form.cover_image.data
    if not upload or not getattr(upload, "filename", ""):
        return
    data = upload.stream.read()
    old = book.cover
    Book.cover.put(
        book,
        data,
        filename=f"covers/{book.mongo_id}",
        content_type=image_type(data[:16]),
        book=book.mongo_id,
    )
    book.save()
    if old:
        db.delete_file(old)


# -- the JSON API ------------------------------------------------------------


@api.get("/books")
def api_books() -> Response:
    """``{"items": [...], "page": 1, "pages": 3, "total": 30, ...}``;
    ``?page=`` and ``?per_page=`` (at most 100)."""
    per_page = request.args.get("per_page", 20, type=int)
    if not 1 <= per_page <= 100:
        abort(400, "per_page must be from 1 to 100.")
    return jsonify(Book.query.paginate(per_page=per_page))


@api.get("/books/keyset")
def api_books_keyset() -> Response:
    """Keyset pages by title: ``{"items": [...], "next_token": ...,
    "prev_token": ..., "has_next", "has_prev"}``; give ``?after=`` a
    ``next_token`` (or ``?before=`` a ``prev_token``). Every page costs the
    same, however far in; a junk token is a 400."""
    per_page = request.args.get("per_page", 20, type=int)
    if not 1 <= per_page <= 100:
        abort(400, "per_page must be from 1 to 100.")
    page = Book.query.sort(Book.title, Book.mongo_id).keyset(
        per_page=per_page,
        after=request.args.get("after"),
        before=request.args.get("before"),
    )
    return jsonify(page)


@api.get("/books/<ObjectId:book_id>")
def api_book(book_id: ObjectId) -> Response:
    """One book, as stored; a JSON 404 when there is none."""
    return jsonify(Book.query.get_or_404(book_id))
