"""The issuer, agencies and groups a run works with, as plain frozen objects.

models.py validates agencies.yaml with pydantic; the loader turns those records into these, so
that a warm run takes them from the cache without importing pydantic (~45 ms). Field names are
the records' own (a test keeps the two in step), so code reads `agency.name` from either.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Signer:
    authority: str | None
    title: str
    name: str
    placeholder: bool = False


@dataclass(frozen=True, slots=True)
class LetterDefaults:
    code: str
    via: str | None
    signer: Signer | None
    cc: tuple[str, ...]
    archive: str
    reply_days: int


@dataclass(frozen=True, slots=True)
class Issuer:
    id: str
    name: str
    short: str
    parent: str | None
    place: str
    letter: LetterDefaults


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    kind: str
    code: str | None = None
    addressee: str | None = None
    short: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str
    members: tuple[str, ...] | None
    kinds: tuple[str, ...] | None
    short: str | None = None


# Fields that hold a record of their own, by the plain class they become.
_NESTED = {(Issuer, "letter"): LetterDefaults, (LetterDefaults, "signer"): Signer}


def plain(record: Any, cls: type) -> Any:
    """`record` (a models.py record) as an instance of `cls`: lists become tuples."""
    values = {}
    for f in fields(cls):
        value = getattr(record, f.name)
        nested = _NESTED.get((cls, f.name))
        if nested is not None and value is not None:
            value = plain(value, nested)
        elif isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return cls(**values)
