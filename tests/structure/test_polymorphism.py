"""type_field: documents come back as the subclass that saved them."""

from __future__ import annotations

from flask_mongokit import Document, MongoKit


class Animal(Document):
    __collection__ = "animals"
    structure = {"_type": str, "name": str}
    use_dot_notation = True


class Dog(Animal):
    structure = {"breed": str}


class Puppy(Dog):
    structure = {"age_in_weeks": int}


class Cat(Animal):
    structure = {"lives": int}

    def speak(self) -> str:
        return "meow"


class Untyped(Document):
    """No _type in the structure: not polymorphic."""

    __collection__ = "animals"
    structure = {"name": str}
    use_schemaless = True


def test_new_documents_store_their_class_name() -> None:
    assert Dog()["_type"] == "Dog"
    assert Puppy({"_type": None})["_type"] == "Puppy"


def test_queries_return_the_stored_subclass(mk: MongoKit, ctx: None) -> None:
    mk.register([Animal, Dog, Cat])
    mk.Dog({"name": "Rex", "breed": "collie"}).save()
    mk.Cat({"name": "Tom", "lives": 9}).save()
    mk.Animal({"name": "Generic"}).save()
    # Puppy is not registered: subclasses are found without it.
    Puppy({"name": "Bit", "age_in_weeks": 8}, collection=mk["animals"]).save()
    mk["animals"].insert_one({"_type": "Unknown", "name": "Nessie"})

    loaded = {a.name: a for a in mk.Animal.find()}
    assert {name: type(a) for name, a in loaded.items()} == {
        "Rex": Dog,
        "Tom": Cat,
        "Generic": Animal,
        "Bit": Puppy,
        "Nessie": Animal,
    }
    assert loaded["Tom"].speak() == "meow"
    assert type(mk.Animal.find_one({"name": "Bit"})) is Puppy
    assert type(mk.Dog.get_from_id(loaded["Bit"]["_id"])) is Puppy
    # Only subclasses of the queried class are used.
    assert type(mk.Dog.find_one({"name": "Tom"})) is Dog

    mk.register([Untyped])
    assert {type(a) for a in mk.Untyped.find()} == {Untyped}
