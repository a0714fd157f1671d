"""The code the documentation shows (``literalinclude``), run by
``tests/docs/`` against the test server, so that a page cannot drift from
the code."""
