"""Scenario overlays: a base scenario document plus patches, validated as one scenario.

An overlay file names a ``base`` scenario (a bundled id or a path relative to the
overlay file) and lists ``patches`` applied to the base *document* before the normal
pydantic validation and cross-reference checks run::

    base: afghanistan-2022
    title: Kargil 1999
    patches:
      - {set: "metadata.days_per_turn", value: 14}
      - {set: "rivalries[IND-PAK].start_rung", value: 4}
      - {append: "events", value: {id: infiltration, ...}}
      - {remove: "events[some_event_id]"}

A path is dot-separated keys; ``[x]`` after a key selects the list item whose ``id``
is ``x`` (or index ``x`` when it is a number), or the mapping key ``x``. ``set``
replaces or creates a value, ``append`` adds to a list, ``merge`` updates a mapping,
``remove`` deletes an item or key. Problems point at ``file:line:col`` of the overlay
(for a patch) or of the base file (for base content the patches made invalid).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from wargame.errors import Problem, ScenarioError
from wargame.scenario import models as m
from wargame.scenario import reader
from wargame.scenario.loader import resolve_scenario_path
from wargame.scenario.problems import fields_from_model, problems_from_validation_error
from wargame.scenario.yamlpos import LoadedYaml, Position, format_path, load_yaml
from wargame.scenario.yamlpos import Path as NodePath

OPERATIONS = ("set", "append", "merge", "remove")
OVERLAY_KEYS = frozenset({"base", "id", "title", "patches", "description"})
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_\-]*)((?:\[[^\[\]]+\])*)\Z")
_SELECTOR = re.compile(r"\[([^\[\]]+)\]")

Origin = tuple[str, int, int]
"""Where a node of the patched document came from: file, line, column."""


@dataclass(frozen=True, slots=True)
class Overlay:
    """A validated patched scenario and the overlay's own extra keys (``expected:`` ...)."""

    scenario: m.Scenario
    document: dict[str, Any]
    extras: Mapping[str, Any]
    file: str
    base_file: str


def parse_path(text: str) -> list[str]:
    """Split ``rivalries[IND-PAK].start_rung`` into ``['rivalries', '[IND-PAK]', 'start_rung']``.

    Raises ``ValueError`` naming the bad segment.
    """
    out: list[str] = []
    if not text:
        raise ValueError("empty path")
    for part in text.split("."):
        match = _SEGMENT.match(part)
        if match is None:
            raise ValueError(f"bad path segment '{part}' (expected key or key[id])")
        out.append(match.group(1))
        out.extend(f"[{s}]" for s in _SELECTOR.findall(match.group(2)))
    return out


class _Document:
    """The document being patched, with the origin of every node path."""

    def __init__(self, data: dict[str, Any], loaded: LoadedYaml, file: str) -> None:
        self.data = data
        self.origins: dict[NodePath, Origin] = {
            p: (file, *pos) for p, pos in loaded.positions.items()}

    def graft(self, at: NodePath, loaded: LoadedYaml, src: NodePath, file: str) -> None:
        """Record origins of a value copied from ``src`` of ``loaded`` to ``at``."""
        self.drop(at)
        for p, pos in loaded.positions.items():
            if p[:len(src)] == src:
                self.origins[at + p[len(src):]] = (file, *pos)

    def drop(self, at: NodePath) -> None:
        for p in [p for p in self.origins if p[:len(at)] == at]:
            del self.origins[p]

    def shift(self, parent: NodePath, removed: int) -> None:
        """Renumber origins of list items after ``parent[removed]`` was deleted."""
        self.drop((*parent, removed))
        n = len(parent)
        moved = {p: o for p, o in self.origins.items()
                 if p[:n] == parent and len(p) > n and _index_after(p[n], removed)}
        for p in moved:
            del self.origins[p]
        for p, o in moved.items():
            idx = p[n]
            assert isinstance(idx, int)
            self.origins[(*parent, idx - 1, *p[n + 1:])] = o


def _index_after(seg: str | int, removed: int) -> bool:
    return isinstance(seg, int) and seg > removed


class _PatchError(Exception):
    pass


def _step(node: Any, seg: str, where: str, *, create: bool) -> tuple[Any, str | int]:
    """The key or index ``seg`` names in ``node`` (``create``: a missing mapping key is ok)."""
    if seg.startswith("["):
        sel = seg[1:-1]
        if isinstance(node, list):
            if sel.lstrip("-").isdigit():
                idx = int(sel)
                if not -len(node) <= idx < len(node):
                    raise _PatchError(f"{where}: index {idx} is out of range (0-{len(node) - 1})")
                return node, idx % len(node)
            for i, item in enumerate(node):
                if isinstance(item, dict) and item.get("id") == sel:
                    return node, i
            known = [str(it.get("id")) for it in node if isinstance(it, dict) and "id" in it]
            more = " ..." if len(known) > 12 else ""
            raise _PatchError(f"{where}: no item with id '{sel}' (known: "
                              f"{', '.join(known[:12]) or 'none'}{more})")
        seg = sel
    if not isinstance(node, dict):
        raise _PatchError(f"{where}: is {_kind(node)}, not a mapping, so it has no key '{seg}'")
    if seg not in node and not create:
        raise _PatchError(f"{where}: no key '{seg}' (has: {', '.join(sorted(node)) or 'none'})")
    return node, seg


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the value {value!r}"


def _resolve(doc: dict[str, Any], segments: Sequence[str], *, create: bool
             ) -> tuple[Any, str | int, NodePath]:
    """The container and key of the last segment; intermediate mappings are created when
    ``create`` (so ``rules.x`` works on a base without a ``rules:`` section)."""
    node: Any = doc
    path: list[str | int] = []
    for i, seg in enumerate(segments):
        where = _display(segments[:i + 1])
        node, key = _step(node, seg, where, create=create)
        if i == len(segments) - 1:
            return node, key, tuple(path)
        path.append(key)
        if isinstance(node, dict) and key not in node:
            node[key] = {}
        node = node[key]
    raise _PatchError("empty path")  # pragma: no cover - parse_path rejects it


def _display(segments: Sequence[str]) -> str:
    return "".join(s if s.startswith("[") or i == 0 else f".{s}"
                   for i, s in enumerate(segments))


def _apply(doc: _Document, patch: Any, index: int, loaded: LoadedYaml, file: str) -> None:
    here: NodePath = ("patches", index)
    if not isinstance(patch, dict):
        raise _PatchError("a patch is a mapping such as {set: PATH, value: V}, "
                          f"got {_kind(patch)}")
    ops = [k for k in patch if k in OPERATIONS]
    unknown = sorted(set(patch) - set(OPERATIONS) - {"value", "note"})
    if len(ops) != 1 or unknown:
        raise _PatchError(f"a patch needs exactly one of {', '.join(OPERATIONS)}, plus 'value' "
                          f"(and an optional 'note'); got keys {', '.join(sorted(patch))}")
    op = ops[0]
    if not isinstance(patch[op], str):
        raise _PatchError(f"{op}: the path must be a string, got {_kind(patch[op])}")
    try:
        segments = parse_path(patch[op])
    except ValueError as exc:
        raise _PatchError(f"{op}: {exc}") from None
    if (op == "remove") == ("value" in patch):
        raise _PatchError("'remove' takes no value" if op == "remove"
                          else f"'{op}' needs a value")
    value = copy.deepcopy(patch.get("value"))
    src: NodePath = (*here, "value")
    container, key, parent = _resolve(doc.data, segments, create=op != "remove")
    at: NodePath = (*parent, key)
    if op == "set":
        container[key] = value
        doc.graft(at, loaded, src, file)
    elif op == "append":
        if isinstance(container, dict) and key not in container:
            container[key] = []
        target = container[key]
        if not isinstance(target, list):
            raise _PatchError(f"append: {patch[op]} is {_kind(target)}, not a list")
        target.append(value)
        doc.graft((*at, len(target) - 1), loaded, src, file)
    elif op == "merge":
        target = container.setdefault(key, {}) if isinstance(container, dict) else container[key]
        if not isinstance(target, dict) or not isinstance(value, dict):
            raise _PatchError(f"merge: both {patch[op]} and the value must be mappings")
        for k, v in value.items():
            target[k] = v
            doc.graft((*at, k), loaded, (*src, k), file)
    else:
        if isinstance(container, list):
            assert isinstance(key, int)
            del container[key]
            doc.shift(parent, key)
        else:
            del container[key]
            doc.drop(at)


def _positioned(doc: _Document) -> tuple[LoadedYaml, list[Origin]]:
    """A LoadedYaml whose 'line' numbers index the origin table (decoded afterwards)."""
    table: list[Origin] = []
    positions: dict[NodePath, Position] = {}
    for p, origin in doc.origins.items():
        table.append(origin)
        positions[p] = (len(table), 0)
    return LoadedYaml(data=doc.data, positions=positions), table


def _decode(problems: Sequence[Problem], table: Sequence[Origin], root: Origin,
            note: str) -> list[Problem]:
    out = []
    for p in problems:
        file, line, col = table[p.line - 1] if 1 <= p.line <= len(table) and p.col == 0 \
            else root
        out.append(Problem(file, line, col, p.path, f"{p.message} ({note})"))
    return out


def load_overlay(path: str | Path, *, extra_keys: frozenset[str] = frozenset()) -> Overlay:
    """Read an overlay file, patch its base and validate the result.

    Top-level keys besides :data:`OVERLAY_KEYS` must be in ``extra_keys`` (a caller's
    own data, such as a benchmark's ``expected:``) and are returned in
    :attr:`Overlay.extras`. Every problem raises :class:`ScenarioError`.
    """
    path = Path(path)
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError.at(file, 0, 0, f"cannot read file: {exc.strerror}") from None
    loaded = load_yaml(raw, filename=file)
    data: dict[str, Any] = loaded.data

    def at(where: NodePath, message: str) -> ScenarioError:
        line, col = loaded.positions.get(where, (1, 1))
        return ScenarioError.at(file, line, col, message, format_path(where))

    for key in data:
        if key not in OVERLAY_KEYS | extra_keys:
            raise at((key,), f"unknown key '{key}' (an overlay has: "
                     f"{', '.join(sorted(OVERLAY_KEYS | extra_keys))})")
    base = data.get("base")
    if not isinstance(base, str):
        raise at(("base",) if "base" in data else (), "needs 'base': a bundled scenario id "
                 "or a path relative to this file")
    relative = path.parent / base
    base_path = relative if relative.suffix in (".yaml", ".yml") else None
    if base_path is None:
        try:
            base_path = resolve_scenario_path(base)
        except ScenarioError as err:
            raise at(("base",), err.problems[0].message) from None
    base_file = str(base_path)
    try:
        base_raw = base_path.read_bytes()
    except OSError as exc:
        raise at(("base",), f"cannot read base scenario '{base}': {exc.strerror}") from None
    base_loaded = load_yaml(base_raw, filename=base_file)
    problems: list[Problem] = []
    base_data = reader._inline_regions(base_loaded.data, base_loaded, base_file,
                                       base_path.parent, problems)
    if problems:
        raise ScenarioError(problems)
    doc = _Document(copy.deepcopy(base_data), base_loaded, base_file)
    patches = data.get("patches", [])
    if not isinstance(patches, list):
        raise at(("patches",), f"must be a list of patches, got {_kind(patches)}")
    shortcuts = [(k, {"set": f"metadata.{k}", "value": data[k]}) for k in ("id", "title")
                 if k in data]
    for key, patch in shortcuts:
        try:
            _apply(doc, patch, 0, LoadedYaml(data=None, positions={}), file)
        except _PatchError as exc:  # pragma: no cover - metadata always exists
            raise at((key,), str(exc)) from None
        doc.origins[("metadata", key)] = (file, *loaded.positions.get((key,), (1, 1)))
    for i, patch in enumerate(patches):
        try:
            _apply(doc, patch, i, loaded, file)
        except _PatchError as exc:
            raise at(("patches", i), str(exc)) from None
    doc.origins.setdefault((), (base_file, 1, 1))
    synthetic, table = _positioned(doc)
    note = f"after the patches of {file}"
    try:
        scenario = m.Scenario.model_validate(doc.data)
    except pydantic.ValidationError as err:
        found = problems_from_validation_error(err, synthetic, "<patched>",
                                               known_fields=fields_from_model(m.Scenario))
        raise ScenarioError(_decode(found, table, doc.origins[()], note)) from None
    found = list(reader.cross_check(scenario, synthetic, "<patched>"))
    if found:
        raise ScenarioError(_decode(found, table, doc.origins[()], note))
    extras = {k: v for k, v in data.items() if k in extra_keys}
    return Overlay(scenario, doc.data, extras, file, base_file)
