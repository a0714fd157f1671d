"""The embedded engine: a MongoDB-wire server inside the app's process.

``mongoeco://`` URIs start mongoeco's wire server on 127.0.0.1 on a free port
and connect an ordinary ``pymongo.MongoClient`` to it, so the rest of
Flask-Mongo has one code path (PyMongo) whatever the engine. It is meant for
development, examples and tests; production runs a real MongoDB.

========================================  ===========================================
URI                                       data
========================================  ===========================================
``mongoeco://`` or ``mongoeco://memory``  in memory, gone when the process ends
``mongoeco:///app.db``                    SQLite file under the app's instance folder
``mongoeco:////var/data/app.db``          SQLite file at an absolute path
========================================  ===========================================

The server runs its own event loop on a daemon thread, is shared by every
client of the same SQLite file, and is stopped at interpreter exit. It
listens on 127.0.0.1 only, and requires a user name and a random password
made when it starts and known only to the app's process: another local
user who finds the port cannot read or change the data. After ``fork()``
the server keeps running in the parent; a child's client reaches it there
while the parent lives. In production, run a real MongoDB.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import importlib.util
import os
import secrets
import sys
import threading
from typing import Any

from .errors import ImproperlyConfigured
from .settings import EMBEDDED_SCHEME, EmbeddedSpec

_INSTALL_HINT = (
    "the embedded engine needs Python 3.13+ and the 'embedded' extra:"
    " pip install 'Flask-Mongo[embedded]'"
)


def check_available() -> None:
    """Raise :class:`ImproperlyConfigured` unless mongoeco can be imported."""
    if sys.version_info < (3, 13) or importlib.util.find_spec("mongoeco") is None:
        raise ImproperlyConfigured(_INSTALL_HINT)


def parse_embedded_uri(uri: str, instance_path: str) -> EmbeddedSpec:
    """The engine and file a ``mongoeco://`` URI names (see the module doc)."""
    check_available()
    rest = uri[len(EMBEDDED_SCHEME) + 3 :].split("?", 1)[0]
    if rest in ("", "memory", "memory/"):
        return EmbeddedSpec("memory")
    if rest.startswith("/") and len(rest) > 1:
        path = rest[1:]
        if not os.path.isabs(path):
            os.makedirs(instance_path, exist_ok=True)
            path = os.path.join(instance_path, path)
        return EmbeddedSpec("sqlite", os.path.abspath(path))
    raise ImproperlyConfigured(
        f"cannot read the embedded URI {uri!r}: use mongoeco:// (memory),"
        " mongoeco:///file.db (SQLite in the instance folder) or"
        " mongoeco:////absolute/file.db"
    )


#: The user the app's client authenticates as on a private embedded server.
EMBEDDED_USER = "flask-mongo"


class EmbeddedServer:
    """One mongoeco wire server on a background thread.

    :param auth_users: mongoeco ``WireAuthUser`` values the server accepts;
        none means no authentication.
    :param private: require ``EMBEDDED_USER`` with a random password
        (see :meth:`client_credentials`), so that only this process can use
        the server.
    """

    def __init__(
        self,
        spec: EmbeddedSpec,
        *,
        auth_users: tuple[Any, ...] = (),
        private: bool = False,
    ) -> None:
        self.spec = spec
        self._password = secrets.token_urlsafe(24) if private else None
        self._auth_users = auth_users
        self._ready: concurrent.futures.Future[tuple[str, int]] = (
            concurrent.futures.Future()
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(
            target=self._run, name=f"flask-mongo-embedded-{spec.engine}", daemon=True
        )
        self._lock = threading.Lock()
        self.address: tuple[str, int] | None = None

    def start(self, timeout: float = 30) -> tuple[str, int]:
        """Start serving (once) and return ``(host, port)``."""
        with self._lock:
            if self.address is None:
                self._thread.start()
                self.address = self._ready.result(timeout=timeout)
            return self.address

    def client_credentials(self) -> dict[str, str]:
        """``MongoClient`` keyword arguments that authenticate on a private
        server (empty for a server without its own credential)."""
        if self._password is None:
            return {}
        return {
            "username": EMBEDDED_USER,
            "password": self._password,
            "authSource": "admin",
            # mongoeco's SCRAM-SHA-1 does not interoperate with PyMongo's.
            "authMechanism": "SCRAM-SHA-256",
        }

    def __repr__(self) -> str:
        where = self.spec.path or "memory"
        return f"<EmbeddedServer {where} at {self.address}>"

    def stop(self, timeout: float = 10) -> None:
        """Stop serving; pending writes of the SQLite engine are flushed."""
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between
                loop.call_soon_threadsafe(stop.set)
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # reported to start()
            if not self._ready.done():
                self._ready.set_exception(error)

    async def _serve(self) -> None:
        from mongoeco.engines.memory import MemoryEngine
        from mongoeco.engines.sqlite import SQLiteEngine
        from mongoeco.wire.proxy import AsyncMongoEcoProxyServer

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        path = self.spec.path
        engine = SQLiteEngine(path) if path is not None else MemoryEngine()
        users = self._auth_users
        if self._password is not None:
            from mongoeco.wire.auth import WireAuthUser

            users = (*users, WireAuthUser(EMBEDDED_USER, self._password))
        server = AsyncMongoEcoProxyServer(
            engine=engine, host="127.0.0.1", auth_users=users
        )
        address = await server.start()
        self._ready.set_result((address.host, address.port))
        try:
            await self._stop.wait()
        finally:
            await server.close()


_servers: dict[str, EmbeddedServer] = {}
_all: list[EmbeddedServer] = []
_registry_lock = threading.Lock()


def server_for(spec: EmbeddedSpec) -> EmbeddedServer:
    """A started server for ``spec``.

    Clients of one SQLite file share one server (two servers writing one file
    would fight over it); each memory engine is private to its client.
    """
    with _registry_lock:
        server = _servers.get(spec.path or "") if spec.path else None
        if server is None:
            server = EmbeddedServer(spec, private=True)
            _all.append(server)
            if spec.path:
                _servers[spec.path] = server
    server.start()
    return server


def release(server: EmbeddedServer) -> None:
    """Stop a memory server whose client is closed (SQLite servers stay shared)."""
    if server.spec.path is None:
        server.stop()


@atexit.register
def _stop_all() -> None:
    for server in _all:
        server.stop()
