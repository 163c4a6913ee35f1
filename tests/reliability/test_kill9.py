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

import json
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .conftest import KILL_POINTS
from .kill_checks import (
    check_reports,
    check_save,
    choose_points,
    count_kill,
    export_again,
    last_ack,
    reference_run,
    run_driver,
)

FIGURES: Counter[str] = Counter()
DRIVER = "tests.reliability.kill_driver"


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return reference_run(DRIVER, tmp_path_factory.mktemp("reference"))


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
        killed = run_driver(DRIVER, folder, "--kill-at", str(number))
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert "Traceback" not in killed.stderr
        acked, exports = last_ack(killed.stdout)
        recorded = check_save(folder / "game.wgsave", acked, reference["save"])
        check_reports(folder / "out", exports, reference, FIGURES)
        export_again(folder / "game.wgsave", folder / "out", FIGURES)
        count_kill(FIGURES, point["phase"], acked, recorded)
    print("\nkill -9:", json.dumps(dict(sorted(FIGURES.items())), indent=1))
    assert FIGURES["killed"] == KILL_POINTS
