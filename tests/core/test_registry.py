"""Classes by name and polymorphic identities (flask_mongo.core.registry)."""

from __future__ import annotations

from flask_mongo.core.registry import ClassRegistry, Polymorphism


class Animal:
    pass


class Dog(Animal):
    pass


class Puppy(Dog):
    pass


class Cat(Animal):
    pass


def test_names_by_namespace() -> None:
    registry: ClassRegistry[type[Animal]] = ClassRegistry()
    registry.add(Dog)
    registry.add(Cat, "Kitty", namespace="pets")
    assert registry.get("Dog") is Dog
    assert registry.get("Kitty") is None
    assert registry.get("Kitty", "pets") is Cat
    assert registry.names("pets") == ["Kitty"]
    assert "Kitty" in registry
    registry.add(Puppy, "Dog")
    assert registry.get("Dog") is Puppy


def test_loading_picks_the_stored_subclass_below_the_query() -> None:
    tree: Polymorphism[type[Animal]] = Polymorphism("kind")
    for cls in (Animal, Dog, Puppy, Cat):
        tree.add(cls.__name__.lower(), cls)
    assert tree.class_for({"kind": "puppy"}, Animal) is Puppy
    assert tree.class_for({"kind": "puppy"}, Dog) is Puppy
    # A sibling's identity never loads as the sibling from a narrower query.
    assert tree.class_for({"kind": "cat"}, Dog) is Dog
    assert tree.class_for({"kind": "unknown"}, Animal) is Animal
    assert tree.class_for({}, Animal) is Animal


def test_a_query_matches_the_identities_at_and_below_its_class() -> None:
    tree: Polymorphism[type[Animal]] = Polymorphism("kind")
    for cls in (Animal, Dog, Puppy, Cat):
        tree.add(cls.__name__.lower(), cls)
    assert tree.identities(Dog) == ["dog", "puppy"]
    assert sorted(tree.identities(Animal)) == ["animal", "cat", "dog", "puppy"]
    assert list(tree.subclasses(Cat)) == [Cat]
