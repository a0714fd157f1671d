"""MongoKit's :class:`SchemaDocument`: a ``dict`` with a declared structure,
without a database.

It holds what a document class declares (``structure``,
``required_fields``, ``default_values``, ``validators``, ``i18n``...), fills
new documents from it, validates, and gives dot notation and translated
fields. :class:`~flask_mongo.structure.document.Document` adds the
collection: saving, loading and queries.
"""

from __future__ import annotations

import copy
import logging
from typing import Any, ClassVar, Self

from ..core.values import MISSING
from .conversion import to_bson, to_python
from .dotted import DotDict, I18nDotDict, dotted
from .exceptions import SchemaDocumentError, StructureError
from .i18n import translation
from .paths import get_path, set_path
from .schema import Schema, build_schema
from .skeleton import copy_nested, default_value, fill
from .types import AUTHORIZED_TYPES
from .validation import Report, validate_document

__all__ = ["SchemaDocument"]

logger = logging.getLogger("flask_mongo.structure")


class SchemaDocument(dict[str, Any]):
    """A dict whose class declares what it may hold (MongoKit's API).

    ::

        class Address(SchemaDocument):
            structure = {"street": str, "city": str, "zip": str}
            required_fields = ["city"]
            use_dot_notation = True

        address = Address({"city": "Lyon"})     # street and zip set to None
        address.validate()

    :param doc: initial content.
    :param gen_skel: fill in the fields of the structure that ``doc`` lacks
        and apply ``default_values``. With ``False``, ``doc`` is taken as
        stored in MongoDB (custom types are converted to Python).
    :param lang: the language of translated fields (see ``i18n``).
    :param fallback_lang: the language read when ``lang`` has no value.
    """

    #: Field name -> type, nested dict, ``[entry]``, tuple, ``{str: entry}``,
    #: ``OR``/``NOT``/``IS``, a ``CustomType``, or ``None`` for any type.
    structure: ClassVar[dict[Any, Any]] = {}
    #: Dotted paths that must not be missing, ``None`` or empty.
    required_fields: ClassVar[list[str]] = []
    #: Dotted path -> value, or callable called for each new document.
    default_values: ClassVar[dict[str, Any]] = {}
    #: Dotted path -> callable, or list of them (see ``validate``).
    validators: ClassVar[dict[str, Any]] = {}
    #: Translated fields (dotted paths through dicts).
    i18n: ClassVar[list[str]] = []
    #: The types values may have.
    authorized_types: ClassVar[list[type[Any]]] = AUTHORIZED_TYPES
    #: Read and write fields as attributes.
    use_dot_notation: ClassVar[bool] = False
    #: Log a warning when an attribute that is not a field is set.
    dot_notation_warning: ClassVar[bool] = False
    #: Allow keys outside the structure (and structure keys to be missing).
    use_schemaless: ClassVar[bool] = False
    #: False: :meth:`validate` collects errors in :attr:`validation_errors`.
    raise_validation_errors: ClassVar[bool] = True
    #: With this key in the structure, documents store their class name and
    #: queries return instances of the stored subclass.
    type_field: ClassVar[str] = "_type"

    _schema: ClassVar[Schema]
    # Instance attributes a copy of the document does not share.
    _uncopied: ClassVar[tuple[str, ...]] = ("_validation_errors",)

    # Instance state; class-level defaults keep loading cheap.
    _lang: str = "en"
    _fallback_lang: str = "en"
    _validation_errors: dict[str | None, list[SchemaDocumentError]] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._schema = build_schema(cls)
        if cls.use_dot_notation:
            check_dot_notation_names(cls)

    def __init__(
        self,
        doc: dict[str, Any] | None = None,
        gen_skel: bool = True,
        lang: str = "en",
        fallback_lang: str = "en",
    ) -> None:
        super().__init__()
        if lang != "en":
            object.__setattr__(self, "_lang", lang)
        if fallback_lang != "en":
            object.__setattr__(self, "_fallback_lang", fallback_lang)
        populate(self, doc, gen_skel)

    def generate_skeleton(self) -> None:
        """Add the fields of the structure the document lacks (``None``,
        ``[]`` for lists, ``{}`` for dicts with typed keys); no defaults."""
        fill(self, self._schema.skeleton)

    # -- dot notation ------------------------------------------------------

    def __getattr__(self, key: str) -> Any:
        cls = type(self)
        if cls.use_dot_notation and not key.startswith("__") and key in self:
            return self._read_dotted(self, key, dict.__getitem__(self, key), key)
        hint = ""
        if not cls.use_dot_notation and key in cls._schema.structure:
            hint = f"; read doc[{key!r}], or set use_dot_notation = True"
        raise AttributeError(f"{cls.__name__!r} object has no attribute {key!r}{hint}")

    def _read_dotted(
        self, container: dict[str, Any], key: str, value: Any, path: str
    ) -> Any:
        # What dot notation reads at ``path`` (``container[key]`` is
        # ``value``): a translated field's value in the current language, a
        # dict holding translated fields as an I18nDotDict, else as DotDict.
        schema = self._schema
        if path in schema.i18n_paths:
            return translation(value, self._lang, self._fallback_lang)
        if path in schema.i18n_parents and isinstance(value, dict):
            if not (isinstance(value, I18nDotDict) and value._doc is self):
                value = I18nDotDict(value)
                object.__setattr__(value, "_doc", self)
                object.__setattr__(value, "_path", path)
                dict.__setitem__(container, key, value)
            return value
        return dotted(container, key, value)

    def _write_dotted(
        self, container: dict[str, Any], key: str, value: Any, path: str
    ) -> None:
        # What dot notation writes at ``path``: a translated field gets the
        # value of the current language, the others' kept.
        if path in self._schema.i18n_paths:
            translations = container.get(key)
            if not isinstance(translations, dict):
                translations = {}
                container[key] = translations
            translations[self._lang] = value
        else:
            container[key] = value

    def __setattr__(self, key: str, value: Any) -> None:
        cls = type(self)
        is_field = key in cls._schema.structure or key in self
        if cls.use_dot_notation and is_field and not hasattr(cls, key):
            self._write_dotted(self, key, value, key)
            return
        if cls.dot_notation_warning and not key.startswith("_") and not is_field:
            logger.warning(
                "dot notation: %s is not in the structure of %s; it is set as an"
                " attribute and will not be saved",
                key,
                cls.__name__,
            )
        object.__setattr__(self, key, value)

    def __delattr__(self, key: str) -> None:
        cls = type(self)
        if cls.use_dot_notation and key in self and not hasattr(cls, key):
            del self[key]
        else:
            object.__delattr__(self, key)

    # -- languages ---------------------------------------------------------

    def get_lang(self) -> str:
        """The language translated fields are read and written in."""
        return self._lang

    def set_lang(self, lang: str) -> None:
        """Read and write translated fields in ``lang`` from now on."""
        object.__setattr__(self, "_lang", lang)

    # -- validation --------------------------------------------------------

    @property
    def validation_errors(self) -> dict[str | None, list[SchemaDocumentError]]:
        """The errors the last :meth:`validate` collected, by dotted path
        (``None`` for the document itself), when ``raise_validation_errors``
        is False."""
        if self._validation_errors is None:
            object.__setattr__(self, "_validation_errors", {})
        assert self._validation_errors is not None
        return self._validation_errors

    def validate(self) -> None:
        """Check the document against its class's declarations.

        Structure first (types, unknown or missing keys, keys starting with
        ``$`` or containing ``.``), then ``required_fields``, then
        ``validators``. Raises the first error, or with
        ``raise_validation_errors = False`` collects all of them in
        :attr:`validation_errors`.

        :raises SchemaDocumentError: a subclass naming the field's dotted path.
        """
        self._validate()

    def _validate(self) -> int | None:
        # validate(), giving what _check gives.
        cls = type(self)
        # The compiled check alone vouches for most valid documents (see
        # Schema.vouching_check); -1 sends the document to the full walk.
        check = cls._schema.vouching_check
        size = check(self) if check is not None and not cls.use_schemaless else -1
        if size >= 0:  # valid: nothing to report or collect
            if self._validation_errors:
                object.__setattr__(self, "_validation_errors", None)
            return size
        errors: dict[str | None, list[SchemaDocumentError]] = {}
        object.__setattr__(self, "_validation_errors", errors)

        def report(error: SchemaDocumentError) -> None:
            if cls.raise_validation_errors:
                raise error
            errors.setdefault(error.path, []).append(error)

        return self._check(report)

    def _check(self, report: Report) -> int | None:
        # An upper bound of the BSON size when it was worked out on the way.
        cls = type(self)
        return validate_document(
            self,
            cls._schema,
            authorized=cls.authorized_types,
            schemaless=cls.use_schemaless,
            report=report,
        )

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The ``$jsonSchema`` validator of this class (see
        :mod:`flask_mongo.structure.json_schema`)."""
        from .json_schema import json_schema

        return json_schema(cls)

    def to_bson(self) -> dict[str, Any]:
        """The document as stored, in a plain ``dict`` (a shallow copy):
        custom types converted."""
        schema = self._schema
        if not schema.has_custom_types:
            # A plain dict: bson encodes it faster than a dict subclass.
            return dict(self)
        converted: dict[str, Any] = to_bson(self, schema.structure)
        return converted

    # -- copying -----------------------------------------------------------

    def __copy__(self) -> Self:
        new = dict.__new__(type(self))
        dict.update(new, self)
        new.__dict__.update(self._instance_state())
        return new

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        new = dict.__new__(type(self))
        memo[id(self)] = new
        for key, value in self.items():
            dict.__setitem__(new, key, copy.deepcopy(value, memo))
        new.__dict__.update(self._instance_state())  # shares the collection
        return new

    def _instance_state(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in self._uncopied}


SchemaDocument._schema = build_schema(SchemaDocument)


def populate(self: SchemaDocument, doc: dict[str, Any] | None, gen_skel: bool) -> None:
    """Fill a new, empty document with ``doc``: with ``gen_skel``, the
    skeleton, the defaults and the type field too; without it (a stored
    document), its custom types converted to Python."""
    schema = self._schema
    if doc:
        dict.update(self, doc)
        if gen_skel and schema.skeleton.nested:
            # Filling in fields and defaults writes into nested dicts: the
            # caller's own dicts are left as they were.
            copy_nested(self, schema.skeleton)
    if gen_skel:
        if schema.default_values:
            apply_defaults(self, schema)
        fill(self, schema.skeleton)
        if schema.type_field is not None and self.get(schema.type_field) is None:
            self[schema.type_field] = type(self).__name__
    elif schema.has_custom_types:
        to_python(self, schema.structure)


def apply_defaults(doc: dict[str, Any], schema: Schema) -> None:
    """Give each ``default_values`` path of a new document that is missing
    or ``None`` its default (a fresh one, see :func:`.skeleton.default_value`)."""
    for path, default in schema.default_values.items():
        current = get_path(doc, path)
        if current is MISSING or current is None:
            set_path(doc, path, default_value(default))


def check_dot_notation_names(cls: type[SchemaDocument]) -> None:
    """Refuse the fields dot notation cannot reach: a top-level name that
    is a method or attribute of the document classes (``items``, ``get``,
    ``save``, ``collection``...), or a nested one that is a dict method.

    :raises StructureError: naming the field and what to do.
    """
    reserved = {
        name
        for base in cls.__mro__
        if base is dict or base.__module__.startswith(__package__ or "")
        for name in vars(base)
        if not name.startswith("_")
    }
    nested = {name for name in dir(DotDict) if not name.startswith("_")}
    for path, names in _dict_keys(cls._schema.structure, ""):
        taken = reserved if not path else nested
        for name in names:
            if name in taken:
                where = f"{path}.{name}" if path else name
                raise StructureError(
                    f"{cls.__name__}.structure: {where!r} is also the name of a"
                    f" {'document' if not path else 'dict'} method or attribute, so"
                    f" use_dot_notation cannot read or write it; rename the field,"
                    f" or set use_dot_notation = False and use doc[{name!r}]",
                    where,
                )


def _dict_keys(spec: Any, path: str) -> list[tuple[str, list[str]]]:
    # The field names of every dict dot notation reaches, by its path.
    if isinstance(spec, (list, tuple)):
        return [found for item in spec for found in _dict_keys(item, path or "$")]
    if not isinstance(spec, dict) or any(isinstance(k, type) for k in spec):
        return []
    found = [(path, [k for k in spec if isinstance(k, str)])]
    for key, sub in spec.items():
        found += _dict_keys(sub, f"{path}.{key}" if path else str(key))
    return found
