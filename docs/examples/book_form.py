"""A form made from the typed Book model, and the view that edits a book."""

from __future__ import annotations

from bson import ObjectId
from flask import Flask, redirect
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFProtect

from flask_mongo.wtf import model_form

from .typed_models import Book

BookForm = model_form(Book, only=["title", "year"])


def register_views(app: Flask) -> None:
    CSRFProtect(app)  # every POST needs the form's token

    @app.route("/books/<ObjectId:book_id>/edit", methods=["GET", "POST"])
    def edit(book_id: ObjectId) -> ResponseReturnValue:
        book = Book.query.get_or_404(book_id)
        form = BookForm(obj=book)  # a MongoKit document works as obj too
        if form.validate_on_submit() and form.populate_obj(book):
            book.save()
            return redirect(f"/books/{book_id}")
        return {"errors": form.errors}, 400 if form.errors else 200
