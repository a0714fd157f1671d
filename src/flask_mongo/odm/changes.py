"""What ``save()`` writes for a loaded document: the update operators that
bring the stored document up to date, and nothing else.

A field assigned a new value is written whole; an embedded document or dict
changed in place is written by its changed keys (``author.name``), so that
concurrent changes to its other keys survive; a list only appended to is
written with ``$push``/``$each``, so that concurrent appends all survive.
A key is never split: a dict with a key that is not a plain stored key
(``'a.b'``, ``'$x'``) is written whole, since ``$set: {'f.a.b': ...}``
would write ``b`` under ``a``.
"""

from __future__ import annotations

from typing import Any

from ..core.values import MISSING, is_valid_key
from .fields.containers import ListField
from .fields.scalars import AnythingField
from .state import DocumentState

# The fields whose lists may be appended to with $push: a set's stored list
# is sorted, and a KVField's holds unique keys, so neither can be.
_APPENDABLE = (ListField, AnythingField)

#: ``{'$set': {...}, '$unset': {...}}``
Operators = dict[str, dict[str, Any]]


def changes(
    doc: DocumentState, with_required: bool = False, appends: bool = True
) -> tuple[Operators, dict[str, Any]]:
    """The update operators for ``doc``, and each written key's new stored
    value (MISSING when unset): the baseline after the write.

    :param with_required: check every required field, not only the changed.
    :param appends: write a list only appended to with ``$push``/``$each``
        (``False``: ``$set`` it whole, for a caller that changes operators).
    :raises MissingValueException: a required field has no value.
    :raises FieldNotRetrieved: a field loaded only in part changed in place.
    """
    if doc._save_hooks:
        doc._run_save_hooks()
    fields = doc._db_fields
    data, cache, assigned = doc._data, doc._cache, doc._dirty
    changed = set(assigned)
    # Stored forms of the cached values, each computed once per call.
    stored: dict[str, Any] = {}
    for key in doc._mutable & cache.keys():
        if key not in changed:
            stored[key] = fields[key].to_mongo(cache[key])
            if stored[key] != data.get(key):
                changed.add(key)
    retrieved = doc._retrieved
    if retrieved is not None and retrieved.partial:
        doc._check_partial(retrieved.partial & (changed - assigned))
    if with_required:
        doc._check_required(doc._required)
    elif changed:
        doc._check_required(f for f in doc._required if f.db_field in changed)
    ops: Operators = {}
    baselines: dict[str, Any] = {}
    for key in changed:
        declared = fields.get(key)
        operator = declared.on_update if declared is not None else "$set"
        if operator == "ignore":
            continue
        if declared is not None and key in cache:
            value = stored[key] if key in stored else declared.to_mongo(cache[key])
            old = data.get(key)
            in_place = operator == "$set" and key not in assigned
            if in_place and isinstance(value, dict) and isinstance(old, dict):
                _diff_into(ops, key, old, value)
            elif (
                in_place
                and appends
                and isinstance(declared, _APPENDABLE)
                and (added := _appended(value, old))
            ):
                ops.setdefault("$push", {})[key] = {"$each": added}
            else:
                ops.setdefault(operator, {})[key] = value
            baselines[key] = value
        elif key in data:
            ops.setdefault(operator, {})[key] = data[key]
            baselines[key] = data[key]
        else:
            ops.setdefault("$unset", {})[key] = True
            baselines[key] = MISSING
    return ops, baselines


def _diff_into(
    ops: Operators, key: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    """``$set``/``$unset`` of the sub-keys of ``key`` that differ; the
    whole value when a key differing is not a plain stored key."""
    changed = [sub for sub, value in new.items() if sub not in old or old[sub] != value]
    removed = old.keys() - new.keys()
    if not all(map(is_valid_key, [*changed, *removed])):
        ops.setdefault("$set", {})[key] = new
        return
    for sub in changed:
        ops.setdefault("$set", {})[f"{key}.{sub}"] = new[sub]
    for sub in removed:
        ops.setdefault("$unset", {})[f"{key}.{sub}"] = True


def _appended(new: object, old: object) -> list[Any]:
    """The items added at the end of the list ``old`` to make the list
    ``new``; empty when ``new`` is not ``old`` with items appended."""
    if (
        isinstance(new, list)
        and isinstance(old, list)
        and len(new) > len(old)
        and new[: len(old)] == old
    ):
        return new[len(old) :]
    return []
