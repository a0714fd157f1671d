"""MongoAlchemy's small helpers: ``classproperty`` and ``UNSET``."""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from flask_mongo.core.values import MISSING

__all__ = ["UNSET", "classproperty"]

T = TypeVar("T")

#: The marker of "no value given" (MongoAlchemy's ``UNSET``); the same
#: object as Flask-Mongo's ``MISSING``.
UNSET = MISSING


class classproperty(Generic[T]):  # MongoAlchemy spells it in lower case
    """A read-only property of the class: ``A.c`` calls ``fun(A)``.

    ::

        class A:
            @classproperty
            def c(cls):
                return 3
    """

    def __init__(self, fun: Callable[[Any], T]) -> None:
        self.fun = fun
        self.__doc__ = fun.__doc__

    def __get__(self, instance: object, owner: type) -> T:
        return self.fun(owner)
