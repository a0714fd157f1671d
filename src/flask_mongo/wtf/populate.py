"""``populate_obj``: copying a submitted form's values to a document, a
value the model refuses becoming an error of its form field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import wtforms

from .. import odm
from ..errors import BadValueException
from ..structure.validation import check_value
from .checks import a, blank, list_values, refused

if TYPE_CHECKING:
    from .forms import Populating


def _add_error(field: wtforms.Field, message: str) -> None:
    if not isinstance(field.errors, list):
        field.errors = list(field.errors)
    field.errors.append(message)


def _sub_form(field: wtforms.Field) -> Populating:
    assert isinstance(field, wtforms.FormField)
    form: Populating = field.form
    return form


def _label_of(field: wtforms.Field) -> str:
    return str(field.label.text).lower()


def _value(form_field: wtforms.Field) -> Any:
    if isinstance(form_field, wtforms.FieldList):
        return list_values(form_field)
    return form_field.data


def populate_typed(form: Populating, doc: Any) -> bool:
    """Copy ``form``'s values to the typed document ``doc``."""
    ok = True
    for name, field in form.model_fields.items():
        form_field = form._fields[name]
        if isinstance(field, odm.DocumentField):
            ok = _populate_embedded(form_field, field, doc) and ok
            continue
        if isinstance(field, odm.ListField) and isinstance(
            field.item_type, odm.DocumentField
        ):
            value: Any = _documents(form_field, field.item_type)
            if value is None:
                ok = False
                continue
        else:
            value = _value(form_field)
        ok = _assign(doc, field, form_field, value) and ok
    return ok


def _assign(
    doc: Any, field: odm.Field[Any], form_field: wtforms.Field, value: Any
) -> bool:
    """Set (or, for a blank value, unset) one field of ``doc``; False, and
    the model's reason an error of the form field, when it is refused."""
    try:
        if blank(value) and not field.allow_none:
            if hasattr(doc, field.name):
                delattr(doc, field.name)
        else:
            setattr(doc, field.name, value)
    except BadValueException as error:
        _add_error(form_field, refused(_label_of(form_field), error.reason))
        return False
    return True


def _is_blank(sub: Populating) -> bool:
    return all(blank(field.data) for field in sub._fields.values())


def _fill(sub: Populating, embedded: Any) -> bool:
    """Populate an embedded document from its form; its required fields
    left blank become errors ("Enter a name.")."""
    ok = populate_typed(sub, embedded)
    for name, field in sub.model_fields.items():
        form_field = sub._fields[name]
        if field.required and not field.has_default() and blank(_value(form_field)):
            _add_error(form_field, f"Enter {a(_label_of(form_field))}.")
            ok = False
    return ok


def _documents(form_field: wtforms.Field, item: odm.DocumentField[Any, Any]) -> Any:
    """The documents of a FieldList of embedded forms (blank ones are no
    items); None when one of them was refused."""
    documents = []
    ok = True
    for entry in (
        form_field.entries if isinstance(form_field, wtforms.FieldList) else []
    ):
        sub = _sub_form(entry)
        if _is_blank(sub):
            continue
        document = item.document_class()
        ok = _fill(sub, document) and ok
        documents.append(document)
    return documents if ok else None


def _populate_embedded(
    form_field: wtforms.Field, field: odm.DocumentField[Any, Any], doc: Any
) -> bool:
    sub = _sub_form(form_field)
    if (not field.required or field.allow_none) and _is_blank(sub):
        return _assign(doc, field, form_field, None)
    try:
        embedded = getattr(doc, field.name)
    except AttributeError:  # a required document not set yet
        embedded = None
    embedded = embedded or field.document_class()
    return _fill(sub, embedded) and _assign(doc, field, form_field, embedded)


def populate_dict(form: Populating, doc: dict[str, Any], prefix: str) -> bool:
    ok = True
    authorized = getattr(form.model, "authorized_types", [])
    for name, entry in form.model_fields.items():
        form_field = form._fields[name]
        path = prefix + name
        if isinstance(entry, dict):
            current = doc.get(name)
            sub_doc = current if isinstance(current, dict) else {}
            ok = populate_dict(_sub_form(form_field), sub_doc, path + ".") and ok
            doc[name] = sub_doc
            continue
        value = _value(form_field)
        value = None if blank(value) else value
        problems = [] if value is None else check_value(value, entry, path, authorized)
        messages = [str(problem) for problem in problems]
        if value is not None and not messages:
            messages = _run_validators(form.model_validators.get(path), value, path)
        if messages:
            for message in messages:
                _add_error(form_field, refused(_label_of(form_field), message))
            ok = False
        else:
            doc[name] = value
    return ok


def _run_validators(declared: Any, value: Any, path: str) -> list[str]:
    """MongoKit's rule: a validator refuses by returning a false value other
    than None, or by raising (``%s`` in its message is the field's path)."""
    if declared is None:
        return []
    for validator in declared if isinstance(declared, list | tuple) else [declared]:
        try:
            result = validator(value)
        except Exception as error:
            return [str(error).replace("%s", path)]
        if result is not None and not result:
            return [f"{getattr(validator, '__name__', 'validator')} refused it"]
    return []
