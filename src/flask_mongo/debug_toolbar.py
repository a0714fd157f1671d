"""A Flask-DebugToolbar panel listing the MongoDB commands of a request.

Install the ``toolbar`` extra (``pip install "Flask-Mongo[toolbar]"``) and
list the panel with the toolbar's panels you want::

    app.config["DEBUG_TB_PANELS"] = [
        "flask_debugtoolbar.panels.timer.TimerDebugPanel",
        "flask_debugtoolbar.panels.request_vars.RequestVarsDebugPanel",
        "flask_mongo.debug_toolbar.MongoPanel",
    ]
    DebugToolbarExtension(app)

The panel shows what :func:`~flask_mongo.get_recorded_queries` recorded in
the request's app context: each command's name, database, collection,
duration and error, and its document (credentials already elided); the
toolbar's nav shows the count and the total time. Recording is on by default
when ``app.debug`` is (``MONGO_RECORD_QUERIES``).

Only this module imports Flask-DebugToolbar: the rest of Flask-Mongo works
without it.
"""

from __future__ import annotations

from typing import Any

from bson import json_util
from flask import current_app

from .record_queries import QueryInfo, QueryListener, get_recorded_queries

try:
    from flask_debugtoolbar.panels import DebugPanel
except ImportError as error:
    raise ImportError(
        "flask_mongo.debug_toolbar needs Flask-DebugToolbar: install it with"
        ' pip install "Flask-Mongo[toolbar]"'
    ) from error

__all__ = ["MongoPanel"]

_TEMPLATE = """\
{% if not recording %}
<p>Recording is off: set <code>MONGO_RECORD_QUERIES = True</code> to list
the commands of each request.</p>
{% elif not queries %}
<p>No MongoDB command was sent during this request.</p>
{% else %}
<table>
  <thead>
    <tr>
      <th>#</th><th>Command</th><th>Database</th><th>Collection</th>
      <th>Time (ms)</th><th>Error</th><th>Document</th>
    </tr>
  </thead>
  <tbody>
  {% for query in queries %}
    <tr class="{{ loop.cycle('flDebugOdd', 'flDebugEven') }}">
      <td>{{ loop.index }}</td>
      <td>{{ query.command_name }}</td>
      <td>{{ query.database }}</td>
      <td>{{ query.collection or "" }}</td>
      <td>{{ "%.2f"|format(query.duration_ms) }}</td>
      <td>{% if query.error %}{{ query.error }}{% if query.error_code is not none
        %} (code {{ query.error_code }}){% endif %}{% endif %}</td>
      <td><pre>{{ documents[loop.index0] }}</pre></td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% endif %}
"""


class MongoPanel(DebugPanel):
    """The MongoDB commands of the request, with their timings and errors.

    .. versionadded:: 0.1
    """

    name = "MongoDB"
    has_content = True

    def _queries(self) -> list[QueryInfo]:
        return get_recorded_queries()

    def nav_title(self) -> str:
        """``MongoDB``."""
        return "MongoDB"

    def nav_subtitle(self) -> str:
        """``3 commands in 1.25 ms``, and how many failed."""
        queries = self._queries()
        total = sum(query.duration_ms for query in queries)
        count = len(queries)
        text = f"{count} command{'' if count == 1 else 's'} in {total:.2f} ms"
        failed = sum(query.error is not None for query in queries)
        if failed:
            text += f", {failed} failed"
        return text

    def title(self) -> str:
        """The panel's heading."""
        return "MongoDB commands"

    def url(self) -> str:
        """No page of its own: the content is in the toolbar."""
        return ""

    def content(self) -> str:
        """The table of the request's commands."""
        queries = self._queries()
        context: dict[str, Any] = {
            "queries": queries,
            "documents": [
                json_util.dumps(query.command, indent=2) for query in queries
            ],
            "recording": _recording(),
        }
        return self.jinja_env.from_string(_TEMPLATE).render(**context)


def _recording() -> bool:
    """Whether the client of any Flask-Mongo extension of the app records
    commands (its listener decided when it was created)."""
    states: dict[str, Any] = current_app.extensions.get("flask_mongo", {})
    return any(
        isinstance(listener, QueryListener) and listener.record
        for state in states.values()
        for listener in state.client.options.event_listeners
    )
