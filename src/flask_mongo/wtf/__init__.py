"""Forms from documents: :func:`model_form` (needs the ``wtf`` extra).

``model_form(Book)`` builds a Flask-WTF form class from a typed document
(:class:`flask_mongo.Document`) or from a MongoKit document
(:class:`flask_mongokit.Document`, its ``structure`` and
``required_fields``)::

    from flask_mongo.wtf import model_form

    BookForm = model_form(Book, exclude=["cover"])

    @app.route("/books/new", methods=["GET", "POST"])
    def add():
        form = BookForm()
        book = Book()
        if form.validate_on_submit() and form.populate_obj(book):
            book.save()
            return redirect(url_for("show", book_id=book.mongo_id))
        return render_template("form.html", form=form)

The form checks what the model declares (required fields, lengths, bounds,
patterns, choices) with messages in plain words ("Enter a title.", "Enter a
year from 0 to 2100."). :meth:`ModelForm.populate_obj` then copies the
values to the document; a value the model still refuses (its own validator,
a MongoKit ``validators`` entry) becomes an error of that form field and
``populate_obj`` returns False, so the view shows the form again instead of
failing.

.. versionadded:: 0.1
"""

from .forms import ModelForm, model_form

__all__ = ["ModelForm", "model_form"]
