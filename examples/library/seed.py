"""The books a new library starts with: ``flask --app examples.library.app
seed`` (``./dev run`` runs it with ``--if-empty`` before serving)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .models import Author, Book

#: (title, author, year, genre, summary)
BOOKS: list[tuple[str, str, int, str, str]] = [
    (
        "Pride and Prejudice",
        "Jane Austen",
        1813,
        "Fiction",
        "Elizabeth Bennet and Mr Darcy misjudge each other, at length and with wit.",
    ),
    (
        "Emma",
        "Jane Austen",
        1815,
        "Fiction",
        "A young matchmaker learns that she understands hearts less than she thinks.",
    ),
    (
        "Persuasion",
        "Jane Austen",
        1817,
        "Fiction",
        "Anne Elliot meets again the man she was persuaded not to marry.",
    ),
    (
        "Frankenstein",
        "Mary Shelley",
        1818,
        "Science fiction",
        "A student makes a living being and runs from what he made.",
    ),
    (
        "Jane Eyre",
        "Charlotte Brontë",
        1847,
        "Fiction",
        "An orphan governess keeps her own counsel in a house full of secrets.",
    ),
    (
        "Wuthering Heights",
        "Emily Brontë",
        1847,
        "Fiction",
        "Two families on the moors, and a love that curdles into revenge.",
    ),
    (
        "Moby-Dick",
        "Herman Melville",
        1851,
        "Fiction",
        "Captain Ahab hunts the white whale; Ishmael tells us everything about whales.",
    ),
    (
        "Alice's Adventures in Wonderland",
        "Lewis Carroll",
        1865,
        "Children",
        "Down the rabbit hole, into a world of very logical nonsense.",
    ),
    (
        "Twenty Thousand Leagues Under the Seas",
        "Jules Verne",
        1870,
        "Science fiction",
        "Professor Aronnax travels the oceans aboard Captain Nemo's Nautilus.",
    ),
    (
        "Around the World in Eighty Days",
        "Jules Verne",
        1872,
        "Fiction",
        "Phileas Fogg bets his fortune that he can circle the globe in eighty days.",
    ),
    (
        "The Adventures of Sherlock Holmes",
        "Arthur Conan Doyle",
        1892,
        "Mystery",
        "Twelve cases of the detective of Baker Street, told by Dr Watson.",
    ),
    (
        "The Hound of the Baskervilles",
        "Arthur Conan Doyle",
        1902,
        "Mystery",
        "A family curse, a spectral hound and a moor full of fog.",
    ),
    (
        "The Time Machine",
        "H. G. Wells",
        1895,
        "Science fiction",
        "A Victorian inventor travels to the year 802,701 and finds humanity split.",
    ),
    (
        "The War of the Worlds",
        "H. G. Wells",
        1898,
        "Science fiction",
        "Martians land in Surrey, and nothing on Earth can stop them. Almost.",
    ),
    (
        "Leaves of Grass",
        "Walt Whitman",
        1855,
        "Poetry",
        "I celebrate myself, and sing myself.",
    ),
    (
        "On the Origin of Species",
        "Charles Darwin",
        1859,
        "Science",
        "Species change over generations by natural selection.",
    ),
    (
        "The Murder of Roger Ackroyd",
        "Agatha Christie",
        1926,
        "Mystery",
        "Hercule Poirot solves a village murder with a famous twist.",
    ),
    (
        "Murder on the Orient Express",
        "Agatha Christie",
        1934,
        "Mystery",
        "A train stuck in the snow, a murdered passenger, twelve suspects.",
    ),
    (
        "The Hobbit",
        "J. R. R. Tolkien",
        1937,
        "Fantasy",
        "Bilbo Baggins is hired as a burglar by thirteen dwarves.",
    ),
    (
        "Nineteen Eighty-Four",
        "George Orwell",
        1949,
        "Science fiction",
        "Big Brother is watching you.",
    ),
    (
        "Foundation",
        "Isaac Asimov",
        1951,
        "Science fiction",
        "A mathematician plans to shorten the dark age after the Empire falls.",
    ),
    (
        "I, Robot",
        "Isaac Asimov",
        1950,
        "Science fiction",
        "Nine stories about the Three Laws of Robotics and their loopholes.",
    ),
    (
        "A Wizard of Earthsea",
        "Ursula K. Le Guin",
        1968,
        "Fantasy",
        "A young wizard looses a shadow on the world and must hunt it down.",
    ),
    (
        "The Left Hand of Darkness",
        "Ursula K. Le Guin",
        1969,
        "Science fiction",
        "An envoy on the winter planet Gethen, whose people have no fixed sex.",
    ),
    (
        "The Structure and Interpretation of Computer Programs",
        "Harold Abelson and Gerald Jay Sussman",
        1985,
        "Programming",
        "Programs as a way of thinking, in Scheme.",
    ),
    (
        "The C Programming Language",
        "Brian Kernighan and Dennis Ritchie",
        1978,
        "Programming",
        "The book that taught the world C, in 272 pages.",
    ),
    (
        "Dive Into Python",
        "Mark Pilgrim",
        2004,
        "Programming",
        "Python for experienced programmers, one example at a time.",
    ),
    (
        "Fluent Python",
        "Luciano Ramalho",
        2015,
        "Programming",
        "Python's data model, iterators, coroutines and descriptors, in depth.",
    ),
    (
        "A Brief History of Time",
        "Stephen Hawking",
        1988,
        "Science",
        "From the Big Bang to black holes, without equations but one.",
    ),
    (
        "The Histories",
        "Herodotus",
        0,
        "History",
        "The Greco-Persian wars, and every story Herodotus heard on his travels.",
    ),
]


def seed_books() -> int:
    """Add :data:`BOOKS` to the library; the number added."""
    for title, author, year, genre, summary in BOOKS:
        Book(
            title=title,
            author=Author(name=author),
            year=year,
            genre=genre,
            summary=summary,
        ).save()
    return len(BOOKS)


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Add nothing when there are books.")
@with_appcontext
def seed_command(if_empty: bool) -> None:
    """Add the sample books to the library."""
    count = Book.query.count()
    if if_empty and count:
        click.echo(f"The library has {count} books; no sample books added.")
        return
    click.echo(f"Added {seed_books()} sample books to the library.")
