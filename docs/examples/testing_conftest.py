# conftest.py of an app whose factory is create_app(config: dict) -> Flask
import pytest
from myapp import create_app

pytest_plugins = ["flask_mongo.testing"]  # opts in to the fixtures


@pytest.fixture
def app(make_mongo_app):
    return make_mongo_app(create_app)  # prefix="MONGODB" for MongoKit apps


# test_books.py
def test_add_book(app):
    assert app.test_client().post("/books").get_json() == {"books": 1}


def test_each_test_has_a_fresh_database(app):
    assert app.test_client().get("/count").get_json() == {"books": 0}
