"""What the browser tests share: finding Chromium, serving an app on
127.0.0.1, and a page that saves a screenshot of each step.

The tests skip, saying why, when Playwright (requirements/browser.txt) or
Chromium is missing; CI (.ci/run) installs both. Playwright drives the
system's Chromium (``/usr/bin/chromium``, or ``FLASK_MONGO_CHROMIUM``);
its own browser downloads are never used.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: Where each test's screenshots go: build/screenshots/<test>/NN-step.png.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]


def find_chromium() -> str | None:
    """The Chromium executable: ``FLASK_MONGO_CHROMIUM``, else the first of
    chromium, chromium-browser, google-chrome on PATH (or /usr/bin)."""
    given = os.environ.get("FLASK_MONGO_CHROMIUM")
    if given:
        return given if os.access(given, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) or shutil.which(name, path="/usr/bin")
        if found:
            return found
    return None


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return (
            "Playwright is not installed: pip install -r requirements/browser.txt"
            " (./dev test installs it)"
        )
    if find_chromium() is None:
        return (
            "no Chromium found: apt-get install chromium chromium-driver, or set"
            " FLASK_MONGO_CHROMIUM to a Chromium executable"
        )
    return None


def browser_marks() -> list[pytest.MarkDecorator]:
    """The ``pytestmark`` of a browser test module: marked ``browser``, and
    skipped, saying why, where they cannot run; with
    ``FLASK_MONGO_REQUIRE_BROWSER`` set (CI installs what they need, so
    that there a skip would hide a broken setup) a failure instead."""
    reason = skip_reason()
    if reason is not None and os.environ.get("FLASK_MONGO_REQUIRE_BROWSER"):
        pytest.fail(f"the browser tests must run here, but {reason}", pytrace=False)
    return [
        pytest.mark.browser,
        pytest.mark.skipif(reason is not None, reason=reason or ""),
    ]


@contextmanager
def chromium() -> Iterator[Browser]:
    """The system's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) in a thread; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


class Shots:
    """Numbered screenshots of one test's pages, in :data:`SCREENSHOTS`."""

    def __init__(self, page: Any, name: str) -> None:
        self.page = page
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def png(
    width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> bytes:
    """A PNG image of a vertical gradient from ``top`` to ``bottom`` (a
    cover to upload, made without an imaging library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = []
    for y in range(height):
        colour = bytes(
            round(a + (b - a) * y / max(height - 1, 1)) for a, b in zip(top, bottom)
        )
        rows.append(b"\0" + colour * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
