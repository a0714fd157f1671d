"""Signals sent around the writes and loads of documents (blinker).

Each signal is sent with the document's class as the sender and the
document as ``document=``, by both mappers (typed :class:`flask_mongo.Document`
and the MongoKit-style structure documents) and so by the Flask-MongoAlchemy
and Flask-MongoKit front-ends built on them::

    from flask_mongo import signals

    @signals.before_save.connect_via(Book)
    def stamp(sender, document, **extra):
        document.updated = datetime.now(UTC)

``connect_via(Book)`` receives Book's documents only (not a subclass's:
blinker matches the sender exactly); ``connect(receiver)`` receives every
class's. An exception raised by a ``before_*`` receiver propagates out of
``save()`` / ``remove()`` and nothing is written; one raised by an
``after_*`` receiver propagates too, but the write has happened.

Writes of a query or a collection (``Book.query.filter(...).remove()``,
``collection.delete_many(...)``) are not of one document and send nothing.
Sending costs one check when no receiver is connected.
"""

from __future__ import annotations

from blinker import Namespace

__all__ = [
    "after_load",
    "after_remove",
    "after_save",
    "before_remove",
    "before_save",
]

_signals = Namespace()

before_save = _signals.signal(
    "before-save",
    doc="""Sent by ``save()`` before anything is checked or written: a
    receiver may still change the document (its changes are validated and
    saved). Also ``created=`` (bool): the document was neither loaded nor
    saved before (an insert, or for a structure document given an ``_id``
    of its own, an upsert). An exception stops the save.""",
)
after_save = _signals.signal(
    "after-save",
    doc="""Sent by ``save()`` once the write is done (also when a typed
    document had no change to write). Also ``created=``, as for
    ``before_save``.""",
)
before_remove = _signals.signal(
    "before-remove",
    doc="""Sent by ``remove()`` (typed documents) and ``delete()``
    (structure documents) before the delete; an exception stops it.""",
)
after_remove = _signals.signal(
    "after-remove",
    doc="""Sent by ``remove()`` / ``delete()`` once the document is deleted.""",
)
after_load = _signals.signal(
    "after-load",
    doc="""Sent for each document built from stored data: query results,
    ``get``/``find_one``, embedded typed documents when first read, and a
    structure document's ``reload()``.""",
)
