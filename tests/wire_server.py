"""mongoeco wire servers in a process of their own, for the suite on 3.11/3.12.

mongoeco needs Python 3.13, the package supports 3.11+: ``./dev test-compat``
starts this script with the 3.13 ``.venv``, reads the two ports it prints
(``PORT AUTH_PORT``) and runs the suite on the older Pythons with
``FLASK_MONGO_TEST_URI`` and ``FLASK_MONGO_TEST_MONGOECO_AUTH`` pointing
here. The servers are the suite's own two (memory engine on 127.0.0.1: a
plain one, and one that requires SCRAM; see
:func:`tests.support.embedded_servers`). They stop when this script's parent
process goes, on SIGTERM/SIGINT, or after ``--max-seconds``, whichever comes
first, so a CI run that dies leaves nothing behind.

    python -m tests.wire_server [--max-seconds 900]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from types import FrameType

from tests.support import embedded_servers

POLL_SECONDS = 0.5


def serve(max_seconds: float) -> None:
    parent = os.getppid()
    done = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with embedded_servers() as server:
        print(server.port, server.auth_port, flush=True)
        remaining = max_seconds
        # A parent that exits hands us to another one (init or a subreaper).
        while remaining > 0 and os.getppid() == parent:
            if done.wait(min(POLL_SECONDS, remaining)):
                break
            remaining -= POLL_SECONDS


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
