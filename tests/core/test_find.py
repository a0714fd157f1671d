"""One description of a find (flask_mongo.core.find), against the wire server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from pymongo import MongoClient
from pymongo.collection import Collection
from werkzeug.exceptions import NotFound

from flask_mongo.core.find import FindSpec, check_count, found_or_404, not_found
from flask_mongo.errors import BadQueryException
from tests.support import TestServer


@pytest.fixture
def numbers(
    mongo_server: TestServer, database_name: str
) -> Iterator[Collection[dict[str, Any]]]:
    client: MongoClient[dict[str, Any]] = mongo_server.client()
    collection = client[database_name]["numbers"]
    collection.insert_many([{"_id": i, "n": i, "odd": i % 2 == 1} for i in range(10)])
    yield collection
    client.close()


def test_spec_runs_filter_sort_skip_limit_and_projection(
    numbers: Collection[dict[str, Any]],
) -> None:
    spec = FindSpec(
        filter={"odd": True},
        projection={"n": 1},
        sort=[("n", -1)],
        skip=1,
        limit=2,
    )
    assert list(spec.cursor(numbers)) == [{"_id": 7, "n": 7}, {"_id": 5, "n": 5}]


def test_count_ignores_skip_and_limit_unless_asked(
    numbers: Collection[dict[str, Any]],
) -> None:
    spec = FindSpec(filter={"odd": True}, skip=1, limit=-3)
    assert spec.count(numbers) == 5
    assert spec.count(numbers, with_limit_and_skip=True) == 3


def test_copy_is_independent() -> None:
    spec = FindSpec(filter={"a": 1}, sort=[("a", 1)])
    other = spec.copy()
    other.filter["b"] = 2
    other.sort.append(("b", 1))
    assert spec == FindSpec(filter={"a": 1}, sort=[("a", 1)])


def test_find_arguments_leave_out_defaults() -> None:
    assert FindSpec(filter={"a": 1}).find_arguments() == {"filter": {"a": 1}}
    assert FindSpec(hint=[("a", 1)], limit=3).find_arguments() == {
        "filter": {},
        "limit": 3,
        "hint": [("a", 1)],
    }


@pytest.mark.parametrize("value", [-1, True, 1.5, "3", None])
def test_counts_are_whole_numbers(value: object) -> None:
    with pytest.raises(BadQueryException, match=r"limit\(\) takes an int >= 0"):
        check_count(value, "limit")


def test_not_found_aborts_with_the_description() -> None:
    with Flask(__name__).test_request_context():
        with pytest.raises(NotFound, match="no such book"):
            not_found("no such book")
        with pytest.raises(NotFound, match="404 Not Found"):
            found_or_404(None)
        assert found_or_404(0) == 0


def test_a_huge_per_page_is_a_page_of_everything(
    numbers: Collection[dict[str, Any]],
) -> None:
    from flask_mongo.core.pagination import build_page

    def fetch(skip: int, limit: int) -> list[dict[str, Any]]:
        return list(numbers.find(skip=skip, limit=limit))

    page = build_page(
        None, fetch, lambda: numbers.count_documents({}), 1, 10**20, error_out=False
    )
    assert len(page.items) == 10
    assert page.total == 10
    assert page.pages == 1
