"""What ``save()`` writes for a loaded document: the update operators that
bring the stored document up to date, and nothing else.

A field assigned a new value is written whole; an embedded document or dict
changed in place is written by its changed keys (``author.name``), so that
concurrent changes to its other keys survive.
"""

from __future__ import annotations

from typing import Any

from ..core.values import MISSING
from .state import DocumentState

#: ``{'$set': {...}, '$unset': {...}}``
Operators = dict[str, dict[str, Any]]


def changes(
    doc: DocumentState, with_required: bool = False
) -> tuple[Operators, dict[str, Any]]:
    """The update operators for ``doc``, and each written key's new stored
    value (MISSING when unset): the baseline after the write.

    :param with_required: check every required field, not only the changed.
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
            if (
                operator == "$set"
                and key not in assigned
                and isinstance(value, dict)
                and isinstance(old, dict)
            ):
                _diff_into(ops, key, old, value)
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
    """``$set``/``$unset`` of the sub-keys of ``key`` that differ."""
    for sub, value in new.items():
        if sub not in old or old[sub] != value:
            ops.setdefault("$set", {})[f"{key}.{sub}"] = value
    for sub in old.keys() - new.keys():
        ops.setdefault("$unset", {})[f"{key}.{sub}"] = True
