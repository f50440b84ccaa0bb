"""Plain values: what a command's arguments and results may hold, written as JSON and read back
exactly.

A command is kept in the audit, held by the undo stack and (later) replayed on another
database, so everything it carries must survive a trip through text. JSON knows strings,
numbers, booleans, lists and string-keyed objects; the other values relman passes are written
as a one-key object naming their kind — ``{"$uuid": "…"}``, ``{"$date": "2026-12-07"}`` — and
read back as the same type. A value of any other type is refused when it is written, so a
command that would not survive the trip fails in its first test, not on a user's laptop.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: Records (dataclasses) that may travel inside a command, by name.
_RECORDS: dict[str, type] = {}


def record(cls: type[T]) -> type[T]:
    """Let instances of the dataclass ``cls`` travel in a command (its fields must be plain)."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass")
    _RECORDS[cls.__name__] = cls
    return cls


def _enums() -> dict[str, type[enum.Enum]]:
    import relman.models as models

    return {
        name: value
        for name, value in vars(models).items()
        if isinstance(value, type) and issubclass(value, enum.Enum)
    }


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data (see the module's doc); TypeError for anything else."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, enum.Enum):
        return {"$enum": type(value).__name__, "v": value.value}
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, set | frozenset):
        return {"$set": [encode(v) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"$dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and _RECORDS.get(type(value).__name__) is type(value):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$record": type(value).__name__, "v": fields}
    raise TypeError(f"a command cannot carry a {type(value).__name__}: {value!r:.80}")


def _decoders() -> dict[str, Callable[[dict[str, Any]], Any]]:
    return {
        "$uuid": lambda d: uuid.UUID(d["$uuid"]),
        "$datetime": lambda d: dt.datetime.fromisoformat(d["$datetime"]),
        "$date": lambda d: dt.date.fromisoformat(d["$date"]),
        "$time": lambda d: dt.time.fromisoformat(d["$time"]),
        "$decimal": lambda d: decimal.Decimal(d["$decimal"]),
        "$tuple": lambda d: tuple(decode(v) for v in d["$tuple"]),
        "$set": lambda d: frozenset(decode(v) for v in d["$set"]),
        "$dict": lambda d: {decode(k): decode(v) for k, v in d["$dict"]},
        "$enum": lambda d: _enums()[d["$enum"]](d["v"]),
        "$record": lambda d: _RECORDS[d["$record"]](**{k: decode(v) for k, v in d["v"].items()}),
    }


_DECODERS = _decoders()


def decode(data: Any) -> Any:
    """The value :func:`encode` wrote."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if isinstance(data, dict):
        tag = next((k for k in data if k.startswith("$")), None)
        if tag is not None:
            return _DECODERS[tag](data)
        return {k: decode(v) for k, v in data.items()}
    return data


def dumps(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    return decode(json.loads(text))
