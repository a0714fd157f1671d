"""Geo query operators: the filters they build, and $box on the wire server.

mongoeco implements ``$geoWithin`` with ``$box`` only, so the other
operators are checked as the filter dicts MongoDB documents for them.
"""

from __future__ import annotations

from typing import Any

import pytest

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadValueException
from flask_mongo.odm import DocumentField, GeoField, Index, StringField


class Venue(Document):
    name = StringField()
    loc = GeoField()


class Listing(Document):
    title = StringField()
    venue = DocumentField(Venue)


def test_near_is_flat_and_nearest_first() -> None:
    assert Venue.loc.near(1, 2) == {"loc": {"$near": [1, 2]}}
    assert Venue.loc.near(1.5, -2, max_distance=3) == {
        "loc": {"$near": [1.5, -2], "$maxDistance": 3}
    }


def test_near_sphere_takes_radians() -> None:
    assert Venue.loc.near_sphere(2.35, 48.85) == {"loc": {"$nearSphere": [2.35, 48.85]}}
    assert Venue.loc.near_sphere(2.35, 48.85, max_distance=0.01) == {
        "loc": {"$nearSphere": [2.35, 48.85], "$maxDistance": 0.01}
    }


def test_within_shapes() -> None:
    assert Venue.loc.within_box((0, 0), (5, 5.5)) == {
        "loc": {"$geoWithin": {"$box": [[0, 0], [5, 5.5]]}}
    }
    assert Venue.loc.within_radius(1, 2, 3) == {
        "loc": {"$geoWithin": {"$center": [[1, 2], 3]}}
    }
    assert Venue.loc.within_radius_sphere(2.35, 48.85, 0.1) == {
        "loc": {"$geoWithin": {"$centerSphere": [[2.35, 48.85], 0.1]}}
    }
    triangle = [(0, 0), (4, 0), (2, 3)]
    assert Venue.loc.within_polygon(triangle) == {
        "loc": {"$geoWithin": {"$polygon": [[0, 0], [4, 0], [2, 3]]}}
    }
    # A generator of corners works too: it is read once.
    assert Venue.loc.within_polygon(p for p in triangle) == {
        "loc": {"$geoWithin": {"$polygon": [[0, 0], [4, 0], [2, 3]]}}
    }


def test_embedded_points_use_the_dotted_path() -> None:
    assert Listing.venue.loc.within_box((0, 0), (1, 1)) == {
        "venue.loc": {"$geoWithin": {"$box": [[0, 0], [1, 1]]}}
    }
    assert Listing.venue.loc.near(1, 2) == {"venue.loc": {"$near": [1, 2]}}


def test_geo_filters_combine_with_others() -> None:
    both = Venue.loc.within_box((0, 0), (5, 5)) & (Venue.name == "home")
    assert both == {
        "loc": {"$geoWithin": {"$box": [[0, 0], [5, 5]]}},
        "name": "home",
    }


#: Untyped on purpose: these are the values mypy refuses in typed code, as
#: they arrive from requests in untyped code.
loc: Any = Venue.loc


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: loc.near("1", 2), "'loc': '1': expected a number"),
        (lambda: loc.near(1, 2, max_distance=True), "expected a number"),
        (lambda: loc.near_sphere(1, None), "None: expected a number"),
        (lambda: loc.within_box((0, 0), (5,)), r"\(5,\): expected an \(x, y\)"),
        (lambda: loc.within_box((0, 0), "5,5"), r"expected an \(x, y\) pair"),
        (lambda: loc.within_radius(1, 2, "far"), "'far': expected a number"),
        (
            lambda: loc.within_radius_sphere(1, {"$gt": 0}, 1),
            r"\{'\$gt': 0\}: expected a number",
        ),
        (lambda: loc.within_polygon([(0, 0), (1, "1")]), "expected a number"),
    ],
)
def test_bad_coordinates_are_refused(build: Any, message: str) -> None:
    # Values from a request (strings, operator dicts) never reach the server.
    with pytest.raises(BadValueException, match=message):
        build()


def test_within_box_on_the_server(db: Mongo, app_ctx: None) -> None:
    class Shop(Document, mongo=db):
        name: StringField = StringField()
        loc: GeoField = GeoField()
        config_indexes = [Index().geo2d("loc")]  # noqa: RUF012

    for name, loc in [
        ("inside", (1, 1)),
        ("corner", (0, 0)),
        ("edge", (5, 2.5)),
        ("left", (-0.5, 1)),
        ("above", (2, 5.5)),
        ("far", (50, 60)),
    ]:
        Shop(name=name, loc=loc).save()

    def names(*query: Any) -> list[str]:
        return sorted(s.name for s in Shop.query.filter(*query))

    box = Shop.loc.within_box((0, 0), (5, 5))
    assert names(box) == ["corner", "edge", "inside"]  # the edges belong to it
    assert names(box, Shop.name != "edge") == ["corner", "inside"]
    assert names(Shop.loc.within_box((-1, 0), (3, 6))) == [
        "above",
        "corner",
        "inside",
        "left",
    ]
    assert names(Shop.loc.within_box((10, 10), (20, 20))) == []
