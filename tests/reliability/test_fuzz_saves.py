"""Fuzzing saves: structured mutations against open, resume, replay and report.

Each example mutates a small valid save (truncation, flipped bytes, dropped,
duplicated or swapped lines, JSON fields given values of the wrong type, with or
without re-sealing the checksums afterwards so that the damage gets past them)
and runs the four ways a save is read. Allowed outcomes: success, or a
documented error (:class:`~wargame.errors.WargameError`: ``SaveFileError``,
``ScenarioError``, ``ReportError``); any other exception fails the test. A save
that is refused is never changed; a resumed one loses at most its torn tail,
which is kept beside it.

500 examples by default (CI); ``WARGAME_FUZZ_EXAMPLES=10000`` (or
``WARGAME_SLOW=1``) for the slow run; the test fails unless exactly that many ran.
Figures are printed at the end (``-s``), and every 250 examples written to
``WARGAME_FUZZ_PROGRESS`` if that names a file.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.cli import main as cli_main
from wargame.errors import WargameError
from wargame.report import export_report  # type: ignore[attr-defined,unused-ignore]
from wargame.scenario.loader import load_scenario
from wargame.session import Session

from .conftest import FUZZ_EXAMPLES, TUTORIAL, make_save, reseal

FIGURES: Counter[str] = Counter()
PROGRESS = os.environ.get("WARGAME_FUZZ_PROGRESS", "")
"""A file the figures are written to every 250 examples (for the slow run), if set."""


@cache
def _original() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = make_save(load_scenario(TUTORIAL), Path(tmp) / "base.wgsave", turns=1)
        return path.read_bytes()


WRONG_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
    st.text(max_size=12), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.just({"kind": "human"}), st.just("notadict"), st.just([[[[[[[[]]]]]]]]))


def _paths(obj: Any, prefix: tuple[Any, ...] = (), depth: int = 0) -> list[tuple[Any, ...]]:
    """Every key path into a JSON value, stopping inside the (large) embedded scenario."""
    out = [prefix] if prefix else []
    if depth > 6 or (prefix[:1] == ("scenario",) and len(prefix) > 3):
        return out
    if isinstance(obj, dict):
        for key, value in obj.items():
            out += _paths(value, (*prefix, key), depth + 1)
    elif isinstance(obj, list):
        for index, value in enumerate(obj[:4]):
            out += _paths(value, (*prefix, index), depth + 1)
    return out


def _set(obj: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    data = _original()
    lines = data.split(b"\n")[:-1]
    kind = draw(st.sampled_from(["truncate", "flip", "drop", "duplicate", "swap",
                                 "field", "field-resealed", "field-resealed"]))
    if kind == "truncate":
        return kind, data[: draw(st.integers(0, len(data) - 1))]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(out) - 1))
            out[at] ^= draw(st.integers(1, 255))
        return kind, bytes(out)
    if kind in ("drop", "duplicate", "swap"):
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        return kind, b"\n".join(lines) + b"\n"
    objects = [json.loads(line) for line in lines]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(objects) - 1))
        paths = [p for p in _paths(objects[i]) if p != ("checksum",)]
        _set(objects[i], draw(st.sampled_from(paths)), copy.deepcopy(draw(WRONG_VALUES)))
    if kind == "field-resealed":
        return kind, reseal(objects)
    return kind, b"\n".join(json.dumps(o).encode() for o in objects) + b"\n"


def _outcome(action: Any) -> str:
    try:
        action()
    except WargameError as exc:
        return f"refused: {type(exc).__name__}"
    return "ok"


def _check(kind: str, data: bytes, folder: Path) -> None:
    save = folder / "fuzz.wgsave"
    save.write_bytes(data)
    readonly = _outcome(lambda: Session.open(save, readonly=True))
    assert save.read_bytes() == data, "a read-only open changed the save"
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        code = cli_main(["replay", str(save), "--verify"])
    assert code in (0, 1, 2) and save.read_bytes() == data
    report = _outcome(lambda: export_report(save, ["json", "md", "csv"], "facilitator",
                                            folder / "out"))
    assert save.read_bytes() == data, "a report changed the save"

    def resume() -> None:
        Session.open(save).close()

    writable = _outcome(resume)
    after = save.read_bytes()
    if writable == "ok" and after != data:  # only a torn tail may go, kept beside the save
        assert data.startswith(after) and (folder / "fuzz.wgsave.torn").read_bytes() == data
    else:
        assert after == data, "a refused save was changed"
    assert (readonly == "ok") == (writable == "ok"), (readonly, writable)
    FIGURES["tried"] += 1
    FIGURES[f"{kind}: {readonly}"] += 1
    FIGURES["loaded" if readonly == "ok" else "refused cleanly"] += 1
    FIGURES[f"report {report}"] += 1
    if PROGRESS and FIGURES["tried"] % 250 == 0:  # a long run shows how far it has got
        Path(PROGRESS).write_text(json.dumps(dict(sorted(FIGURES.items())), indent=1))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def _fuzz(case: tuple[str, bytes]) -> None:
    kind, data = case
    with tempfile.TemporaryDirectory(prefix="wargame-fuzz-") as tmp:
        _check(kind, data, Path(tmp))


def test_mutated_saves_give_only_documented_errors() -> None:
    """Every mutant is read four ways with only documented errors; the run really tried
    ``FUZZ_EXAMPLES`` saves. The figures are printed (``pytest -s``) for docs/reliability.md."""
    FIGURES.clear()
    _fuzz()
    print("\nsave fuzz:", json.dumps(dict(sorted(FIGURES.items())), indent=1))
    assert FIGURES["tried"] == FUZZ_EXAMPLES, FIGURES["tried"]
