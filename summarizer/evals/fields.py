"""How the scorer reads, normalizes and compares each type of field the list kinds declare.

A kind (kinds/) lists its scored fields with a type; this module says what each type means
for comparison: its key (the normalized form, from a record or from a gold alternate), when
two keys are equal, and which error a disagreement is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from ..kinds.base import FieldType, ScoredField
from ..models import Value
from .normalize import (
    Quantity,
    canonical_qualifier,
    normalize_body,
    normalize_statement,
    normalize_text,
    parse_year,
    qualifiers_compatible,
    unit_key,
    value_key,
    values_equal,
)

Key = Any  # a field's comparison form: str, int, Quantity, (scale, family) …
ErrorKind = Literal[
    "missing", "invented", "wrong_value", "wrong_unit", "wrong_year", "wrong_qualifier", "wrong_attribute"
]


def _text(raw: Any, field: ScoredField, item: Any) -> Key | None:
    return (normalize_text(str(raw)) or None) if raw is not None else None


def _year(raw: Any, field: ScoredField, item: Any) -> Key | None:
    return parse_year(raw) if isinstance(raw, int | str) else None


def _value(raw: Any, field: ScoredField, item: Any) -> Key | None:
    default_unit = field.unit(item) if field.unit else None
    if isinstance(raw, Value):
        return value_key(raw.text, default_unit, raw.number, raw.unit)
    if isinstance(raw, str | int | float):  # an alternate written as text: "3500亿元"
        return value_key(str(raw), default_unit)
    return None


def _unit(raw: Any, field: ScoredField, item: Any) -> Key | None:
    return unit_key(raw) if isinstance(raw, str) else None


def _qualifier(raw: Any, field: ScoredField, item: Any) -> Key | None:
    return (canonical_qualifier(raw) or None) if isinstance(raw, str) else None


def _statement(raw: Any, field: ScoredField, item: Any) -> Key | None:
    return (normalize_statement(raw) or None) if raw else None


def _body(raw: Any, field: ScoredField, item: Any) -> Key | None:
    return normalize_body(raw) or None


def _value_error(g: Key | None, p: Key | None) -> ErrorKind:
    # % vs 个百分点, 元 vs 美元: the number may be right, the unit is not.
    if isinstance(g, Quantity) and isinstance(p, Quantity) and g.unit != p.unit:
        return "wrong_unit"
    return "wrong_value"


def _same(a: Key, b: Key) -> bool:
    return bool(a == b)


_KEYS: dict[FieldType, Callable[[Any, ScoredField, Any], Key | None]] = {
    "text": _text,
    "year": _year,
    "value": _value,
    "unit": _unit,
    "qualifier": _qualifier,
    "statement": _statement,
    "body": _body,
}
_EQUAL: dict[FieldType, Callable[[Key, Key], bool]] = {"value": values_equal, "qualifier": qualifiers_compatible}
_ERRORS: dict[FieldType, Callable[[Key | None, Key | None], ErrorKind]] = {
    "value": _value_error,
    "unit": lambda g, p: "wrong_unit",
    "year": lambda g, p: "wrong_year",
    "qualifier": lambda g, p: "wrong_qualifier",
}


def field_key(field: ScoredField, raw: Any, item: Any) -> Key | None:
    """The comparison form of `raw` (a record's field or a gold alternate for it), for the record `item`."""
    return _KEYS[field.type](raw, field, item)


def keys_equal(field: ScoredField, a: Key, b: Key) -> bool:
    return _EQUAL.get(field.type, _same)(a, b)


def error_kind(field: ScoredField, g: Key | None, p: Key | None) -> ErrorKind:
    if field.error:
        return field.error  # type: ignore[return-value]
    return _ERRORS.get(field.type, lambda g, p: "wrong_value")(g, p)
