"""The benchmark suite (issues 5 and 12): ``python -m bench`` (see README.md)."""
