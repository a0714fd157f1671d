"""The embedded MongoDB-wire server, in a process of its own.

Run as ``python -m bench.server``: it starts mongoeco's wire server (memory
engine) on 127.0.0.1, prints ``PORT <n>`` on one line, and serves until its
standard input closes. The benchmark's client process starts it with
:class:`ServerProcess`, so the server's CPU time is never counted as the
client's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import TracebackType

from flask_mongo.config import EmbeddedSpec
from flask_mongo.embedded import EmbeddedServer


def main() -> None:
    server = EmbeddedServer(EmbeddedSpec("memory"))
    _host, port = server.start()
    print(f"PORT {port}", flush=True)
    try:
        # Serve until the client closes our stdin (or dies, which closes it).
        sys.stdin.read()
    finally:
        server.stop()


class ServerProcess:
    """``with ServerProcess() as uri:`` a URI of a server in a child process."""

    def __init__(self, timeout: float = 60) -> None:
        self.timeout = timeout
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> str:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.server"],
            cwd=Path(__file__).resolve().parent.parent,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._process = process
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("PORT "):
            self._close()
            raise RuntimeError(f"the bench server did not start (said {line!r})")
        return f"mongodb://127.0.0.1:{int(line.split()[1])}/"

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._close()

    def _close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(self.timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


if __name__ == "__main__":
    main()
