"""Tasks without a server through the Flask-MongoAlchemy front-end.

``flask_mongoalchemy``'s documents are the typed mapper's under the legacy
policy (``config_extra_fields='error'``: loading checks every stored key;
unset fields raise ``AttributeError``), so its rows are the typed rows
again with the legacy classes: load + read every field, and create +
encode, on the small and nested data sets, with the same targets.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask_mongoalchemy import MongoAlchemy

from .data import Doc
from .datasets import DataSet, datasets
from .inprocess import Job, Plan, _one, create, load

#: The benchmark's MongoAlchemy extension (no app: nothing is sent).
ma = MongoAlchemy()


def _fields15(kind: Any) -> dict[str, Any]:
    return {f"field{i}": kind() for i in range(1, 16)}


# SMALL_DOC: 7 strings, 6 ints.
MASmall: Any = type(
    "MASmall",
    (ma.Document,),
    {
        "__module__": __name__,
        "config_collection_name": "ma_small_doc",
        **{f"field{i}": ma.StringField() for i in range(1, 8)},
        **{f"field{i}": ma.IntField() for i in range(8, 14)},
    },
)


MAStr: Any = type(
    "MAStr", (ma.Document,), {"__module__": __name__, **_fields15(ma.StringField)}
)
MAInt: Any = type(
    "MAInt", (ma.Document,), {"__module__": __name__, **_fields15(ma.IntField)}
)


_NESTED = {
    **{f"embedded_str_doc_{i}": ma.DocumentField(MAStr) for i in range(1, 6)},
    "embedded_str_doc_array": ma.ListField(ma.DocumentField(MAStr)),
    **{f"embedded_int_doc_{i}": ma.DocumentField(MAInt) for i in range(8, 15)},
}
MANested: Any = type(
    "MANested",
    (ma.Document,),
    {
        "__module__": __name__,
        "config_collection_name": "ma_large_doc_nested",
        **_NESTED,
    },
)


def new_small(doc: Doc) -> Any:
    """A new ``MASmall`` from a SMALL_DOC dict."""
    values = dict(doc)
    values["mongo_id"] = values.pop("_id")
    return MASmall(**values)


def new_nested(doc: Doc) -> Any:
    """A new ``MANested`` from a LARGE_DOC_NESTED dict."""
    values: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "_id":
            values["mongo_id"] = value
        elif key == "embedded_str_doc_array":
            values[key] = [MAStr(**item) for item in value]
        elif key.startswith("embedded_str_doc"):
            values[key] = MAStr(**value)
        else:
            values[key] = MAInt(**value)
    return MANested(**values)


def legacy_datasets() -> dict[str, DataSet]:
    """The small and nested data sets with the legacy front-end's classes."""
    sets = datasets()
    return {
        "small": dataclasses.replace(
            sets["small"],
            name="small (Flask-MongoAlchemy)",
            mapper=MASmall,
            new_mapper=new_small,
        ),
        "nested": dataclasses.replace(
            sets["nested"],
            name="nested (Flask-MongoAlchemy)",
            mapper=MANested,
            new_mapper=new_nested,
        ),
    }


def jobs(plan: Plan) -> list[Job]:
    """The front-end's tasks, by id: ``ma-read-*``, ``ma-create-*``."""
    out: list[Job] = []
    for key, ds in legacy_datasets().items():
        out.append((f"ma-read-{key}", _one(load, plan, ds, plan.n[key], read=True)))
    for key, ds in legacy_datasets().items():
        out.append((f"ma-create-{key}", _one(create, plan, ds, plan.n[key])))
    return out
