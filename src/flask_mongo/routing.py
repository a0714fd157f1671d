"""URL converters for MongoDB values.

Register :class:`ObjectIdConverter` on an app to route on document ids::

    app.url_map.converters["ObjectId"] = ObjectIdConverter

    @app.route("/task/<ObjectId:task_id>")
    def task(task_id: ObjectId) -> str: ...

    url_for("task", task_id=task.id)
"""

from __future__ import annotations

import re

from bson import ObjectId
from werkzeug.routing import BaseConverter

__all__ = ["ObjectIdConverter"]

_HEX_ID = re.compile(r"[0-9a-fA-F]{24}")


class ObjectIdConverter(BaseConverter):
    """Match a 24 digit hexadecimal :class:`~bson.objectid.ObjectId` in a URL
    and pass it to the view as an :class:`~bson.objectid.ObjectId`.

    A malformed id is rejected by the converter's ``regex``, so the route
    does not match and the client gets **404 Not Found**, as with Werkzeug's
    ``uuid`` converter. The legacy Flask-MongoKit converter answered 400 Bad
    Request instead; 404 is used here because a URL that names no possible
    document identifies no resource, exactly like a well-formed id with no
    document behind it, and because it lets another route match the URL.

    Hex digits may be upper or lower case in incoming URLs; built URLs always
    use lower case, the form of ``str(ObjectId(...))``.
    """

    regex = "[0-9a-fA-F]{24}"

    def to_python(self, value: str) -> ObjectId:
        """Convert the matched URL part to an :class:`~bson.objectid.ObjectId`."""
        return ObjectId(value)

    def to_url(self, value: object) -> str:
        """Convert an :class:`~bson.objectid.ObjectId`, or a string of 24 hex
        digits, to its lower case hex form for a URL.

        :raises TypeError: if ``value`` is neither an ObjectId nor a string.
        :raises ValueError: if ``value`` is a string but not 24 hex digits.
        """
        if isinstance(value, ObjectId):
            return str(value)
        if isinstance(value, str):
            if _HEX_ID.fullmatch(value) is None:
                raise ValueError(
                    f"{value!r} is not a valid ObjectId: expected 24 hex digits"
                )
            return value.lower()
        raise TypeError(
            "ObjectIdConverter needs an ObjectId or a 24 hex digit string,"
            f" not {type(value).__name__}"
        )
