"""What the kill -9 suites check after each kill, shared by the CLI and the app drivers.

A driver (:mod:`tests.reliability.kill_driver`, :mod:`tests.reliability.app_kill_driver`)
runs once whole as the reference (its kill points, its save, a copy of every export),
then once per chosen point, SIGKILLed there. These functions check what the killed run
left: the save (:func:`check_save`), the reports (:func:`check_reports`) and the
temporary files of killed exports (:func:`export_again`). Each adds its counts to the
``figures`` it is given.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from wargame.cli import main as cli_main
from wargame.errors import SaveFileError
from wargame.report import export_report
from wargame.session import Session

from .conftest import ROOT

STEP_COMMANDS = 3
"""Most commands one acknowledged step records (computer orders: one per computer seat)."""


def run_driver(module: str, folder: Path, *extra: str,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m module SAVE OUT *extra`` with ``folder/game.wgsave`` and ``folder/out``."""
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", module, str(folder / "game.wgsave"), str(folder / "out"),
         *extra], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def reference_run(module: str, folder: Path,
                  env: dict[str, str] | None = None) -> dict[str, Any]:
    """The whole run: its save, its kill points and every export's files, in order."""
    done = run_driver(module, folder, "--points", str(folder / "points.json"),
                      "--copies", str(folder / "copies"), env=env)
    assert done.returncode == 0, done.stderr
    copies: dict[str, list[bytes]] = {}
    exports_of: dict[str, list[int]] = {}
    for index in sorted((folder / "copies").iterdir(), key=lambda p: int(p.name)):
        for path in index.iterdir():
            copies.setdefault(path.name, []).append(path.read_bytes())
            exports_of.setdefault(path.name, []).append(int(index.name))
    return {"save": (folder / "game.wgsave").read_bytes(),
            "points": json.loads((folder / "points.json").read_text()),
            "copies": copies, "exports_of": exports_of, "stdout": done.stdout}


WANTED = [("export", "file:half"), ("export", "replace:before"), ("undo", "write:half"),
          ("redo", "fsync:before"), ("export", "replace:after"), ("end_turn", "write:half"),
          ("undo", "write:before"), ("redo", "write:half")]
"""The first points chosen: in export (mid-file, either side of the rename), undo, redo
and a torn journal line."""


def choose_points(points: list[dict[str, Any]], count: int) -> list[int]:
    """``count`` points: the first few from :data:`WANTED`, the rest drawn at random."""
    rng = random.Random(20261203)
    chosen: list[int] = []
    for phase, call in WANTED[:count]:
        matching = [p["point"] for p in points if p["phase"] == phase and p["call"] == call]
        chosen.append(rng.choice(matching))
    rest = [p["point"] for p in points if p["point"] not in chosen]
    chosen += rng.sample(rest, max(0, count - len(chosen)))
    return chosen


def last_ack(stdout: str) -> tuple[int, int]:
    """(commands recorded, exports finished) at the last ``ACK`` line, or (0, 0)."""
    acks = [line.split() for line in stdout.splitlines() if line.startswith("ACK ")]
    return (int(acks[-1][1]), int(acks[-1][2])) if acks else (0, 0)


def check_save(save: Path, acked: int, reference_save: bytes) -> int:
    """The save after a kill: a prefix of the reference, every acknowledged command kept;
    it resumes and replays with every state hash verified. Returns the commands it holds."""
    data = save.read_bytes() if save.exists() else b""
    assert reference_save.startswith(data), "the save differs from the reference run"
    if acked == 0 and b"\n" not in data:  # killed while the header was being written
        with pytest.raises(SaveFileError):
            Session.open(save, readonly=True)
        return 0
    session = Session.open(save, readonly=True)
    recorded = len(session.commands)
    assert acked <= recorded <= acked + STEP_COMMANDS, (acked, recorded)
    Session.open(save).close()  # resumes (a torn tail is cut off and kept beside it)
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli_main(["replay", str(save), "--verify"]) == 0
    assert len(Session.open(save, readonly=True).commands) == recorded
    return recorded


def check_reports(out: Path, exports_acked: int, ref: dict[str, Any],
                  figures: Counter[str]) -> None:
    """Every report under its final name is a whole export, none older than acknowledged."""
    if not out.exists():
        return
    for path in out.iterdir():
        if path.name.startswith("."):  # a temporary file: hidden, named .<report>.*.tmp
            assert path.name.endswith(".tmp"), path.name
            figures["temporary report files left (hidden, .tmp)"] += 1
            continue
        versions = ref["copies"][path.name]
        indexes = ref["exports_of"][path.name]
        data = path.read_bytes()
        assert data in versions, f"{path.name} is not a whole export"
        index = indexes[versions.index(data)]
        done = [i for i in indexes if i < exports_acked]
        assert not done or index >= done[-1], f"{path.name}: an acknowledged export was lost"
        figures["report files checked whole"] += 1
    for name, indexes in ref["exports_of"].items():
        if any(i < exports_acked for i in indexes):
            assert (out / name).is_file(), f"{name} was acknowledged but is missing"


def export_again(save: Path, out: Path, figures: Counter[str]) -> None:
    """The next export of a report whose export was killed removes the dead temporary file."""
    temporaries = [p for p in out.iterdir() if p.name.startswith(".")] if out.exists() else []
    for tmp in temporaries:
        report = Path(tmp.name[1:].split(".", 2)[0] + "." + tmp.name[1:].split(".", 2)[1])
        view = report.stem.removeprefix("game-")
        export_report(save, report.suffix[1:], view, out)
        assert not tmp.exists(), f"{tmp.name} was left by a dead export and not removed"
        figures["temporary report files removed by the next export"] += 1
    if out.exists():
        assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def count_kill(figures: Counter[str], phase: str, acked: int, recorded: int) -> None:
    """Add one checked kill (during ``phase``) to ``figures``."""
    figures["killed"] += 1
    figures[f"killed during {phase}"] += 1
    figures["commands acknowledged, all kept"] += acked
    figures["commands recorded but not yet acknowledged"] += recorded - acked
