"""Container fields: lists, sets, dicts, key/value lists and tuples.

Round trips through the wire server, validation of items on assignment and
on save (after changes in place), and queries on stored data.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from flask_mongo import Mongo
from flask_mongo.errors import BadValueException, MissingValueException
from flask_mongo.odm import ListField
from tests.support import reload, stored


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    class Chapter(db.Document):
        title = db.StringField()
        pages = db.IntField(min_value=1)

    class Book(db.Document):
        title = db.StringField()
        tags = db.ListField(db.StringField(), default_empty=True, max_capacity=3)
        chapters = db.ListField(db.DocumentField(Chapter), default_empty=True)
        scores = db.ListField(db.IntField(min_value=0), min_capacity=1, required=False)

    return SimpleNamespace(Book=Book, Chapter=Chapter)


# -- ListField -----------------------------------------------------------------


def test_list_round_trip(m: Any) -> None:
    book = m.Book(
        title="Dive",
        tags=["python", "web"],
        chapters=[m.Chapter(title="Intro", pages=3), m.Chapter(title="End", pages=9)],
        scores=[5, 0],
    )
    book.save()
    assert stored(book)["chapters"] == [
        {"title": "Intro", "pages": 3},
        {"title": "End", "pages": 9},
    ]
    again = reload(book)
    assert again.tags == ["python", "web"]
    assert again.scores == [5, 0]
    assert [c.title for c in again.chapters] == ["Intro", "End"]
    assert all(isinstance(c, m.Chapter) for c in again.chapters)


def test_list_default_empty(m: Any) -> None:
    book = m.Book(title="Empty")
    assert book.tags == []
    assert book.chapters == []
    assert book.scores is None  # no default_empty, not required
    book.save()
    assert stored(book)["tags"] == []
    again = reload(book)
    assert again.tags == []
    again.tags.append("late")
    again.save()
    assert reload(book).tags == ["late"]


def test_a_default_container_is_not_shared(db: Mongo, app_ctx: None) -> None:
    class Post(db.Document):
        tags = db.ListField(db.StringField(), default=["new"])
        meta = db.DictField(db.IntField(), default={"views": 0})

    first, second = Post(), Post()
    first.tags.append("mine")
    first.meta["views"] = 1
    assert (second.tags, second.meta) == (["new"], {"views": 0})
    first.save()
    second.save()
    assert reload(second).tags == ["new"]
    assert reload(first).meta == {"views": 1}


def test_list_required_without_default(db: Mongo, app_ctx: None) -> None:
    class Poll(db.Document):
        options = db.ListField(db.StringField())

    with pytest.raises(MissingValueException, match=r"Poll\.options is required"):
        Poll().save()


def test_list_validates_items_and_capacity_on_assignment(m: Any) -> None:
    book = m.Book(title="T")
    with pytest.raises(BadValueException, match=r"Book\.tags.*item 1.*a str"):
        book.tags = ["ok", 5]
    with pytest.raises(BadValueException, match=r"Book\.tags.*max_capacity=3"):
        book.tags = ["a", "b", "c", "d"]
    with pytest.raises(BadValueException, match=r"Book\.scores.*min_capacity=1"):
        book.scores = []
    with pytest.raises(BadValueException, match=r"Book\.scores.*item 0.*min_value"):
        book.scores = [-1]
    with pytest.raises(BadValueException, match=r"Book\.tags.*a list"):
        book.tags = "abc"
    with pytest.raises(BadValueException, match=r"Book\.tags.*not None"):
        book.tags = None
    with pytest.raises(BadValueException, match=r"Book\.chapters.*Chapter"):
        book.chapters = [{"title": "raw dict"}]
    with pytest.raises(BadValueException, match=r"Book\.tags.*item 0"):
        m.Book(title="T", tags=[None])
    assert book.tags == []


def test_list_changed_in_place_is_saved(m: Any) -> None:
    book = m.Book(title="T", tags=["a"], chapters=[m.Chapter(title="c", pages=1)])
    book.save()
    again = reload(book)
    again.tags.append("b")
    again.chapters[0].pages = 2
    again.chapters.append(m.Chapter(title="d", pages=4))
    # tags was only appended to; an item of chapters changed too.
    assert again.get_dirty_ops() == {
        "$push": {"tags": {"$each": ["b"]}},
        "$set": {
            "chapters": [{"title": "c", "pages": 2}, {"title": "d", "pages": 4}],
        },
    }
    again.save()
    latest = reload(book)
    assert latest.tags == ["a", "b"]
    assert [(c.title, c.pages) for c in latest.chapters] == [("c", 2), ("d", 4)]
    # An unchanged list is not written again.
    assert latest.get_dirty_ops() == {}


def test_invalid_item_added_in_place_is_refused_at_save(m: Any) -> None:
    book = m.Book(title="T", tags=["a"])
    book.save()
    book.tags.append(42)
    with pytest.raises(BadValueException, match=r"Book\.tags.*item 1.*a str"):
        book.save()
    book.tags.extend(["b", "c", "d"])
    book.tags.remove(42)
    with pytest.raises(BadValueException, match=r"Book\.tags.*max_capacity"):
        book.save()
    assert stored(book)["tags"] == ["a"]  # nothing invalid was written
    # A new document too: nothing is inserted.
    fresh = m.Book(title="U", chapters=[m.Chapter(title="c", pages=1)])
    fresh.chapters.append("not a chapter")
    with pytest.raises(BadValueException, match=r"Book\.chapters"):
        fresh.save()
    assert m.Book.query.count() == 1


def test_invalid_embedded_item_changed_in_place_is_refused(m: Any) -> None:
    book = m.Book(title="T", chapters=[m.Chapter(title="c", pages=1)])
    book.save()
    book.chapters.append(m.Chapter(title="no pages"))
    with pytest.raises(MissingValueException, match=r"Chapter\.pages"):
        book.save()
    assert len(stored(book)["chapters"]) == 1


def test_list_element_queries(m: Any) -> None:
    m.Book(title="A", tags=["python", "web"]).save()
    m.Book(title="B", tags=["go"]).save()
    m.Book(title="C", tags=[]).save()

    def titles(*expressions: Any) -> list[str]:
        return sorted(b.title for b in m.Book.query.filter(*expressions))

    assert (m.Book.tags == "web") == {"tags": "web"}
    assert titles(m.Book.tags == "web") == ["A"]
    assert titles(m.Book.tags == ["python", "web"]) == ["A"]  # the whole list
    assert titles(m.Book.tags == ["web", "python"]) == []  # order matters
    assert titles(m.Book.tags.in_("go", "web")) == ["A", "B"]
    assert titles(m.Book.tags.nin(["go", "web"])) == ["C"]
    assert titles(m.Book.tags != "go") == ["A", "C"]
    assert titles(m.Book.tags.startswith("py")) == ["A"]
    assert sorted(b.title for b in m.Book.query.in_(m.Book.tags, "go")) == ["B"]
    assert sorted(b.title for b in m.Book.query.filter_by(tags="go")) == ["B"]
    with pytest.raises(BadValueException, match=r"Book\.tags.*a str"):
        m.Book.tags == 5  # noqa: B015  (item values are validated)
    with pytest.raises(BadValueException, match=r"Book\.tags"):
        m.Book.tags.in_("ok", 5)
    with pytest.raises(BadValueException, match="'\\$'"):
        m.Book.tags == [{"$ne": None}]  # noqa: B015


def test_list_of_documents_sub_paths_and_elem_match(m: Any) -> None:
    Book, Chapter = m.Book, m.Chapter
    Book(
        title="A",
        chapters=[Chapter(title="Intro", pages=2), Chapter(title="Long", pages=50)],
    ).save()
    Book(title="B", chapters=[Chapter(title="Intro", pages=40)]).save()

    def titles(*expressions: Any) -> list[str]:
        return sorted(b.title for b in Book.query.filter(*expressions))

    assert (Book.chapters.title == "Long") == {"chapters.title": "Long"}
    assert titles(Book.chapters.title == "Intro") == ["A", "B"]
    assert titles(Book.chapters.pages > 45) == ["A"]
    # Without elem_match the two conditions may hold on different chapters.
    assert titles((Book.chapters.title == "Intro") & (Book.chapters.pages > 30)) == [
        "A",
        "B",
    ]
    one_chapter = Book.chapters.elem_match(
        (Chapter.title == "Intro") & (Chapter.pages > 30)
    )
    assert one_chapter == {
        "chapters": {"$elemMatch": {"title": "Intro", "pages": {"$gt": 30}}}
    }
    assert titles(one_chapter) == ["B"]
    # Paths written from the list (Book.chapters.title) work inside it too.
    assert titles(Book.chapters.elem_match(Book.chapters.pages < 3)) == ["A"]
    assert titles(Book.chapters == Chapter(title="Intro", pages=40)) == ["B"]
    with pytest.raises(BadValueException, match=r"Chapter\.pages"):
        Book.chapters.pages == "many"  # noqa: B015
    with pytest.raises(AttributeError, match="no sub-field 'nope'"):
        Book.chapters.nope  # noqa: B018
    with pytest.raises(AttributeError, match="no sub-field"):
        Book.tags.title  # noqa: B018


def test_list_of_lists(db: Mongo, app_ctx: None) -> None:
    class Grid(db.Document):
        rows = db.ListField(db.ListField(db.IntField()))

    grid = Grid(rows=[[1, 2], [3]])
    grid.save()
    again = reload(grid)
    assert again.rows == [[1, 2], [3]]
    again.rows[1].append(4)
    again.save()
    assert reload(grid).rows == [[1, 2], [3, 4]]
    assert Grid.query.filter(Grid.rows == [3, 4]).count() == 1  # one row
    assert Grid.query.filter(Grid.rows == [[1, 2], [3, 4]]).count() == 1
    with pytest.raises(BadValueException, match=r"Grid\.rows.*item 0.*item 1"):
        again.rows = [[1, "x"]]  # type: ignore[list-item]


# -- SetField ------------------------------------------------------------------


def test_set_round_trip_default_and_mutation(db: Mongo, app_ctx: None) -> None:
    class Post(db.Document):
        labels = db.SetField(db.StringField(), default_empty=True, max_capacity=3)

    post = Post(labels={"b", "a"})
    post.save()
    assert stored(post)["labels"] == ["a", "b"]  # stored as a (sorted) list
    again = reload(post)
    assert again.labels == {"a", "b"}
    assert isinstance(again.labels, set)
    assert again.get_dirty_ops() == {}  # reading does not make it changed
    again.labels.add("c")
    again.labels.discard("a")
    again.save()
    assert reload(post).labels == {"b", "c"}
    assert Post().labels == set()
    Post(labels={"z"}).save()
    assert Post.query.filter(Post.labels == "c").one() == post
    assert Post.query.filter(Post.labels.in_("z", "q")).count() == 1
    assert Post.query.filter(Post.labels == {"c", "b"}).one() == post
    with pytest.raises(BadValueException, match=r"Post\.labels.*an item.*a str"):
        again.labels = {"ok", 1}  # type: ignore[arg-type]
    with pytest.raises(BadValueException, match=r"Post\.labels.*a set"):
        again.labels = ["a"]  # type: ignore[assignment]
    again.labels.update({"x", "y", "w"})  # in place: checked at save
    with pytest.raises(BadValueException, match="max_capacity=3"):
        again.save()


# -- DictField -----------------------------------------------------------------


def test_dict_round_trip_keys_and_sub_keys(db: Mongo, app_ctx: None) -> None:
    class Player(db.Document):
        scores = db.DictField(db.IntField(min_value=0), default_empty=True)

    ann = Player(scores={"chess": 3, "go": 7})
    ann.save()
    Player(scores={"chess": 9}).save()
    again = reload(ann)
    assert again.scores == {"chess": 3, "go": 7}
    assert Player().scores == {}
    again.scores["go"] = 8
    del again.scores["chess"]
    again.save()
    assert stored(ann)["scores"] == {"go": 8}
    assert (Player.scores.go > 5) == {"scores.go": {"$gt": 5}}
    assert Player.query.filter(Player.scores.go > 5).one() == ann
    assert Player.query.filter(Player.scores.chess == 9).count() == 1
    assert Player.query.filter(Player.scores == {"go": 8}).one() == ann
    with pytest.raises(BadValueException, match=r"Player\.scores\.go.*an int"):
        Player.scores.go == "x"  # noqa: B015
    with pytest.raises(BadValueException, match=r"Player\.scores.*key 'go'.*min"):
        again.scores = {"go": -1}
    for bad_key in ("$where", "a.b", "", 5):
        with pytest.raises(BadValueException, match=r"Player\.scores.*a key"):
            again.scores = {bad_key: 1}  # type: ignore[dict-item]
    again.scores["x.y"] = 1  # in place: refused when written
    with pytest.raises(BadValueException, match="a key"):
        again.save()
    assert stored(ann)["scores"] == {"go": 8}


def test_dict_of_documents(db: Mongo, app_ctx: None) -> None:
    class Address(db.Document):
        city = db.StringField()

    class Person(db.Document):
        addresses = db.DictField(db.DocumentField(Address))

    person = Person(addresses={"home": Address(city="Oslo")})
    person.save()
    again = reload(person)
    assert again.addresses["home"].city == "Oslo"
    again.addresses["home"].city = "Bergen"
    again.save()
    assert reload(person).addresses["home"].city == "Bergen"
    assert Person.query.filter(Person.addresses.home.city == "Bergen").count() == 1


# -- KVField -------------------------------------------------------------------


def test_kv_round_trip_and_queries(db: Mongo, app_ctx: None) -> None:
    class Stock(db.Document):
        counts = db.KVField(db.IntField(), db.StringField())

    stock = Stock(counts={1: "one", 2: "two"})
    stock.save()
    assert stored(stock)["counts"] == [{"k": 1, "v": "one"}, {"k": 2, "v": "two"}]
    again = reload(stock)
    assert again.counts == {1: "one", 2: "two"}
    again.counts[3] = "three"
    again.save()
    assert reload(stock).counts == {1: "one", 2: "two", 3: "three"}
    Stock(counts={3: "drei"}).save()
    assert (Stock.counts.k == 3) == {"counts.k": 3}
    assert Stock.query.filter(Stock.counts.k == 3).count() == 2
    assert Stock.query.filter(Stock.counts.v == "drei").count() == 1
    entry = Stock.counts.elem_match({"k": 2, "v": "two"})
    assert Stock.query.filter(entry).one() == stock
    assert Stock.query.filter(Stock.counts.elem_match({"k": 2, "v": "x"})).count() == 0
    with pytest.raises(BadValueException, match=r"Stock\.counts.*a key.*an int"):
        again.counts = {"one": "x"}  # type: ignore[dict-item]
    with pytest.raises(BadValueException, match=r"Stock\.counts.*key 1.*a str"):
        again.counts = {1: 1}  # type: ignore[dict-item]
    with pytest.raises(BadValueException, match=r"Stock\.counts\.k"):
        Stock.counts.k == "x"  # noqa: B015


# -- TupleField ----------------------------------------------------------------


def test_tuple_round_trip_validation_and_query(db: Mongo, app_ctx: None) -> None:
    class Version(db.Document):
        number = db.TupleField(db.IntField(), db.IntField(), db.StringField())

    v = Version(number=(1, 2, "beta"))
    v.save()
    assert stored(v)["number"] == [1, 2, "beta"]
    again = reload(v)
    assert again.number == (1, 2, "beta")
    again.number = [1, 3, "rc"]  # type: ignore[assignment]  # a list is accepted and read as a tuple
    assert again.number == (1, 3, "rc")
    again.save()
    assert reload(v).number == (1, 3, "rc")
    Version(number=(2, 0, "")).save()
    assert Version.query.filter(Version.number == (1, 3, "rc")).one() == v
    with pytest.raises(BadValueException, match=r"Version\.number.*3 items"):
        again.number = (1, 2)
    with pytest.raises(BadValueException, match=r"Version\.number.*item 2.*a str"):
        again.number = (1, 2, 3)


def test_item_type_must_be_a_field_instance(db: Mongo) -> None:
    with pytest.raises(TypeError, match=r"write StringField\(\)"):
        db.ListField(db.StringField)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="field instance"):
        db.DictField(int)  # type: ignore[call-overload]


def test_embedded_class_named_as_a_string_in_a_list(db: Mongo, app_ctx: None) -> None:
    class Shelf(db.Document):
        config_namespace = "library-shelves"
        books: ListField[Any] = db.ListField(db.DocumentField("Volume"))

    class Volume(db.Document):  # declared after the list that names it
        config_namespace = "library-shelves"
        title = db.StringField()

    shelf = Shelf(books=[Volume(title="A")])
    shelf.save()
    assert [v.title for v in reload(shelf).books] == ["A"]
    assert Shelf.query.filter(Shelf.books.title == "A").count() == 1


def test_every_field_type_is_reachable_from_the_extension(db: Mongo) -> None:
    from flask_mongo import odm

    for name in odm.EXTENSION_NAMES:
        assert getattr(db, name) is getattr(odm, name), name
    tags = db.ListField(db.StringField())
    assert isinstance(tags, odm.ListField)
    assert isinstance(db.computed_field(db.IntField())(len), odm.ComputedField)
