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
    ok = True
    for name, field in form.model_fields.items():
        form_field = form._fields[name]
        if isinstance(field, odm.DocumentField):
            ok = _populate_embedded(form_field, field, doc) and ok
            continue
        value = _value(form_field)
        try:
            if blank(value) and not field.allow_none:
                if hasattr(doc, name):
                    delattr(doc, name)
            else:
                setattr(doc, name, value)
        except BadValueException as error:
            _add_error(form_field, refused(_label_of(form_field), error.reason))
            ok = False
    return ok


def _populate_embedded(
    form_field: wtforms.Field, field: odm.DocumentField[Any, Any], doc: Any
) -> bool:
    sub: Populating = _sub_form(form_field)
    name = field.name
    if not field.required and all(blank(f.data) for f in sub._fields.values()):
        if field.allow_none:
            setattr(doc, name, None)
        elif hasattr(doc, name):
            delattr(doc, name)
        return True
    try:
        embedded = getattr(doc, name)
    except AttributeError:
        embedded = None
    embedded = embedded or field.document_class()
    if not populate_typed(sub, embedded):
        return False
    missing = False
    for sub_name, sub_field in sub.model_fields.items():
        if (
            sub_field.required
            and not sub_field.has_default()
            and blank(_value(sub._fields[sub_name]))
        ):
            _add_error(
                sub._fields[sub_name], f"Enter {a(_label_of(sub._fields[sub_name]))}."
            )
            missing = True
    if missing:
        return False
    try:
        setattr(doc, name, embedded)
    except BadValueException as error:  # pragma: no cover - checked above
        _add_error(form_field, refused(_label_of(form_field), error.reason))
        return False
    return True


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
