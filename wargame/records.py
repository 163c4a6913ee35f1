"""Frozen typed records with one JSON codec: the base of the log's typed payloads.

A :class:`Record` is a frozen, slotted dataclass whose fields hold JSON-ready values:
``str``, ``int``, ``float``, ``bool``, ``None``, members of a ``StrEnum``, tuples
(JSON lists), mappings with string keys (JSON objects), other records and any class
with ``to_dict()`` and a ``from_dict()`` class method. The codec is read off the field
annotations once per class:

* :meth:`Record.to_dict` gives the JSON form, keys in field order, then the class's
  :attr:`Record.CONSTANTS` (fixed keys such as ``"adhoc": True``). A field declared
  with :func:`omitted` or :func:`facilitator_only` is left out while it is ``None``.
* :meth:`Record.from_dict` reads that form back, checking every value's type; a
  missing key, an unknown key, a wrong constant or a value of the wrong type raises
  :class:`RecordError` (a ``ValueError``) naming the record and the field.

A record holds exactly what its JSON form says (values are rounded where they are
built), so ``R.from_dict(r.to_dict()) == r``.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, get_args, get_origin, get_type_hints

OMIT_NONE = "omit_none"
"""Field metadata: leave the key out of the JSON form while the value is ``None``."""
FACILITATOR_ONLY = "facilitator_only"
"""Field metadata: only the facilitator may read the value (see :meth:`Record.withheld`)."""

R = TypeVar("R", bound="Record")
_Encode = Callable[[Any], Any]
_Decode = Callable[[Any, str], Any]


class RecordError(ValueError):
    """A JSON form that does not describe a record."""


OMITTED: Mapping[str, Any] = {OMIT_NONE: True}
"""``field(metadata=OMITTED)``: a field whose key is absent from the JSON form while it
is ``None``."""
HIDDEN: Mapping[str, Any] = {OMIT_NONE: True, FACILITATOR_ONLY: True}
"""``field(metadata=HIDDEN)``: a field only the facilitator may read; other views get it
as ``None`` (absent from the JSON form)."""


@dataclass(frozen=True, slots=True)
class Record:
    """Base of typed records; subclasses are frozen, slotted dataclasses."""

    CONSTANTS: ClassVar[Mapping[str, Any]] = {}
    """Keys every JSON form of this record carries with these fixed values."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in _codec(type(self)).fields:
            value = getattr(self, spec.name)
            if value is None and spec.omit_none:
                continue
            out[spec.name] = spec.encode(value)
        out.update(self.CONSTANTS)
        return out

    @classmethod
    def from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
        codec = _codec(cls)
        if not isinstance(data, Mapping):
            raise RecordError(f"{cls.__name__}: expected an object, got {_kind(data)}")
        unknown = set(data) - codec.keys
        if unknown:
            raise RecordError(f"{cls.__name__}: unknown field(s) {', '.join(sorted(unknown))}")
        for key, value in cls.CONSTANTS.items():
            if data.get(key) != value:
                raise RecordError(f"{cls.__name__}: field {key} must be {value!r}")
        values: dict[str, Any] = {}
        for spec in codec.fields:
            where = f"{cls.__name__}.{spec.name}"
            if spec.name not in data:
                if not spec.omit_none:
                    raise RecordError(f"{where}: missing")
                values[spec.name] = None
            else:
                values[spec.name] = spec.decode(data[spec.name], where)
        return cls(**values)

    @classmethod
    def matches(cls, data: Mapping[str, Any]) -> bool:
        """True if ``data`` has this record's keys (and constants): its shape, not its values."""
        codec = _codec(cls)
        keys = set(data)
        return (codec.required <= keys <= codec.keys
                and all(data.get(k) == v for k, v in cls.CONSTANTS.items()))

    def withheld(self: R) -> R:
        """This record without its facilitator-only fields (each set to ``None``)."""
        hidden = _codec(type(self)).hidden
        if all(getattr(self, name) is None for name in hidden):
            return self
        return dataclasses.replace(self, **dict.fromkeys(hidden))


@dataclass(frozen=True, slots=True)
class NoPayload(Record):
    """The payload of a log entry whose text says it all (an offer awaiting
    reciprocation, a proxy's defiance, the end of the game); see :mod:`wargame.payloads`."""


NO_PAYLOAD = NoPayload()


@dataclass(frozen=True, slots=True)
class _FieldSpec:
    name: str
    omit_none: bool
    encode: _Encode
    decode: _Decode


@dataclass(frozen=True, slots=True)
class _Codec:
    fields: tuple[_FieldSpec, ...]
    keys: frozenset[str]
    required: frozenset[str]
    hidden: tuple[str, ...]


_CODECS: dict[type[Record], _Codec] = {}


def _codec(cls: type[Record]) -> _Codec:
    codec = _CODECS.get(cls)
    if codec is None:
        hints = get_type_hints(cls)
        specs = tuple(_FieldSpec(f.name, bool(f.metadata.get(OMIT_NONE)),
                                 *_converters(hints[f.name], cls.__name__))
                      for f in dataclasses.fields(cls))
        names = frozenset(s.name for s in specs)
        codec = _Codec(specs, names | frozenset(cls.CONSTANTS),
                       frozenset(s.name for s in specs if not s.omit_none) | frozenset(
                           cls.CONSTANTS),
                       tuple(f.name for f in dataclasses.fields(cls)
                             if f.metadata.get(FACILITATOR_ONLY)))
        _CODECS[cls] = codec
    return codec


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _identity(value: Any) -> Any:
    return value


def _primitive(expected: type) -> _Decode:
    def decode(value: Any, where: str) -> Any:
        ok = (isinstance(value, int | float) and not isinstance(value, bool)
              if expected is float else
              isinstance(value, int) and not isinstance(value, bool) if expected is int else
              isinstance(value, expected))
        if not ok:
            raise RecordError(f"{where}: expected {expected.__name__}, got {_kind(value)}")
        return value
    return decode


def _converters(hint: Any, owner: str) -> tuple[_Encode, _Decode]:
    """Encoder and decoder of one annotated type."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"{owner}: only X | None unions are records' fields, not {hint}")
        enc, dec = _converters(inner[0], owner)

        def decode_optional(value: Any, where: str) -> Any:
            return None if value is None else dec(value, where)
        return (lambda v: None if v is None else enc(v)), decode_optional
    if origin is tuple:
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"{owner}: tuples in records are tuple[X, ...], not {hint}")
        enc, dec = _converters(args[0], owner)

        def decode_tuple(value: Any, where: str) -> Any:
            if not isinstance(value, list | tuple):
                raise RecordError(f"{where}: expected a list, got {_kind(value)}")
            return tuple(dec(v, f"{where}[{i}]") for i, v in enumerate(value))
        return (lambda v: [enc(x) for x in v]), decode_tuple
    if origin in (Mapping, dict):
        if args[0] is not str:
            raise TypeError(f"{owner}: mappings in records have str keys, not {hint}")
        enc, dec = _converters(args[1], owner)

        def decode_mapping(value: Any, where: str) -> Any:
            if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
                raise RecordError(f"{where}: expected an object, got {_kind(value)}")
            return {k: dec(v, f"{where}.{k}") for k, v in value.items()}
        return (lambda v: {k: enc(x) for k, x in v.items()}), decode_mapping
    if hint in (str, int, float, bool):
        return _identity, _primitive(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        enum_type = hint

        def decode_enum(value: Any, where: str) -> Any:
            try:
                return enum_type(value)
            except ValueError:
                raise RecordError(f"{where}: {value!r} is not a {enum_type.__name__}") from None
        return (lambda v: v.value), decode_enum
    if isinstance(hint, type) and hasattr(hint, "from_dict") and hasattr(hint, "to_dict"):
        nested = hint

        def decode_nested(value: Any, where: str) -> Any:
            if not isinstance(value, Mapping):
                raise RecordError(f"{where}: expected an object, got {_kind(value)}")
            try:
                return nested.from_dict(value)
            except RecordError:
                raise
            except (KeyError, TypeError, ValueError) as exc:
                raise RecordError(f"{where}: {exc}") from None
        return (lambda v: v.to_dict()), decode_nested
    raise TypeError(f"{owner}: no JSON codec for the field type {hint!r}")
