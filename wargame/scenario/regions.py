"""The map's regions file: read safely, checked, every problem placed in the JSON.

A scenario's ``map.regions_file`` names a JSON file of region outlines inside the
scenario's folder (``docs/scenario-format.md`` section 18). :func:`load_regions`
resolves it (:func:`~wargame.scenario.files.resolve_inside`), reads at most
:data:`MAX_BYTES` of a regular file, refuses JSON nested deeper than
:data:`MAX_DEPTH` before parsing it, and validates the document against
:class:`RegionsFile`. Problems in the document are reported as problems *of the
regions file*: ``maps/theatre.json:14:9: regions[3]: missing required field 'id'``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Annotated, Any, Final

import pydantic
from pydantic import Field

from wargame.errors import Problem, ScenarioError
from wargame.scenario import models as m
from wargame.scenario.files import REGIONS_MAX_BYTES, read_regular_file, resolve_inside
from wargame.scenario.problems import fields_from_model, problems_from_validation_error
from wargame.scenario.yamlpos import LoadedYaml, load_yaml

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Frame", "RegionsFile", "load_regions"]

MAX_BYTES: Final = REGIONS_MAX_BYTES
MAX_DEPTH: Final = 16
"""Deepest nesting of arrays and objects allowed; a valid regions file needs 6."""

_BRACKETS: Final = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class Frame(m.Model):
    lon_min: Annotated[float, Field(ge=-180, le=180)]
    lat_min: Annotated[float, Field(ge=-90, le=90)]
    lon_max: Annotated[float, Field(ge=-180, le=180)]
    lat_max: Annotated[float, Field(ge=-90, le=90)]

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.lon_min, self.lat_min, self.lon_max, self.lat_max)


class RegionsFile(m.Model):
    """The document of a regions file."""

    id: str = ""
    name: str = ""
    regions: tuple[m.Region, ...]
    frame: Frame | None = None
    note: m.Text = ""
    source: m.Text = ""


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


def _too_deep(raw: bytes) -> int | None:
    """Offset of the first bracket nested deeper than :data:`MAX_DEPTH`, if any."""
    depth = 0
    for token in _BRACKETS.finditer(raw):
        char = raw[token.start()]
        if char in b"[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif char in b"]}":
            depth -= 1
    return None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large for a number")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number (JSON has no NaN or Infinity)")


def _parse(raw: bytes, display: str) -> Any:
    deep = _too_deep(raw)
    if deep is not None:
        line, col = _line_col(raw, deep)
        raise ScenarioError.at(display, line, col, f"nested more than {MAX_DEPTH} levels deep "
                               "(a regions file needs 6); is this a regions file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise ScenarioError.at(display, line, col, "file is not valid UTF-8") from None
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ScenarioError.at(display, exc.lineno, exc.colno,
                               f"not valid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # a huge integer, NaN, a number overflow
        raise ScenarioError.at(display, 1, 1, f"not valid JSON: {exc}") from None


def _positions(raw: bytes, data: Any, display: str) -> LoadedYaml:
    """``data`` with the line and column of its values, for messages (JSON is YAML)."""
    try:
        found = load_yaml(raw, filename=display, max_bytes=MAX_BYTES, max_nodes=2_000_000)
        return LoadedYaml(data, found.positions, found.key_positions)
    except ScenarioError:  # JSON that this YAML reader refuses (tabs): the file's start
        return LoadedYaml(data, {(): (1, 1)})


def load_regions(base_dir: Path, rel: str, display: str) -> RegionsFile:
    """Read and check the regions file ``rel`` of a scenario in ``base_dir``.

    ``display`` is the file's name in messages. Raises :class:`FileRefused` when
    the file may not or cannot be read (outside the folder, not a regular file,
    too large, missing) and :class:`~wargame.errors.ScenarioError` with every
    problem of its contents.
    """
    target = resolve_inside(base_dir, rel)
    raw = read_regular_file(target, MAX_BYTES, follow_links=False)
    data = _parse(raw, display)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"{json.dumps(data)[:40]}"
        raise ScenarioError.at(display, 1, 1, "a regions file must be a JSON object "
                               f'{{"regions": [...], ...}}, got {kind}')
    try:
        return RegionsFile.model_validate(data)
    except pydantic.ValidationError as err:
        loaded = _positions(raw, data, display)
        problems: list[Problem] = problems_from_validation_error(
            err, loaded, display, known_fields=fields_from_model(RegionsFile))
        raise ScenarioError(problems) from None

