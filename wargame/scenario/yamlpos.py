"""Safe, position-tracking YAML loading for scenario files.

:func:`load_yaml` parses plain YAML (no custom tags, no anchors or aliases, one
document whose top level is a mapping) and returns the data together with the
1-based ``(line, col)`` of every value and every mapping key, addressed by its
path from the root (``("moves", 3, "effects", 0)``). Every problem found is
reported at once in a :class:`~wargame.errors.ScenarioError`; bad input never
produces a traceback.

The file is read as a stream of parser *events* (libyaml's C parser when it is
available) and the Python values are built here from those events. Aliases are
therefore rejected before anything could be expanded, which defeats "billion
laughs" style alias bombs.

Scalars resolve as in PyYAML's safe loading (YAML 1.1: ``yes``/``no`` are
booleans, and so on) except that dates and timestamps become ISO 8601 strings,
so the data stays JSON-serialisable. Mapping keys are always strings: a plain
key is taken exactly as written (``1: x`` has the key ``"1"``, ``no: x`` the key
``"no"``); a list or mapping used as a key is a problem.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from wargame.errors import Problem, ScenarioError
from wargame.scenario.files import size_message

__all__ = ["LoadedYaml", "Path", "Position", "format_path", "load_yaml"]

Path = tuple[str | int, ...]
"""A node path from the document root: mapping keys (str) and list indices (int)."""

Position = tuple[int, int]
"""A 1-based ``(line, col)`` position in the source text."""

_TAG_PREFIX: Final = "tag:yaml.org,2002:"
_STR_TAG: Final = _TAG_PREFIX + "str"
_MAP_TAG: Final = _TAG_PREFIX + "map"
_SEQ_TAG: Final = _TAG_PREFIX + "seq"
_SCALAR_TAGS: Final = frozenset(
    _TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAX_PROBLEMS: Final = 100
_MAX_DEPTH: Final = 200

# Characters YAML does not allow in a stream (C0/C1 controls other than tab and
# line breaks, surrogates, U+FFFE/U+FFFF).
_NON_PRINTABLE: Final = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _loader_class() -> type[Any]:
    """The fastest available safe loader class (libyaml's when compiled in)."""
    loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


_LOADER: type[Any] = _loader_class()


@dataclass(frozen=True)
class LoadedYaml:
    """A parsed YAML document plus the source position of every node in it.

    ``positions`` maps each node path (``()`` is the root) to the 1-based
    ``(line, col)`` of the value at that path; ``key_positions`` maps the path of
    each mapping entry to the position of its key.
    """

    data: Any
    positions: Mapping[Path, Position]
    key_positions: Mapping[Path, Position] = field(default_factory=dict)


class _TooManyProblems(Exception):
    """Internal: stop reading after the problem cap or a fatal limit."""


@dataclass
class _Frame:
    """A mapping or list being built from events."""

    path: Path | None  # None: the collection is a (rejected) mapping key; record nothing
    value: dict[str, Any] | list[Any]
    # Mapping state: the key waiting for its value (None: expecting a key, unless
    # pending_key_bad says the key was rejected and the value must be dropped)
    # and the line each key was first seen on.
    pending_key: str | None = None
    pending_key_bad: bool = False
    key_lines: dict[str, int] = field(default_factory=dict)


_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def format_path(path: Path) -> str:
    """Format a node path for people: ``moves[3].effects[0].add.actor``.

    Keys that are not simple identifiers are quoted: ``actors['U.S.'].name``.
    """
    out: list[str] = []
    for seg in path:
        if isinstance(seg, int):
            out.append(f"[{seg}]")
        elif _PLAIN_KEY.match(seg):
            out.append(f".{seg}" if out else seg)
        else:
            out.append(f"[{seg!r}]")
    return "".join(out)


def _pos(event: Event) -> Position:
    mark = event.start_mark
    return (1, 1) if mark is None else (mark.line + 1, mark.column + 1)


def _display_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string"


def _size_message(size: int, limit: int) -> str:
    """'file is 6.1 MB; the limit is 5 MB' (sizes rounded up, so never equal to the limit)."""
    return size_message(size, limit)


def _line_col_of_offset(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return (line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


class _Builder:
    """Builds Python values and position tables from a YAML event stream."""

    def __init__(self, filename: str, max_nodes: int, max_depth: int) -> None:
        self.filename = filename
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.problems: list[Problem] = []
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.documents = 0
        self.root: Any = None
        self.root_pos: Position = (1, 1)
        self.root_seen = False
        self.resolver = yaml.resolver.Resolver()
        self.constructor = SafeConstructor()

    def resolve(self, value: str, implicit: tuple[bool, bool]) -> str:
        """The implicit tag of a scalar, as PyYAML's safe resolver sees it."""
        tag = self.resolver.resolve(ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
        return str(tag)

    # -- problems -------------------------------------------------------------

    def problem(self, pos: Position, path: Path, message: str) -> None:
        self.problems.append(Problem(self.filename, pos[0], pos[1], format_path(path), message))
        if len(self.problems) >= _MAX_PROBLEMS:
            self.problems.append(
                Problem(
                    self.filename,
                    pos[0],
                    pos[1],
                    "",
                    f"too many problems; stopped after {_MAX_PROBLEMS}",
                )
            )
            raise _TooManyProblems

    def fatal(self, pos: Position, path: Path, message: str) -> None:
        self.problem(pos, path, message)
        raise _TooManyProblems

    # -- events ---------------------------------------------------------------

    def feed(self, event: Event) -> None:
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fatal(
                    _pos(event),
                    (),
                    "file contains more than one YAML document ('---'); "
                    "a scenario file must contain exactly one",
                )
        elif isinstance(event, NodeEvent):
            self.node(event)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            frame = self.stack.pop()
            self.deliver(frame.value)
        elif isinstance(event, DocumentEndEvent | StreamEndEvent):
            pass

    def slot(self) -> tuple[Path | None, bool]:
        """Where the next node goes: (its path, whether it is a mapping key).

        The path is None when the node's value will be discarded.
        """
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (None if top.path is None else (*top.path, len(top.value))), False
        if top.pending_key is None and not top.pending_key_bad:
            return (top.path if top.path is not None else None), True
        if top.path is None or top.pending_key_bad or top.pending_key is None:
            return None, False
        return (*top.path, top.pending_key), False

    def node(self, event: NodeEvent) -> None:
        self.nodes += 1
        pos = _pos(event)
        path, is_key = self.slot()
        where: Path = path if path is not None else ()
        if self.nodes > self.max_nodes:
            self.fatal(pos, (), f"file has more than {self.max_nodes} YAML nodes (the limit)")
        if event.anchor is not None and not isinstance(event, AliasEvent):
            self.problem(
                pos, where, f"YAML anchors (&{event.anchor}) are not allowed in scenario files"
            )
        if isinstance(event, AliasEvent):
            self.problem(
                pos, where, f"YAML aliases (*{event.anchor}) are not allowed in scenario files"
            )
            self.deliver_at(None, pos, bad=True)
        elif isinstance(event, ScalarEvent):
            if is_key:
                self.key(event, pos, where)
            else:
                self.deliver_at(self.scalar(event, pos, where), pos, bad=False)
        elif isinstance(event, MappingStartEvent | SequenceStartEvent):
            self.collection_start(event, pos, path, is_key, where)

    def collection_start(
        self,
        event: MappingStartEvent | SequenceStartEvent,
        pos: Position,
        path: Path | None,
        is_key: bool,
        where: Path,
    ) -> None:
        is_map = isinstance(event, MappingStartEvent)
        expected = _MAP_TAG if is_map else _SEQ_TAG
        if event.tag not in (None, "!", expected):
            self.tag_problem(pos, where, event.tag)
        if len(self.stack) >= self.max_depth:
            self.fatal(pos, (), f"nesting is deeper than {self.max_depth} levels (the limit)")
        if is_key:
            self.problem(
                pos,
                where,
                f"mapping keys must be plain strings, got {'a mapping' if is_map else 'a list'}",
            )
            path = None
        elif path is not None:
            self.record(path, pos)
        self.stack.append(_Frame(path=path, value={} if is_map else []))

    def record(self, path: Path, pos: Position) -> None:
        self.positions[path] = pos
        if not path:
            self.root_pos = pos

    def tag_problem(self, pos: Position, where: Path, tag: str | None) -> None:
        self.problem(
            pos,
            where,
            f"tag '{_display_tag(tag or '')}' is not allowed; "
            "only plain YAML is allowed in scenario files",
        )

    def key(self, event: ScalarEvent, pos: Position, parent: Path) -> None:
        top = self.stack[-1]
        if event.tag not in (None, "!") and event.tag not in _SCALAR_TAGS:
            self.tag_problem(pos, parent, event.tag)
        key = event.value
        if (
            event.implicit[0]
            and event.tag is None
            and self.resolve(key, event.implicit) == _TAG_PREFIX + "merge"
        ):
            self.problem(pos, parent, "merge keys (<<) are not allowed in scenario files")
            top.pending_key_bad = True
            return
        if key == "" and event.implicit[0]:
            self.problem(pos, parent, "mapping key is empty")
            top.pending_key_bad = True
            return
        assert isinstance(top.value, dict)
        if key in top.key_lines:
            self.problem(
                pos,
                (*parent, key) if top.path is not None else parent,
                f"duplicate key '{key}' (first defined at line {top.key_lines[key]})",
            )
        else:
            top.key_lines[key] = pos[0]
        top.pending_key = key
        if top.path is not None:
            self.key_positions[(*top.path, key)] = pos

    def scalar(self, event: ScalarEvent, pos: Position, where: Path) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            self.tag_problem(pos, where, tag)
            return None
        node = ScalarNode(tag, event.value, None, None, event.style)
        construct: Callable[[SafeConstructor, ScalarNode], Any] = SafeConstructor.yaml_constructors[
            tag
        ]
        try:
            value = construct(self.constructor, node)
        except Exception:
            if tag == _TAG_PREFIX + "timestamp":
                message = f"{event.value!r} is not a valid date (YYYY-MM-DD)"
            else:
                message = f"cannot read {event.value!r} as {_display_tag(tag)}"
            self.problem(pos, where, message)
            return None
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    def deliver_at(self, value: Any, pos: Position, *, bad: bool) -> None:
        """Store a finished scalar (or rejected alias) and record its position."""
        path, _ = self.slot()
        if path is not None and not bad:
            self.record(path, pos)
        self.deliver(value)

    def deliver(self, value: Any) -> None:
        """Store a finished value in its parent (or as the document root)."""
        if not self.stack:
            self.root = value
            self.root_seen = True
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
            return
        if top.pending_key is None and not top.pending_key_bad:
            # The value was used as a key (and already reported); drop its value.
            top.pending_key_bad = True
            return
        if top.pending_key is not None and not top.pending_key_bad:
            top.value[top.pending_key] = value
        top.pending_key = None
        top.pending_key_bad = False


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = err.start
        prefix = data[:start]
        line = prefix.count(b"\n") + 1
        col = len(prefix[prefix.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise ScenarioError.at(filename, line, col,
                               f"file is not valid UTF-8 (byte 0x{data[start]:02x} at offset "
                               f"{start}); save it with UTF-8 encoding") from None


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, filename: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return Problem(filename, 0, 0, "", f"YAML syntax error: {err.problem or err}")
    lines = text.split("\n")
    line_text = lines[mark.line] if mark.line < len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if "\t" in indent:
        return Problem(
            filename,
            mark.line + 1,
            indent.index("\t") + 1,
            "",
            "tab character used for indentation; use spaces",
        )
    if mark.column < len(line_text) and line_text[mark.column] == "\t":
        return Problem(
            filename,
            mark.line + 1,
            mark.column + 1,
            "",
            "tab character not allowed here; use spaces",
        )
    message = f"YAML syntax error: {err.problem}"
    if err.context and err.context_mark is not None and err.context_mark is not mark:
        message += f" ({err.context} started at line {err.context_mark.line + 1})"
    elif err.context:
        message += f" ({err.context})"
    return Problem(filename, mark.line + 1, mark.column + 1, "", message)


def load_yaml(
    text: str | bytes,
    *,
    filename: str,
    max_bytes: int = 5_000_000,
    max_nodes: int = 200_000,
    max_depth: int = _MAX_DEPTH,
) -> LoadedYaml:
    """Parse one plain-YAML document whose top level is a mapping, tracking positions.

    Raises :class:`~wargame.errors.ScenarioError` listing every problem found
    (syntax errors, tabs, tags, aliases, duplicate keys, size limits, ...).
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ScenarioError.at(filename, 1, 1, _size_message(size, max_bytes))
    if isinstance(text, bytes):
        text = _decode(text, filename)
    elif text.startswith("\ufeff"):
        text = text[1:]
    bad_char = _NON_PRINTABLE.search(text)
    if bad_char is not None:
        line, col = _line_col_of_offset(text, bad_char.start())
        raise ScenarioError.at(
            filename, line, col,
            f"control character U+{ord(bad_char.group()):04X} is not allowed in YAML")

    builder = _Builder(filename, max_nodes, max_depth)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except _TooManyProblems:
        pass
    except yaml.MarkedYAMLError as err:
        builder.problems.append(_syntax_problem(err, text, filename))
    except yaml.YAMLError as err:
        builder.problems.append(Problem(filename, 0, 0, "", f"YAML error: {err}"))
    if builder.problems:
        raise ScenarioError(builder.problems)

    if not builder.root_seen or builder.root is None:
        raise ScenarioError.at(filename, 1, 1,
                               "file is empty; expected a mapping at the top level")
    if not isinstance(builder.root, dict):
        line, col = builder.root_pos
        raise ScenarioError.at(filename, line, col, "the top level must be a mapping "
                               f"(key: value lines), got {_kind(builder.root)}")
    return LoadedYaml(
        data=builder.root, positions=builder.positions, key_positions=builder.key_positions
    )
