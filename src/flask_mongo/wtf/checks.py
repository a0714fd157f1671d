"""What model_form's form fields check, and how they say it: messages in
plain words, the validators WTForms lacks, and the scalar and choice form
fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import wtforms
from wtforms import validators as v
from wtforms.fields import choices as _choices_module

from .. import odm

# -- messages ---------------------------------------------------------------


def a(label: str) -> str:
    return f"an {label}" if label[:1] in set("aeiou") else f"a {label}"


def range_message(label: str, low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"Enter {a(label)} from {low} to {high}."
    if low is not None:
        return f"Enter {a(label)} of {low} or more."
    return f"Enter {a(label)} of {high} or less."


def length_message(low: int | None, high: int | None) -> str:
    if low and high:
        return f"Enter {low} to {high} characters."
    if low:
        return f"Enter at least {low} characters."
    return f"Enter at most {high} characters."


def refused(label: str, reason: str) -> str:
    return f"This {label} is not accepted: {reason}."


class Range:
    """min/max bounds; no message when the value could not be read (the
    field already says so)."""

    def __init__(self, low: Any, high: Any, message: str) -> None:
        self.low, self.high, self.message = low, high, message

    def __call__(self, form: wtforms.Form, field: wtforms.Field) -> None:
        data = field.data
        if data is None:
            return
        if (self.low is not None and data < self.low) or (
            self.high is not None and data > self.high
        ):
            raise v.ValidationError(self.message)


class Count:
    """Bounds on the number of filled-in entries of a FieldList."""

    def __init__(self, low: int | None, high: int | None) -> None:
        self.low, self.high = low, high

    def __call__(self, form: wtforms.Form, field: wtforms.Field) -> None:
        count = len(list_values(field))
        if self.low is not None and count < self.low:
            raise v.ValidationError(f"Enter at least {self.low} items.")
        if self.high is not None and count > self.high:
            raise v.ValidationError(f"Enter at most {self.high} items.")


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def blank(value: Any) -> bool:
    return value is None or value == ""


def list_values(field: wtforms.Field) -> list[Any]:
    """The filled-in entries of a FieldList (blank inputs are no items)."""
    entries = field.entries if isinstance(field, wtforms.FieldList) else []
    return [entry.data for entry in entries if not blank(entry.data)]


# -- building the form fields -------------------------------------------------

# One form field before it is bound: (field class, keyword arguments).
Spec = tuple[type[wtforms.Field], dict[str, Any]]


def scalar(
    kind: type, label: str, required: bool, extra: list[Any], **options: Any
) -> Spec | None:
    """The form field of a str/int/float/bool/datetime value."""
    checks: list[Any] = []
    if kind is bool:
        return wtforms.BooleanField, {"validators": extra, **options}
    if kind is str:
        checks.append(v.DataRequired(f"Enter {a(label)}.") if required else None)
        options["filters"] = [strip]
        field_class: type[wtforms.Field] = wtforms.StringField
    elif kind in (int, float, datetime):
        checks.append(v.InputRequired(f"Enter {a(label)}.") if required else None)
        field_class, options["invalid_value_message"] = {
            int: (wtforms.IntegerField, f"Enter the {label} as a whole number."),
            float: (wtforms.FloatField, f"Enter the {label} as a number, such as 2.5."),
            datetime: (
                wtforms.DateTimeLocalField,
                f"Enter the {label} as a date and a time.",
            ),
        }[kind]
    else:
        return None
    if not required:
        checks.append(v.Optional())
    return field_class, {"validators": [c for c in checks if c] + extra, **options}


# WTForms 3.3 takes SelectChoice objects (tuples are deprecated there);
# older versions, and the type stubs, know tuples only.
_SelectChoice: Any = getattr(_choices_module, "SelectChoice", None)


def _choice(value: Any, name: str) -> Any:
    if _SelectChoice is None:  # pragma: no cover - WTForms < 3.3
        return (value, name)
    return _SelectChoice(value, name)


def choices(
    item: odm.Field[Any], values: Iterable[Any], label: str, required: bool
) -> Spec:
    kind: Callable[[Any], Any] = str
    if isinstance(item, odm.IntField):
        kind = int
    elif isinstance(item, odm.FloatField):
        kind = float

    def coerce(value: Any) -> Any:
        return None if blank(value) else kind(value)

    names = [(value, str(value)) for value in values]
    message = "Choose one of: " + ", ".join(name for _, name in names) + "."
    checks: list[Any] = [v.InputRequired(f"Choose {a(label)}.")] if required else []
    if not required:
        names.insert(0, ("", "—"))
    return wtforms.SelectField, {
        "choices": [_choice(value, name) for value, name in names],
        "coerce": coerce,
        "validators": checks,
        "invalid_choice_message": message,
        "invalid_value_message": message,
    }
