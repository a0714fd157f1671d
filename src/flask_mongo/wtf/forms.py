"""The form classes: :class:`ModelForm` and :func:`model_form`, which
builds one from a typed document or a MongoKit structure."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

import wtforms
from flask_wtf import FlaskForm
from wtforms import validators as v

from .. import odm
from ..structure import SchemaDocument
from . import populate
from .checks import (
    Count,
    Range,
    Spec,
    choices,
    length_message,
    range_message,
    scalar,
)

__all__ = ["ModelForm", "model_form"]

FieldMap = dict[str, Any]


class Populating(wtforms.Form):
    """What every generated form class adds to its base: the link to the
    model, and :meth:`populate_obj`."""

    #: The document class the form was built from.
    model: ClassVar[type[Any]]
    #: Form field name -> the model's field (typed) or structure entry.
    model_fields: ClassVar[FieldMap] = {}
    #: The structure's validators, for the MongoKit forms' populate_obj.
    model_validators: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, *args: Any, obj: Any = None, **kwargs: Any) -> None:
        if isinstance(obj, Mapping):
            # A MongoKit document is a dict: WTForms reads ``obj`` by
            # attribute, ``data`` by key.
            kwargs["data"] = {**obj, **kwargs.get("data", {})}
            obj = None
        kwargs["obj"] = obj
        super().__init__(*args, **kwargs)

    def populate_obj(self, obj: Any) -> bool:  # type: ignore[override]
        """Copy the form's values to ``obj``, a document of :attr:`model`
        (or, for MongoKit forms, any dict). Form fields that are not the
        model's (added by a base class) are left alone.

        :returns: True when the model took every value; False when it
            refused some, each then an error of its form field (do not save
            ``obj`` then: it may hold some of the new values).
        """
        if issubclass(self.model, SchemaDocument):
            return populate.populate_dict(self, obj, "")
        return populate.populate_typed(self, obj)


class ModelForm(Populating, FlaskForm):  # type: ignore[misc]  # Flask-WTF: untyped
    """The default base class of :func:`model_form`'s forms: a Flask-WTF
    form (CSRF-protected, reading ``request.form`` and ``request.files``)
    with ``populate_obj``. Subclass it to add fields of your own (a
    file upload) and pass it as ``base_class``."""


class _SubForm(Populating):
    """The form of an embedded document (inside a FormField: no CSRF token
    of its own, the outer form has one)."""


def _typed_spec(field: odm.Field[Any], label: str, optional: bool) -> Spec | None:
    """The form field of one typed field; None for fields a form cannot
    edit (ids, references, computed values, timestamps, raw values)."""
    required = field.required and not field.allow_none and not optional
    if isinstance(field, odm.DocumentField):
        form_class = _typed_form(
            field.document_class, _SubForm, None, (), {}, optional=not required
        )
        return wtforms.FormField, {"form_class": form_class}
    if isinstance(field, odm.ListField):
        item = _typed_spec(field.item_type, label, optional=True)
        if item is None or item[0] is wtforms.FieldList:
            return None
        low, high = field.min_capacity, field.max_capacity
        return wtforms.FieldList, {
            "unbound_field": item[0](**item[1]),
            "min_entries": max(low or 0, 1),
            "validators": [Count(low, high)] if low or high else [],
        }
    if isinstance(field, odm.EnumField):
        return choices(field.item_type, field.values, label, required)
    if isinstance(field, odm.CreatedField | odm.ModifiedField) or field.computed:
        return None
    checks: list[Any] = []
    kind: type
    if isinstance(field, odm.StringField):
        kind = str
        low, high = field.min_length, field.max_length
        if (low or 0) > 1 or high is not None:
            low = low if (low or 0) > 1 else None
            checks.append(v.Length(low or -1, high or -1, length_message(low, high)))
        regex = getattr(field, "regex", None)
        if regex is not None:
            checks.append(
                v.Regexp(
                    rf"(?:{regex.pattern})\Z", regex.flags, f"Enter a valid {label}."
                )
            )
    elif isinstance(field, odm.BoolField):
        kind = bool
    elif isinstance(field, odm.IntField | odm.FloatField):
        kind = int if isinstance(field, odm.IntField) else float
        low, high = field.min_value, field.max_value
        if low is not None or high is not None:
            checks.append(Range(low, high, range_message(label, low, high)))
    elif isinstance(field, odm.DateTimeField):
        kind = datetime
        first, last = field.min_date, field.max_date
        if first is not None or last is not None:
            message = range_message(label, first, last).replace("or more", "or later")
            checks.append(Range(first, last, message.replace("or less", "or earlier")))
    else:
        return None
    return scalar(kind, label, required, checks)


def _label(name: str) -> str:
    return name.replace("_", " ").strip().capitalize() or name


def _finish(
    name: str, spec: Spec, field_args: Mapping[str, Mapping[str, Any]]
) -> wtforms.Field:
    """The unbound form field, with ``field_args`` for it applied (its
    validators are added to the generated ones; other keys replace)."""
    field_class, kwargs = spec
    kwargs = {"label": _label(name), **kwargs}
    given = dict(field_args.get(name, {}))
    kwargs["validators"] = [*kwargs.get("validators", []), *given.pop("validators", [])]
    kwargs.update(given)
    return field_class(**kwargs)


def _select(
    names: Iterable[str], only: Collection[str] | None, exclude: Collection[str]
) -> list[str]:
    known = list(names)
    if only is not None:
        unknown = [name for name in only if name not in known]
        if unknown:
            raise KeyError(f"model_form: no field {unknown[0]!r} in the model")
        known = list(only)
    return [name for name in known if name not in exclude]


def _make(
    model: type[Any],
    base: type[Any],
    unbound: dict[str, Any],
    mapping: FieldMap,
    validators: Mapping[str, Any],
) -> type[Any]:
    if not issubclass(base, Populating):
        raise TypeError("base_class must be a subclass of flask_mongo.wtf.ModelForm")
    namespace: dict[str, Any] = {
        **unbound,
        "model": model,
        "model_fields": mapping,
        "model_validators": validators,
        "__module__": model.__module__,
        "__doc__": f"The form of {model.__name__}, made by model_form().",
    }
    return type(f"{model.__name__}Form", (base,), namespace)


def _typed_form(
    model: type[odm.Document],
    base: type[Any],
    only: Collection[str] | None,
    exclude: Collection[str],
    field_args: Mapping[str, Mapping[str, Any]],
    *,
    optional: bool = False,
) -> type[Any]:
    fields = model.get_fields()
    unbound: dict[str, Any] = {}
    mapping: FieldMap = {}
    for name in _select(fields, only, exclude):
        field = fields[name]
        spec = _typed_spec(
            field,
            str(field_args.get(name, {}).get("label", _label(name))).lower(),
            optional,
        )
        if spec is None:
            if only is not None:
                raise TypeError(
                    f"model_form cannot make a form field for {field.label}"
                    f" ({type(field).__name__}); leave it out of only=, or add"
                    " a field of your own to a base_class"
                )
            continue
        unbound[name] = _finish(name, spec, field_args)
        mapping[name] = field
    return _make(model, base, unbound, mapping, {})


def model_form(
    model: type[Any],
    *,
    base_class: type[ModelForm] = ModelForm,
    only: Collection[str] | None = None,
    exclude: Collection[str] = (),
    field_args: Mapping[str, Mapping[str, Any]] | None = None,
) -> type[ModelForm]:
    """A form class for ``model``: a typed document class, or a MongoKit
    (``flask_mongokit.Document`` / ``SchemaDocument``) class.

    :param base_class: the class the form derives from, :class:`ModelForm`
        or a subclass (which may add fields of its own).
    :param only: the model fields to include, in this order (default:
        every field a form can edit, in declaration order).
    :param exclude: model fields to leave out.
    :param field_args: per field name, keyword arguments of its form field
        (``label``, ``description``, ``render_kw``, ``widget``, ``choices``,
        ``default``...); its ``validators`` are added to the generated ones.

    Typed fields become: ``StringField`` (``min_length``, ``max_length``,
    a ``RegExStringField``'s pattern), ``IntegerField`` / ``FloatField``
    (``min_value``, ``max_value``), ``BooleanField``, ``DateTimeLocalField``
    (``min_date``, ``max_date``), ``EnumField`` a select of its values,
    ``DocumentField`` a ``FormField`` of the embedded document's form,
    ``ListField`` a ``FieldList`` of its item's field (``min_capacity``,
    ``max_capacity``; blank entries are no items). A field is required
    unless declared ``required=False`` or ``allow_none=True``. Ids,
    references, timestamps and computed fields are left out.

    MongoKit structures: ``str``, ``int``, ``float``, ``bool``,
    ``datetime``, nested dicts (a ``FormField``) and lists of one of these
    (``[str]``, a ``FieldList``); required when named in
    ``required_fields``. Other entries are left out.

    :raises KeyError: a name in ``only`` is not a field of the model.
    :raises TypeError: a field named in ``only`` cannot be made a form
        field; ``base_class`` is not a :class:`ModelForm`.
    """
    args = field_args or {}
    if isinstance(model, type) and issubclass(model, odm.Document):
        return _typed_form(model, base_class, only, exclude, args)
    if isinstance(model, type) and issubclass(model, SchemaDocument):
        return _dict_form(model, base_class, only, exclude, args)
    raise TypeError(
        f"model_form needs a flask_mongo.Document or a MongoKit document class,"
        f" got {model!r}"
    )


# -- MongoKit structures ---------------------------------------------------------


def _dict_spec(
    entry: Any, label: str, required: bool, path: str, model: type
) -> Spec | None:
    if isinstance(entry, dict):
        sub = _structure_form(model, entry, path + ".", _SubForm, None, (), {})
        return wtforms.FormField, {"form_class": sub}
    if isinstance(entry, list) and len(entry) == 1:
        item = _dict_spec(entry[0], label, False, path, model)
        if item is None or (
            item[0] is not wtforms.StringField
            and item[0]
            not in (
                wtforms.IntegerField,
                wtforms.FloatField,
                wtforms.DateTimeLocalField,
            )
        ):
            return None
        return wtforms.FieldList, {
            "unbound_field": item[0](**item[1]),
            "min_entries": 1,
            "validators": [Count(1, None)] if required else [],
        }
    if entry in (str, int, float, bool, datetime):
        return scalar(entry, label, required, [])
    return None


def _structure_form(
    model: type[SchemaDocument],
    structure: Mapping[Any, Any],
    prefix: str,
    base: type[Any],
    only: Collection[str] | None,
    exclude: Collection[str],
    field_args: Mapping[str, Mapping[str, Any]],
) -> type[Any]:
    required = set(model.required_fields)
    names = [key for key in structure if isinstance(key, str)]
    unbound: dict[str, Any] = {}
    mapping: FieldMap = {}
    for name in _select(names, only, exclude):
        label = str(field_args.get(name, {}).get("label", _label(name))).lower()
        entry = structure[name]
        spec = _dict_spec(entry, label, prefix + name in required, prefix + name, model)
        if spec is None:
            if only is not None:
                raise TypeError(
                    f"model_form cannot make a form field for {model.__name__}."
                    f"{prefix}{name} ({entry!r}); leave it out of only="
                )
            continue
        unbound[name] = _finish(name, spec, field_args)
        mapping[name] = entry
    return _make(model, base, unbound, mapping, model.validators)


def _dict_form(
    model: type[SchemaDocument],
    base: type[Any],
    only: Collection[str] | None,
    exclude: Collection[str],
    field_args: Mapping[str, Mapping[str, Any]],
) -> type[Any]:
    return _structure_form(model, model.structure, "", base, only, exclude, field_args)
