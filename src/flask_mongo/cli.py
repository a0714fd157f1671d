"""The ``flask mongo`` commands and the ``flask shell`` context.

``Mongo.init_app`` adds the ``mongo`` group to ``app.cli`` once per app,
however many extension instances the app has. Each command acts on every
instance of the app, or with ``--prefix ARCHIVE`` on the one whose config
prefix is ``ARCHIVE``::

    flask mongo ping [--prefix P] [--timeout SECONDS]
    flask mongo indexes [--prefix P] [--dry-run]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click
import pymongo
from flask import Flask, current_app
from flask.cli import AppGroup
from pymongo.collection import Collection
from pymongo.errors import PyMongoError

from .core.indexes import IndexSpec, create_indexes
from .odm.classes import document_classes as typed_classes

if TYPE_CHECKING:
    from .odm.document import Document
    from .state import AppState

__all__ = ["document_classes", "index_plan", "mongo_cli", "register_cli"]

mongo_cli = AppGroup("mongo", help="MongoDB commands of Flask-Mongo.")

_PREFIX = click.option(
    "--prefix",
    metavar="PREFIX",
    help="The config prefix of the extension to use (MONGO, ARCHIVE...);"
    " default: every Flask-Mongo extension of the app.",
)


def register_cli(app: Flask) -> None:
    """Add the ``mongo`` commands and the shell context to ``app`` (once)."""
    if "mongo" not in app.cli.commands:
        app.cli.add_command(mongo_cli)
    if shell_context not in app.shell_context_processors:
        app.shell_context_processor(shell_context)


def _app_states() -> dict[str, AppState]:
    states: dict[str, AppState] = current_app.extensions.get("flask_mongo", {})
    return states


def _states(prefix: str | None) -> list[AppState]:
    states = _app_states()
    if not states:
        raise click.UsageError("this app has no Flask-Mongo extension")
    if prefix is None:
        return list(states.values())
    if prefix not in states:
        known = ", ".join(sorted(states))
        raise click.UsageError(
            f"no Flask-Mongo extension uses the prefix {prefix!r} (known: {known})"
        )
    return [states[prefix]]


@mongo_cli.command("ping")
@_PREFIX
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=5.0,
    show_default=True,
    help="Seconds to wait for the server.",
)
def ping_command(prefix: str | None, timeout: float) -> None:
    """Check that the server answers; print its address and version."""
    failed = False
    for state in _states(prefix):
        label = state.extension.config_prefix
        client = state.client
        try:
            # CSOT bounds server selection too, whatever the client's own
            # serverSelectionTimeoutMS. "buildInfo", not server_info()'s
            # lowercase spelling, which some wire servers do not know.
            with pymongo.timeout(timeout):
                info = state.database.command("buildInfo")
        except PyMongoError as error:
            seeds = ", ".join(
                f"{host}:{port}"
                for host, port in client.topology_description.server_descriptions()
            )
            # The driver's message ends with its timeouts and topology, which
            # say nothing the line does not already say.
            reason = str(error).split(", Timeout:", 1)[0]
            reason = reason.split(" (configured timeouts", 1)[0]
            click.echo(
                f"{label}: cannot reach MongoDB at {seeds} within {timeout:g} s:"
                f" {reason}",
                err=True,
            )
            failed = True
            continue
        address = client.address
        where = f"{address[0]}:{address[1]}" if address else "unknown address"
        click.echo(
            f"{label}: MongoDB {info.get('version', '?')} at {where},"
            f" database {state.settings.database!r}"
        )
    if failed:
        raise SystemExit(1)


@mongo_cli.command("indexes")
@_PREFIX
@click.option(
    "--dry-run", is_flag=True, help="Print the declared indexes; create nothing."
)
def indexes_command(prefix: str | None, dry_run: bool) -> None:
    """Create the declared indexes of every document class of the app."""
    found = False
    for state in _states(prefix):
        for collection, specs in index_plan(state):
            found = True
            name = _collection_label(collection, state)
            if dry_run:
                for spec in specs:
                    click.echo(f"{name}: {describe(spec)}")
            else:
                created = create_indexes(collection, specs)
                click.echo(f"{name}: created {', '.join(created)}")
    if not found:
        click.echo("no indexes are declared")


def describe(spec: IndexSpec) -> str:
    """``{"title": 1} {"unique": true}``: an index's keys, then its options."""
    text = json.dumps(dict(spec.keys))
    if spec.options:
        text += " " + json.dumps(dict(spec.options), default=str, sort_keys=True)
    return text


def _collection_label(collection: Collection[Any], state: AppState) -> str:
    if collection.database.name == state.settings.database:
        return collection.name
    return collection.full_name


def document_classes(state: AppState) -> Iterator[type[Document]]:
    """The typed document classes (not abstract) bound to ``state``'s
    extension, the current app deciding for the classes that name none.
    Needs an app context."""
    for cls in typed_classes.classes():
        if cls.__abstract__:
            continue
        try:
            extension = cls.get_session()
        except RuntimeError:  # no, or several, extensions on this app
            continue
        if extension is state.extension:
            yield cls


def index_plan(state: AppState) -> list[tuple[Collection[Any], list[IndexSpec]]]:
    """Every collection of ``state``'s extension with declared indexes, and
    those indexes: typed documents' ``config_indexes`` and the ``indexes``
    of the documents registered on a ``flask_mongokit.MongoKit``."""
    plan: dict[str, tuple[Collection[Any], list[IndexSpec]]] = {}

    def add(collection: Collection[Any], specs: list[IndexSpec]) -> None:
        entry = plan.setdefault(collection.full_name, (collection, []))
        # Subclasses stored with their base declare its indexes too.
        entry[1].extend(spec for spec in specs if spec not in entry[1])

    for cls in document_classes(state):
        specs = [index.spec() for index in cls.get_indexes()]
        if specs:
            add(state.database[cls.get_collection_name()], specs)
    # A MongoKit extension (duck-typed: this layer does not import the
    # front-end) keeps its classes in registered_documents.
    for kit_cls in getattr(state.extension, "registered_documents", ()):
        kit_specs = list(kit_cls._schema.indexes)
        if not kit_cls.__collection__ or not kit_specs:
            continue
        database = (
            state.client[kit_cls.__database__]
            if kit_cls.__database__
            else state.database
        )
        add(database[kit_cls.__collection__], kit_specs)
    return [plan[name] for name in sorted(plan)]


def shell_context() -> dict[str, Any]:
    """``db`` (the extension whose prefix is ``MONGO``, else the app's
    first) and the app's typed document classes, by class name."""
    states = _app_states()
    if not states:
        return {}
    main = states.get("MONGO") or next(iter(states.values()))
    context: dict[str, Any] = {"db": main.extension}
    for state in states.values():
        for cls in document_classes(state):
            context.setdefault(cls.__name__, cls)
    return context
