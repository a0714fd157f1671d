"""Where the browser tests' screenshots went, printed after the run."""

from __future__ import annotations

import pytest

from tests.browser.support import SCREENSHOTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}/")
