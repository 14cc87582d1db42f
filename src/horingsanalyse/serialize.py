"""One way to turn the stage dataclasses into JSON values and back.

The store, ``analyse.json`` and ``horingsanalyse extract --json`` all write results, and a
field that one of them forgot would come back as its default on the next run (a cached
response silently losing its endorsement, say). So nothing here names a field: values are
written from the dataclasses' own fields and read back by their type hints, and a new field
is carried everywhere the moment it is declared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from enum import Enum
from functools import cache
from typing import Any


def to_jsonable(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as dicts of their fields, enums as their
    values, dates as ISO 8601 text, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_jsonable(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


_AS_WRITTEN = frozenset({str, int, float, bool})


def from_jsonable(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` (a dataclass, enum, date, container or primitive) from
    what :func:`to_jsonable` made of it.

    A field missing from ``data`` takes its default, so data written before the field existed
    still reads; a required field that is missing raises ``KeyError`` rather than guessing.
    """
    if data is None or kind in _AS_WRITTEN:  # most values are text and numbers: no type to look into
        return data
    origin, args = _shape(kind)
    if origin in (typing.Union, types.UnionType):
        return from_jsonable(args[0], data) if len(args) == 1 else data
    if origin is tuple:
        return tuple(from_jsonable(args[0], item) for item in data)
    if origin is list:
        return [from_jsonable(args[0], item) for item in data]
    if origin is dict:
        return {key: from_jsonable(args[1], item) for key, item in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _field_types(kind)
        values = {field.name: from_jsonable(hints[field.name], data[field.name])
                  for field in dataclasses.fields(kind) if field.name in data or not _has_default(field)}
        return kind(**values)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(data)
    if kind is dt.date:
        return dt.date.fromisoformat(data)
    return data


@cache
def _shape(kind: Any) -> tuple[Any, tuple]:
    """A type's origin and arguments (a union's without ``None``), looked up once per type:
    reading a store back asks for them for every field of every response."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        args = tuple(arg for arg in args if arg is not type(None))
    return origin, args


@cache
def _field_types(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _has_default(field: dataclasses.Field) -> bool:
    return field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
