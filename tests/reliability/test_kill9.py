"""kill -9 at chosen points of play, undo, redo and report export loses nothing.

:mod:`tests.reliability.kill_driver` plays a fixed game in a subprocess and exports
two report editions in every format after each turn; it is SIGKILLed at a chosen
file-system call (before or in the middle of a journal write, before an fsync,
before or after the report's rename, in the middle of the report's temporary file).
Afterwards:

* the save is a byte prefix of the reference run's save (nothing written out of
  order, no garbage), it opens, holds every acknowledged command (and at most the one
  step in flight), resumes, and replays with every state hash verified;
* every report file under its final name is byte for byte one of the reference run's
  exports, and not older than the last acknowledged export of that file: a report is
  either whole or absent, never partial under its real name.

``KILL_POINTS`` points (conftest: 5 in CI, 50 with ``WARGAME_SLOW=1``): always some
during export, undo and redo, the rest drawn at random (seeded) from the 262 points of
a run. Figures print with ``-s``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
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

from .conftest import KILL_POINTS, ROOT

FIGURES: Counter[str] = Counter()
STEP_COMMANDS = 3
"""Most commands one acknowledged step records (computer orders: one per computer seat)."""


def run_driver(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "tests.reliability.kill_driver", str(folder / "game.wgsave"),
         str(folder / "out"), *extra], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("reference")
    done = run_driver(folder, "--points", str(folder / "points.json"),
                      "--copies", str(folder / "copies"))
    assert done.returncode == 0, done.stderr
    copies: dict[str, list[bytes]] = {}
    for index in sorted((folder / "copies").iterdir(), key=lambda p: int(p.name)):
        for path in index.iterdir():
            copies.setdefault(path.name, []).append(path.read_bytes())
    exports_of: dict[str, list[int]] = {}
    for index in sorted((folder / "copies").iterdir(), key=lambda p: int(p.name)):
        for path in index.iterdir():
            exports_of.setdefault(path.name, []).append(int(index.name))
    return {"save": (folder / "game.wgsave").read_bytes(),
            "points": json.loads((folder / "points.json").read_text()),
            "copies": copies, "exports_of": exports_of}


def choose_points(points: list[dict[str, Any]], count: int) -> list[int]:
    """``count`` points: the first few cover export (mid-file, either side of the rename),
    undo, redo and a torn journal line; the rest are drawn at random."""
    rng = random.Random(20261203)
    wanted = [("export", "file:half"), ("export", "replace:before"), ("undo", "write:half"),
              ("redo", "fsync:before"), ("export", "replace:after"), ("end_turn", "write:half"),
              ("undo", "write:before"), ("redo", "write:half")]
    chosen: list[int] = []
    for phase, call in wanted[:count]:
        matching = [p["point"] for p in points if p["phase"] == phase and p["call"] == call]
        chosen.append(rng.choice(matching))
    rest = [p["point"] for p in points if p["point"] not in chosen]
    chosen += rng.sample(rest, max(0, count - len(chosen)))
    return chosen


def last_ack(stdout: str) -> tuple[int, int]:
    acks = [line.split() for line in stdout.splitlines() if line.startswith("ACK ")]
    return (int(acks[-1][1]), int(acks[-1][2])) if acks else (0, 0)


def check_save(save: Path, acked: int, reference_save: bytes) -> int:
    """The save after a kill: a prefix of the reference, every acknowledged command kept."""
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


def check_reports(out: Path, exports_acked: int, ref: dict[str, Any]) -> None:
    """Every report under its final name is a whole export, none older than acknowledged."""
    if not out.exists():
        return
    for path in out.iterdir():
        if path.name.startswith("."):  # a temporary file: hidden, named .<report>.*.tmp
            assert path.name.endswith(".tmp"), path.name
            FIGURES["temporary report files left (hidden, .tmp)"] += 1
            continue
        versions = ref["copies"][path.name]
        indexes = ref["exports_of"][path.name]
        data = path.read_bytes()
        assert data in versions, f"{path.name} is not a whole export"
        index = indexes[versions.index(data)]
        done = [i for i in indexes if i < exports_acked]
        assert not done or index >= done[-1], f"{path.name}: an acknowledged export was lost"
        FIGURES["report files checked whole"] += 1
    for name, indexes in ref["exports_of"].items():
        if any(i < exports_acked for i in indexes):
            assert (out / name).is_file(), f"{name} was acknowledged but is missing"


def export_again(save: Path, out: Path) -> None:
    """The next export of a report whose export was killed removes the dead temporary file."""
    temporaries = [p for p in out.iterdir() if p.name.startswith(".")] if out.exists() else []
    for tmp in temporaries:
        report = Path(tmp.name[1:].split(".", 2)[0] + "." + tmp.name[1:].split(".", 2)[1])
        view = report.stem.removeprefix("game-")
        export_report(save, report.suffix[1:], view, out)
        assert not tmp.exists(), f"{tmp.name} was left by a dead export and not removed"
        FIGURES["temporary report files removed by the next export"] += 1
    if out.exists():
        assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_dead_exports_temporary_file_goes_and_a_live_ones_stays(tmp_path: Path) -> None:
    from wargame.report import _host, _temporary_prefix, remove_stale_temporaries

    target = tmp_path / "game-facilitator.html"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    dead = tmp_path / f".{target.name}.{_host()}-{ended}.abc.tmp"
    live = tmp_path / f"{_temporary_prefix(target)}abc.tmp"  # this process's own
    other_host = tmp_path / f".{target.name}.elsewhere-{ended}.abc.tmp"
    other_report = tmp_path / f".game-IND.html.{_host()}-{ended}.abc.tmp"
    for path in (dead, live, other_host, other_report):
        path.write_text("partial")
    assert remove_stale_temporaries(target) == [dead]
    assert not dead.exists()
    assert live.exists() and other_host.exists() and other_report.exists()


def test_kill9_at_chosen_points_loses_nothing(reference: dict[str, Any],
                                              tmp_path: Path) -> None:
    points = reference["points"]
    assert len(points) > 200
    for number in choose_points(points, KILL_POINTS):
        point = points[number - 1]
        folder = tmp_path / f"kill-{number}"
        killed = run_driver(folder, "--kill-at", str(number))
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert "Traceback" not in killed.stderr
        acked, exports = last_ack(killed.stdout)
        recorded = check_save(folder / "game.wgsave", acked, reference["save"])
        check_reports(folder / "out", exports, reference)
        export_again(folder / "game.wgsave", folder / "out")
        FIGURES["killed"] += 1
        FIGURES[f"killed during {point['phase']}"] += 1
        FIGURES["commands acknowledged, all kept"] += acked
        FIGURES["commands recorded but not yet acknowledged"] += recorded - acked
    assert FIGURES["killed"] == KILL_POINTS


def test_zz_kill_figures() -> None:
    print("\nkill -9:", json.dumps(dict(sorted(FIGURES.items())), indent=1))
    assert FIGURES["killed"] == KILL_POINTS
