"""Turn pydantic validation errors into positioned, human-readable problems.

:func:`problems_from_validation_error` maps each error of a
:class:`pydantic.ValidationError` raised while validating data loaded with
:func:`~wargame.scenario.yamlpos.load_yaml` back to the line and column of the
offending value (or key) in the YAML file, with a rephrased one-line message
(``unknown field 'nmae' (did you mean 'name'?)``, ``expected an integer, got
'abc'``, ...).
"""

from __future__ import annotations

import collections.abc
import contextlib
import difflib
import re
import types
import typing
from collections.abc import Callable, Sequence
from typing import Any, Final

import pydantic
from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

from wargame.errors import Problem
from wargame.scenario.yamlpos import LoadedYaml, Path, Position, format_path

__all__ = [
    "KnownFields",
    "fields_from_model",
    "format_path",
    "locate",
    "locate_key",
    "problems_from_validation_error",
]

KnownFields = Callable[[Path], Sequence[str]]
"""Given the data path of a mapping, the field names allowed in it (for suggestions)."""

_EXPECTED: Final[dict[str, str]] = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "iterable_type": "a list",
    "dict_type": "a mapping",
    "mapping_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "datetime_type": "a date and time (YYYY-MM-DDTHH:MM:SS)",
    "datetime_parsing": "a date and time (YYYY-MM-DDTHH:MM:SS)",
    "datetime_from_date_parsing": "a date and time (YYYY-MM-DDTHH:MM:SS)",
    "none_required": "nothing (null)",
}
_PREFIXES: Final = ("Value error, ", "Assertion failed, ")
# Friendly names of the string patterns used by the scenario models.
_PATTERNS: Final[dict[str, str]] = {
    r"^[A-Za-z][A-Za-z0-9_\-]*$": "an id (a letter, then letters, digits, '_' or '-')",
    r"^#[0-9a-fA-F]{6}$": "a colour such as '#1b7837'",
}
# Error types that mean "this union member does not even have the right kind of value".
_MISMATCH: Final = frozenset(_EXPECTED) | {"enum", "literal_error", "is_instance_of"}
_UNION_MISMATCH: Final = "union_mismatch"  # internal: merged type mismatches of a union
_BUILTIN_TYPES: Final = frozenset(typing.get_args(ErrorType))
_QUOTED_NAME: Final = re.compile(r"'([^']*)'\Z")


def locate(loaded: LoadedYaml, path: Path) -> Position:
    """Position of the value at ``path``, or of its nearest existing ancestor."""
    for end in range(len(path), -1, -1):
        pos = loaded.positions.get(path[:end])
        if pos is not None:
            return pos
    return (1, 1)


def locate_key(loaded: LoadedYaml, path: Path) -> Position:
    """Position of the mapping key at ``path``, falling back to :func:`locate`."""
    pos = loaded.key_positions.get(path)
    return pos if pos is not None else locate(loaded, path)


def _describe(value: Any) -> str:
    """Describe an input value the way it would appear in YAML."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _resolve(data: Any, loc: Sequence[str | int]) -> tuple[Path, Any, bool]:
    """Walk ``loc`` through ``data``, keeping only segments that are real keys or indices.

    Pydantic adds segments that are not in the data (union tags, validator
    names, model names of union members); those are dropped. Returns the data
    path, the value found there and whether a ``[key]`` segment was seen
    (meaning the error is about a mapping key rather than its value).
    """
    path: list[str | int] = []
    cur = data
    about_key = False
    for seg in loc:
        if seg == "[key]":
            about_key = True
        elif isinstance(cur, dict) and isinstance(seg, str) and seg in cur:
            path.append(seg)
            cur = cur[seg]
        elif (
            isinstance(cur, list)
            and isinstance(seg, int)
            and not isinstance(seg, bool)
            and -len(cur) <= seg < len(cur)
        ):
            index = seg % len(cur)
            path.append(index)
            cur = cur[index]
    return tuple(path), cur, about_key


def _field_name(error: ErrorDetails) -> str | None:
    loc = error["loc"]
    return loc[-1] if loc and isinstance(loc[-1], str) else None


def _generic(msg: str, value: Any) -> str:
    """Rephrase a pydantic message: 'Input should be X' -> 'should be X, got V'."""
    for prefix in _PREFIXES:
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    if msg.startswith("Input should "):
        msg = msg[len("Input ") :]
        if isinstance(value, str | int | float) or value is None:
            msg += f", got {_describe(value)}"
    return msg


def problems_from_validation_error(
    err: pydantic.ValidationError,
    loaded: LoadedYaml,
    filename: str,
    *,
    known_fields: KnownFields | None = None,
) -> list[Problem]:
    """Map every error of ``err`` to a :class:`Problem` positioned in the YAML source.

    ``known_fields`` (for example :func:`fields_from_model`) lets an unknown
    field get a "did you mean ...?" suggestion; without it, suggestions come from
    the required fields reported missing in the same mapping.
    """
    errors = _prune(err.errors(include_url=False), loaded.data)
    missing_by_parent: dict[Path, list[str]] = {}
    for error in errors:
        if error["type"] == "missing" and (name := _field_name(error)) is not None:
            parent, _, _ = _resolve(loaded.data, error["loc"][:-1])
            missing_by_parent.setdefault(parent, []).append(name)

    problems: list[Problem] = []
    seen: set[Problem] = set()
    for error in errors:
        path, pos, message = _one(error, loaded, known_fields, missing_by_parent)
        problem = Problem(filename, pos[0], pos[1], format_path(path), message)
        if problem not in seen:
            seen.add(problem)
            problems.append(problem)
    return problems


def _union_branch(data: Any, loc: Sequence[str | int]) -> tuple[Path, str, bool] | None:
    """Where an error sits inside a (non-tagged) union member, if it does.

    Returns the ``loc`` prefix up to the union, the member's name (a ``loc``
    segment that is not in the data, such as ``'str-enum[Odds]'``) and whether
    the error is about the union's value itself rather than something inside it.
    """
    cur = data
    for i, seg in enumerate(loc):
        in_map = isinstance(cur, dict) and isinstance(seg, str) and seg in cur
        in_list = (
            isinstance(cur, list)
            and isinstance(seg, int)
            and not isinstance(seg, bool)
            and -len(cur) <= seg < len(cur)
        )
        if in_map or in_list:
            cur = cur[seg]
        elif isinstance(seg, str) and seg != "[key]":
            return tuple(loc[:i]), seg, i == len(loc) - 1
        else:
            return None
    return None


def _alternative(error: ErrorDetails) -> str:
    ctx = error.get("ctx") or {}
    if error["type"] in ("enum", "literal_error") and "expected" in ctx:
        return str(ctx["expected"])
    return _EXPECTED.get(error["type"], "another type")


def _prune(errors: list[ErrorDetails], data: Any) -> list[ErrorDetails]:
    """Drop errors that are only echoes of others.

    * A value that fits no member of a union (``odds: 1.5`` is neither one of
      the odds words nor a probability) gets one error per member. Members that
      do not even accept the kind of value are dropped when another member got
      further (1.5 is a number, so only "should be <= 1" is kept); when none did,
      their errors become one ("expected 'likely', ... or a number").
    * A list whose items failed validation is "too short" after validation;
      that is not the user's mistake unless the list really is too short.
    """
    groups: dict[Path, dict[str, list[int]]] = {}
    shallow: dict[int, bool] = {}
    for i, error in enumerate(errors):
        where = _union_branch(data, error["loc"])
        if where is not None:
            prefix, member, at_value = where
            groups.setdefault(prefix, {}).setdefault(member, []).append(i)
            shallow[i] = at_value and error["type"] in _MISMATCH
    drop: set[int] = set()
    replace: dict[int, ErrorDetails] = {}
    for prefix, members in groups.items():
        if len(members) < 2:
            continue
        further = [mb for mb, idx in members.items() if not all(shallow[i] for i in idx)]
        if further:
            drop.update(i for mb, idx in members.items() if mb not in further for i in idx)
            continue
        indices = [i for idx in members.values() for i in idx]
        first = errors[indices[0]]
        expected = ", or ".join(dict.fromkeys(_alternative(errors[i]) for i in indices))
        replace[indices[0]] = ErrorDetails(
            type=_UNION_MISMATCH,
            loc=prefix,
            msg=f"Input should be {expected}",
            input=first.get("input"),
            ctx={"expected": expected},
        )
        drop.update(indices[1:])
    out: list[ErrorDetails] = []
    for i, error in enumerate(errors):
        if i in drop:
            continue
        if error["type"] == "too_short":
            _, found, _ = _resolve(data, error["loc"])
            minimum = (error.get("ctx") or {}).get("min_length")
            if isinstance(found, list) and isinstance(minimum, int) and len(found) >= minimum:
                continue
        out.append(replace.get(i, error))
    return out


def _items(n: Any) -> str:
    return f"{n} item" if n == 1 else f"{n} items"


def _one(
    error: ErrorDetails,
    loaded: LoadedYaml,
    known_fields: KnownFields | None,
    missing_by_parent: dict[Path, list[str]],
) -> tuple[Path, Position, str]:
    kind: str = error["type"]
    loc: tuple[str | int, ...] = tuple(error["loc"])
    value: Any = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    msg: str = error["msg"]

    if kind == "missing" and (name := _field_name(error)) is not None:
        parent, _, _ = _resolve(loaded.data, loc[:-1])
        return parent, locate(loaded, parent), f"missing required field '{name}'"
    if kind == "missing" and loc and isinstance(loc[-1], int):
        parent, found, _ = _resolve(loaded.data, loc[:-1])
        got = len(found) if isinstance(found, list) else 0
        return parent, locate(loaded, parent), (
            f"expected at least {_items(loc[-1] + 1)}, got {got}"
        )

    path, found, about_key = _resolve(loaded.data, loc)
    if kind == "value_error" and isinstance(found, dict):
        # A model's own check ("start_rung 3 is above cap 2"): point at the field it names.
        first = _generic(msg, found).split(" ", 1)[0]
        if first in found:
            path = (*path, first)

    if kind == "extra_forbidden":
        key = path[-1] if path else (loc[-1] if loc else "?")
        message = f"unknown field '{key}'"
        parent = path[:-1]
        candidates = list(missing_by_parent.get(parent, []))
        if known_fields is not None:
            # Suggestions are best effort: never let them hide the real problem.
            with contextlib.suppress(Exception):
                candidates += list(known_fields(parent))
        siblings = loaded_keys(loaded, parent)
        candidates = [c for c in dict.fromkeys(candidates) if c not in siblings]
        match = difflib.get_close_matches(str(key), candidates, n=1, cutoff=0.6)
        if match:
            message += f" (did you mean '{match[0]}'?)"
        return path, locate_key(loaded, path), message

    if kind == "union_tag_invalid":
        disc = _disc_name(ctx.get("discriminator"))
        tag = ctx.get("tag")
        message = f"unknown {disc or 'type'} {tag!r}; expected one of {ctx.get('expected_tags')}"
        if disc is not None and isinstance(found, dict) and disc in found:
            path = (*path, disc)
        return path, locate(loaded, path), message

    if kind == "union_tag_not_found":
        disc = _disc_name(ctx.get("discriminator"))
        what = f"'{disc}'" if disc else str(ctx.get("discriminator"))
        return path, locate(loaded, path), f"missing required field {what}"

    if kind not in _BUILTIN_TYPES and kind != _UNION_MISMATCH and isinstance(found, dict):
        # A custom error of a tagged union (unknown condition/effect operator, trigger).
        message = _generic(msg, found)
        keys = [str(k) for k in found]
        if not keys:
            return path, locate(loaded, path), message + ", got an empty mapping"
        message += ", got " + ", ".join(repr(k) for k in keys)
        if len(keys) == 1 and known_fields is not None:
            with contextlib.suppress(Exception):
                match = difflib.get_close_matches(keys[0], list(known_fields(path)), n=1)
                if match:
                    message += f" (did you mean '{match[0]}'?)"
        if len(keys) == 1:
            return path, locate_key(loaded, (*path, keys[0])), message
        return path, locate(loaded, path), message
    if kind not in _BUILTIN_TYPES and kind != _UNION_MISMATCH:
        # The same kind of error on a plain value (``trigger: 5``): say what was given.
        pos = locate(loaded, path)
        return path, pos, f"{_generic(msg, found)} (a mapping), got {_describe(found)}"

    pos = locate_key(loaded, path) if about_key else locate(loaded, path)
    if kind in ("too_short", "too_long") and isinstance(found, list):
        bound = ctx.get("min_length" if kind == "too_short" else "max_length")
        word = "at least" if kind == "too_short" else "at most"
        return path, pos, f"expected {word} {_items(bound)}, got {len(found)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        wanted = _PATTERNS.get(pattern, f"text matching the pattern {pattern!r}")
        return path, pos, f"expected {wanted}, got {_describe(value)}"
    if kind in ("string_too_short", "string_too_long") and isinstance(value, str):
        if kind == "string_too_short" and ctx.get("min_length") == 1:
            return path, pos, "must not be empty"
        bound = ctx.get("min_length" if kind == "string_too_short" else "max_length")
        word = "at least" if kind == "string_too_short" else "at most"
        return path, pos, f"expected {word} {bound} characters, got {len(value)}"
    if kind in ("literal_error", "enum", _UNION_MISMATCH):
        expected = str(ctx.get("expected"))
        message = f"expected {expected}, got {_describe(value)}"
        if isinstance(value, str):
            allowed = re.findall(r"'([^']*)'", expected)
            match = difflib.get_close_matches(value, allowed, n=1, cutoff=0.75)
            if match:
                message += f" (did you mean '{match[0]}'?)"
        return path, pos, message
    if kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, got {_describe(value)}"
        if kind == "string_type" and (isinstance(value, bool | int | float) or value is None):
            message += "; put it in quotes if you meant text"
        return path, pos, message
    return path, pos, _generic(msg, value)


def loaded_keys(loaded: LoadedYaml, path: Path) -> set[str]:
    """The keys present in the mapping at ``path`` (empty if it is not a mapping)."""
    cur: Any = loaded.data
    for seg in path:
        try:
            cur = cur[seg]
        except (KeyError, IndexError, TypeError):
            return set()
    return {k for k in cur if isinstance(k, str)} if isinstance(cur, dict) else set()


def _disc_name(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    m = _QUOTED_NAME.match(raw)
    return m.group(1) if m else None


# -- field names from a model, for suggestions --------------------------------

_SEQUENCES: Final = (list, tuple, set, frozenset, collections.abc.Sequence, collections.abc.Set)
_MAPPINGS: Final = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


def _expand(tp: Any) -> list[Any]:
    """Unwrap Annotated/Optional/Union into the concrete types it may be."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _expand(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [t for arg in typing.get_args(tp) for t in _expand(arg)]
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def _model_field(model: type[pydantic.BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _children(tp: Any, seg: str | int) -> list[Any]:
    out: list[Any] = []
    for t in _expand(tp):
        origin = typing.get_origin(t)
        args = typing.get_args(t)
        if _is_model(t) and isinstance(seg, str):
            child = _model_field(t, seg)
            if child is not None:
                out.append(child)
        elif origin in _SEQUENCES and isinstance(seg, int) and args:
            if origin is tuple and Ellipsis not in args:
                if seg < len(args):
                    out.append(args[seg])
            else:
                out.append(args[0])
        elif origin in _MAPPINGS and isinstance(seg, str) and len(args) == 2:
            out.append(args[1])
    return out


def fields_from_model(model: type[pydantic.BaseModel]) -> KnownFields:
    """A ``known_fields`` callback that looks field names up in ``model``'s annotations.

    At a union of models the names of every member are offered.
    """

    def known(path: Path) -> list[str]:
        current: list[Any] = [model]
        for seg in path:
            current = [c for tp in current for c in _children(tp, seg)]
            if not current:
                return []
        names: set[str] = set()
        for tp in current:
            for t in _expand(tp):
                if _is_model(t):
                    names.update(info.alias or name for name, info in t.model_fields.items())
        return sorted(names)

    return known
