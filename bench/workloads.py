"""Query shapes of real workloads (issue 15): keyset against offset pages,
and references loaded batched against lazily.

``./dev bench`` runs them after the server tasks (informational rows, no
targets; ``--tasks 'workloads-*'`` runs only these); alone, run
``.venv/bin/python -m bench.workloads`` (``--uri`` for a real MongoDB,
``--quick`` for tiny counts, ``--per-page``). One row per measurement:

- **page N of M, offset vs keyset**: the time of one page far into a
  listing (``paginate(page)`` skips every earlier document and counts them
  all; ``keyset(after=token)`` starts from the previous page's last
  document), and of the first page, so the growth with the page number is
  visible.
- **50 books with their authors, batched vs lazy**: the round trips
  (commands sent) and this process's CPU time to list the books and read
  each one's author, with ``with_related(Book.author)`` and without.

Figures are medians of the repetitions (``--repeat``, default 5); the
server runs in a child process, so CPU time is the client's alone.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from pymongo import monitoring

from flask_mongo import Document, Mongo
from flask_mongo.odm import IntField, SRefField, StringField

from .server import ServerProcess

DATABASE = "flask_mongo_bench_workloads"
db = Mongo()


class Author(Document, mongo=db):
    name: StringField = StringField()


class Book(Document, mongo=db):
    title: StringField = StringField()
    year: IntField = IntField()
    author_ref: SRefField[Author] = SRefField(Author)
    author = author_ref.rel()


class _Counter(monitoring.CommandListener):
    """Counts the commands sent (the round trips)."""

    def __init__(self) -> None:
        self.count = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.count += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@contextmanager
def _connected(uri: str, counter: _Counter) -> Iterator[Flask]:
    app = Flask("bench-workloads")
    app.config.update(
        MONGO_URI=uri,
        MONGO_DATABASE=DATABASE,
        MONGO_CLIENT_OPTIONS={"event_listeners": [counter], "socketTimeoutMS": 300_000},
    )
    db.init_app(app)
    try:
        with app.app_context():
            db.client.drop_database(DATABASE)
            try:
                yield app
            finally:
                db.client.drop_database(DATABASE)
    finally:
        db.close(app)


def _median(run: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``run``."""
    walls, cpus = [], []
    run()  # warm-up
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _fill_books(pages: int, per_page: int) -> None:
    author = Author(name="A")
    author.save()
    raw = [
        {"title": f"t{n:07}", "year": 1900 + n % 120, "author_ref": author.mongo_id}
        for n in range(pages * per_page)
    ]
    collection = Book.get_collection()
    # Small batches: the embedded server slows down on large ones.
    for start in range(0, len(raw), 500):
        collection.insert_many(raw[start : start + 500])
    collection.create_index([("year", 1), ("_id", 1)])


def pages_rows(pages: int, per_page: int, page: int, repeat: int) -> list[str]:
    """Offset and keyset rows at page 1 and at ``page`` of ``pages``."""
    _fill_books(pages, per_page)

    def query() -> Any:
        return Book.query.sort(Book.year, Book.mongo_id)

    # The token of the page before ``page``, walked to once (not timed).
    token = None
    for _ in range(page - 1):
        token = query().keyset(per_page=per_page, after=token).next_token
    far_offset = query().paginate(page, per_page, error_out=False).items
    far_keyset = query().keyset(per_page=per_page, after=token).items
    assert [b.mongo_id for b in far_offset] == [b.mongo_id for b in far_keyset]
    rows = []
    for label, number, run in (
        ("offset", 1, lambda: query().paginate(1, per_page).items),
        ("keyset", 1, lambda: query().keyset(per_page=per_page).items),
        ("offset", page, lambda: query().paginate(page, per_page).items),
        ("keyset", page, lambda: query().keyset(per_page=per_page, after=token)),
    ):
        wall, cpu = _median(run, repeat)
        rows.append(
            f"| page {number} of {pages} ({per_page}/page) | {label} |"
            f" {wall * 1e3:.2f} ms | {cpu * 1e3:.2f} ms |"
        )
    return rows


def related_rows(books: int, repeat: int, counter: _Counter) -> list[str]:
    """Batched and lazy rows for ``books`` books with their own authors."""
    Book.get_collection().drop()
    Author.get_collection().drop()
    authors = [Author(name=f"a{n}") for n in range(books)]
    db.save_all(authors)
    db.save_all(
        [
            Book(title=f"b{n}", year=2000, author_ref=a.mongo_id)
            for n, a in enumerate(authors)
        ]
    )

    def lazy() -> list[str]:
        return [b.author.name for b in Book.query.all()]

    def batched() -> list[str]:
        return [b.author.name for b in Book.query.with_related(Book.author).all()]

    assert sorted(lazy()) == sorted(batched())
    rows = []
    for label, run in (("lazy", lazy), ("batched", batched)):
        before = counter.count
        run()
        trips = counter.count - before
        wall, cpu = _median(run, repeat)
        rows.append(
            f"| {books} books + authors | {label} | {trips} round trips |"
            f" {wall * 1e3:.2f} ms | {cpu * 1e3:.2f} ms |"
        )
    return rows


#: The task ids ``--tasks`` of ``python -m bench`` matches.
TASKS = ("workloads-pages", "workloads-related")


def section(
    uri: str,
    quick: bool,
    repeat: int | None = None,
    per_page: int = 2,
    wanted: Callable[[str], bool] = lambda name: True,
) -> str:
    """The tables of the tasks ``wanted`` keeps (markdown; empty when it
    keeps none), run on the server at ``uri``."""
    chosen = [task for task in TASKS if wanted(task)]
    if not chosen:
        return ""
    pages, page = (20, 10) if quick else (1000, 500)
    if quick:
        per_page = 2
    repeat = 1 if quick else (repeat or 5)
    counter = _Counter()
    parts = []
    with _connected(uri, counter):
        if TASKS[0] in chosen:
            parts.append(
                "| listing | paging | wall | client CPU |\n|---|---|---|---|\n"
                + "\n".join(pages_rows(pages, per_page, page, repeat))
            )
        if TASKS[1] in chosen:
            books = 5 if quick else 50
            parts.append(
                "| load | references | round trips | wall | client CPU |\n"
                "|---|---|---|---|---|\n"
                + "\n".join(related_rows(books, repeat, counter))
            )
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uri", help="a MongoDB to run against (default: embedded)")
    parser.add_argument("--quick", action="store_true", help="tiny counts")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--per-page",
        type=int,
        default=2,
        help="page size (the embedded server's inserts slow down past a few"
        " thousand documents; use 20 on a real MongoDB)",
    )
    args = parser.parse_args(argv)
    if args.uri:
        print(section(args.uri, args.quick, args.repeat, args.per_page))
    else:
        with ServerProcess() as uri:
            print(section(uri, args.quick, args.repeat, args.per_page))


if __name__ == "__main__":
    main()
