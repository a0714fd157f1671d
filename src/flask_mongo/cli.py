"""The ``flask mongo`` commands and the ``flask shell`` context.

``Mongo.init_app`` adds the ``mongo`` group to ``app.cli`` once per app,
however many extension instances the app has. Each command acts on every
instance of the app, or with ``--prefix ARCHIVE`` on the one whose config
prefix is ``ARCHIVE``::

    flask mongo ping [--prefix P] [--timeout SECONDS]
    flask mongo indexes [--prefix P] [--dry-run]
    flask mongo schema [--prefix P] [--apply]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click
import pymongo
from bson import json_util
from flask import Flask, current_app
from flask.cli import AppGroup
from pymongo.collection import Collection
from pymongo.errors import OperationFailure, PyMongoError

from .core.indexes import IndexSpec, create_indexes
from .odm.classes import document_classes as typed_classes
from .odm.json_schema import collection_schema, embedded_classes

if TYPE_CHECKING:
    from .odm.document import Document
    from .state import AppState

__all__ = [
    "document_classes",
    "index_plan",
    "mongo_cli",
    "register_cli",
    "schema_plan",
]

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


@mongo_cli.command("schema")
@_PREFIX
@click.option(
    "--apply",
    "apply_",
    is_flag=True,
    help="Install each schema as its collection's validator.",
)
def schema_command(prefix: str | None, apply_: bool) -> None:
    """Print the $jsonSchema of every collection the app's document classes
    write (one JSON object, by collection); with --apply, install each as
    the collection's validator: with the collection when it is missing,
    else by collMod."""
    plan = [
        (state, collection, schema)
        for state in _states(prefix)
        for collection, schema in schema_plan(state)
    ]
    if not plan:
        click.echo("no document classes are bound to this app")
        return
    if not apply_:
        shown = {
            _collection_label(collection, state): schema
            for state, collection, schema in plan
        }
        click.echo(json_util.dumps(shown, indent=2))
        return
    failed = False
    for state, collection, schema in plan:
        name = _collection_label(collection, state)
        try:
            click.echo(f"{name}: {install_validator(collection, schema)}")
        except OperationFailure as error:
            failed = True
            click.echo(f"{name}: {_refusal(error)}", err=True)
    if failed:
        raise SystemExit(1)


def install_validator(collection: Collection[Any], schema: dict[str, Any]) -> str:
    """Make ``schema`` the ``$jsonSchema`` validator of ``collection``:
    created with it when missing, changed by ``collMod`` otherwise. Returns
    what was done, for a message.

    :raises OperationFailure: the server refused.
    """
    database = collection.database
    validator = {"$jsonSchema": schema}
    if collection.name not in database.list_collection_names():
        database.create_collection(collection.name, validator=validator)
        return "created with the validator"
    database.command("collMod", collection.name, validator=validator)
    return "validator replaced (collMod)"


def _refusal(error: OperationFailure) -> str:
    reason = str((error.details or {}).get("errmsg") or error)
    message = f"the server refused the validator: {reason}"
    if "collMod" in reason:
        message += (
            "; this server cannot change an existing collection's validator:"
            " drop and recreate the collection, or apply on MongoDB"
        )
    return message


def schema_plan(state: AppState) -> list[tuple[Collection[Any], dict[str, Any]]]:
    """Every collection ``state``'s document classes write, with its
    ``$jsonSchema``: typed classes (those only embedded in others, with no
    ``config_collection_name`` of their own, left out) and the classes
    registered on a ``flask_mongokit.MongoKit``. Classes sharing a
    collection give one schema a document must match one of."""
    classes: dict[str, tuple[Collection[Any], list[Any]]] = {}

    def add(collection: Collection[Any], cls: Any) -> None:
        classes.setdefault(collection.full_name, (collection, []))[1].append(cls)

    typed = list(document_classes(state))
    embedded = set().union(*(embedded_classes(cls) for cls in typed))
    for cls in typed:
        if cls in embedded and "config_collection_name" not in vars(cls):
            continue
        add(state.database[cls.get_collection_name()], cls)
    for kit_cls in getattr(state.extension, "registered_documents", ()):
        if kit_cls.__collection__:
            add(_kit_database(state, kit_cls)[kit_cls.__collection__], kit_cls)
    return [
        (collection, collection_schema(found))
        for _, (collection, found) in sorted(classes.items())
    ]


def _kit_database(state: AppState, kit_cls: Any) -> Any:
    if kit_cls.__database__:
        return state.client[kit_cls.__database__]
    return state.database


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
        add(_kit_database(state, kit_cls)[kit_cls.__collection__], kit_specs)
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
