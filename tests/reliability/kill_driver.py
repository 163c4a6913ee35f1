"""The program the kill -9 suite runs in a subprocess, and kills at a chosen point.

``python -m tests.reliability.kill_driver SAVE OUT [--kill-at N] [--points FILE]
[--copies DIR]`` plays a fixed 3-turn game of the tutorial into ``SAVE``: notes,
bookmarks, undo and redo of each, computer orders, end of turn, undo and redo of the
end of turn, and after every turn the report of two editions in every format into
``OUT``. After each step it prints ``ACK <commands recorded> <exports finished>`` and
flushes, so the parent knows what was acknowledged before the kill.

The kill points are the file-system calls the journal and the report writer make:
each ``os.write`` (killed before it, or after half of its bytes), each ``os.fsync``,
``os.replace`` (before and after) and each write to a file opened with ``os.fdopen``
(the report's temporary file: before, or after half of the bytes). With ``--kill-at
N`` the process sends itself SIGKILL at point N; without it, ``--points`` receives
the list of points (number, call, step, phase) of a whole run. The clock is fixed, so
every run writes the same bytes as the reference run up to its kill.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import wargame.session as session_module
from wargame.report import export_report
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session

ROOT = Path(__file__).resolve().parents[2]
VIEWS = ("facilitator", "IND")
FORMATS = "html,pdf,md,json,csv"


class Points:
    """Counts the kill points and kills the process at the chosen one."""

    def __init__(self, kill_at: int | None) -> None:
        self.kill_at = kill_at
        self.count = 0
        self.phase = "start"
        self.step = 0
        self.seen: list[dict[str, Any]] = []
        self.paused = False
        """While True (the reference run copying its exports), calls are no points."""

    def hit(self, call: str) -> bool:
        """Record a point; True if the process must die here (the caller may act first)."""
        if self.paused:
            return False
        self.count += 1
        self.seen.append({"point": self.count, "call": call, "step": self.step,
                          "phase": self.phase})
        return self.count == self.kill_at

    def die(self) -> None:
        os.kill(os.getpid(), signal.SIGKILL)


def install(points: Points) -> None:
    """Wrap the file-system calls that make kill points (in this process only)."""
    real_write, real_fsync, real_replace, real_fdopen = os.write, os.fsync, os.replace, os.fdopen

    def write(fd: int, data: Any) -> int:
        if points.hit("write:before"):
            points.die()
        if points.hit("write:half") and len(data) > 1:
            real_write(fd, bytes(data[: len(data) // 2]))
            points.die()
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        if points.hit("fsync:before"):
            points.die()
        real_fsync(fd)

    def replace(src: Any, dst: Any, **kw: Any) -> None:
        if points.hit("replace:before"):
            points.die()
        real_replace(src, dst, **kw)
        if points.hit("replace:after"):
            points.die()

    class File:
        def __init__(self, raw: Any) -> None:
            self.raw = raw

        def write(self, data: bytes) -> int:
            if points.hit("file:before"):
                points.die()
            if points.hit("file:half") and len(data) > 1:
                self.raw.write(data[: len(data) // 2])
                self.raw.flush()
                points.die()
            return int(self.raw.write(data))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.raw, name)

        def __enter__(self) -> File:
            return self

        def __exit__(self, *exc: object) -> None:
            self.raw.close()

    def fdopen(fd: int, *args: Any, **kw: Any) -> Any:
        return File(real_fdopen(fd, *args, **kw))

    os.write, os.fsync, os.replace, os.fdopen = write, fsync, replace, fdopen  # type: ignore[assignment]
    session_module._now = lambda: "2026-01-01T00:00:00+00:00"  # type: ignore[attr-defined]


def program(save: Path, out: Path, points: Points, copies: Path | None) -> None:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    exports = 0

    def ack(session: Session) -> None:
        points.step += 1
        print(f"ACK {len(session.commands)} {exports}", flush=True)

    points.phase = "create"
    session = Session.create(scenario, seed=11, turns=4, path=save,
                             seats={"PAK": Seat("human", "Team Pakistan")})
    ack(session)
    for turn in range(3):
        for phase, action in (
                ("note", lambda t=turn: session.note(f"note of turn {t + 1}")),
                ("bookmark", lambda t=turn: session.bookmark(f"mark {t + 1}", "why")),
                ("undo", session.undo), ("redo", session.redo),
                ("orders", session.fill_computer_orders),
                ("undo", session.undo), ("redo", session.redo),
                ("end_turn", session.end_turn),
                ("undo", session.undo), ("redo", session.redo)):
            points.phase = phase
            action()
            ack(session)
        points.phase = "export"
        for view in VIEWS:
            written = export_report(save, FORMATS, view, out)
            if copies is not None:
                points.paused = True
                target = copies / str(exports)
                target.mkdir(parents=True)
                for path in written:
                    shutil.copy(path, target / path.name)
                points.paused = False
            exports += 1
            ack(session)
    points.phase = "close"
    session.close()
    ack(session)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """``SAVE OUT [--kill-at N] [--points FILE] [--copies DIR]`` (of either driver)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("save", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--kill-at", type=int)
    parser.add_argument("--points", type=Path)
    parser.add_argument("--copies", type=Path)
    return parser.parse_args(argv)


def write_points(args: argparse.Namespace, points: Points) -> None:
    """A whole run (not killed) writes its list of kill points where ``--points`` says."""
    if args.points is not None:
        args.points.write_text(json.dumps(points.seen), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    points = Points(args.kill_at)
    install(points)
    program(args.save, args.out, points, args.copies)
    write_points(args, points)
    return 0


if __name__ == "__main__":
    sys.exit(main())
