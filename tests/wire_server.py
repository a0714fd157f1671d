"""A mongoeco wire server in a process of its own, for the suite on 3.11/3.12.

mongoeco needs Python 3.13, the package supports 3.11+: ``./dev test-compat``
starts this script with the 3.13 ``.venv``, reads the port it prints, and
runs the suite on the older Pythons with ``FLASK_MONGO_TEST_URI`` pointing
here. It serves on 127.0.0.1 (memory engine) until its parent process goes,
it gets SIGTERM/SIGINT, or ``--max-seconds`` pass, whichever comes first, so
a CI run that dies leaves nothing behind.

    python -m tests.wire_server [--max-seconds 900]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from types import FrameType

from flask_mongo.config import EmbeddedSpec
from flask_mongo.embedded import EmbeddedServer

POLL_SECONDS = 0.5


def serve(max_seconds: float) -> None:
    parent = os.getppid()
    done = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server = EmbeddedServer(EmbeddedSpec("memory"))
    _host, port = server.start()
    print(port, flush=True)
    remaining = max_seconds
    try:
        # A parent that exits hands us to another one (init or a subreaper).
        while remaining > 0 and os.getppid() == parent:
            if done.wait(min(POLL_SECONDS, remaining)):
                break
            remaining -= POLL_SECONDS
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="a mongoeco wire server for the test suite"
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=900,
        help="stop after this long whatever happens (default: 900)",
    )
    args = parser.parse_args(argv)
    serve(args.max_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
