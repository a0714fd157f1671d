"""Write rules both mappers keep: a saved document is updated by its
``_id``, never upserted, so a removed one is never recreated."""

from __future__ import annotations

from typing import Any

from pymongo.collection import Collection
from pymongo.results import UpdateResult

from ..errors import DocumentNotFound

__all__ = ["check_still_stored"]


def check_still_stored(
    result: UpdateResult, what: str, id: object, collection: Collection[Any]
) -> None:
    """Raise :class:`DocumentNotFound` when an acknowledged update or
    replace of the stored document ``id`` matched nothing: it was removed,
    here or by another client, and nothing was written.

    :param what: the document's class name, for the message.
    """
    if result.acknowledged and not result.matched_count:
        raise DocumentNotFound(
            f"{what} {id!r} is no longer in {collection.full_name} (removed here"
            " or by another client); nothing was written, since save() never"
            " recreates a removed document"
        )
