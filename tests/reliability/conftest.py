"""Shared material for the reliability suites: small saves, re-sealed crafted saves, the CLI.

Sizes of the slow runs: ``WARGAME_SLOW=1`` selects the full figures (10,000 fuzz
examples, 50 kill points of the CLI and 50 of the app); ``WARGAME_FUZZ_EXAMPLES``,
``WARGAME_KILL_POINTS`` and ``WARGAME_APP_KILL_POINTS`` set each one directly. Without
them (CI) the suites run 500 examples, 5 kill points of the CLI and 3 of the app.
See docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from wargame.journal import canonical, chain
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Scenario
from wargame.session import Seat, Session

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
SLOW = os.environ.get("WARGAME_SLOW", "") not in ("", "0")
FUZZ_EXAMPLES = int(os.environ.get("WARGAME_FUZZ_EXAMPLES", "10000" if SLOW else "500"))
KILL_POINTS = int(os.environ.get("WARGAME_KILL_POINTS", "50" if SLOW else "5"))
APP_KILL_POINTS = int(os.environ.get("WARGAME_APP_KILL_POINTS", "50" if SLOW else "3"))
"""Kill points of the facilitator app (tests/reliability/test_kill9_app.py)."""


@pytest.fixture(scope="session")
def tutorial() -> Scenario:
    return load_scenario(TUTORIAL)


def play_save(scenario: Scenario, path: Path, *, turns: int = 2, seed: int = 4) -> Session:
    """A small game with every kind of command (orders, note, bookmark, inject, undo, redo),
    ``turns`` turns resolved; the session is returned still open for writing."""
    from wargame.orders import Inject

    session = Session.create(scenario, seed=seed, turns=turns + 2, path=path,
                             seats={"PAK": Seat("human", "Team Pakistan")})
    session.note("first note")
    session.bookmark("start")
    session.inject(Inject(title="Border incident", text="Shots fired"))
    session.note("undone note")
    session.undo()
    session.redo()
    session.undo()
    for _ in range(turns):
        session.fill_computer_orders()
        from wargame.ai.doctrine import choose_orders

        if "PAK" not in session.sheets:
            session.submit_orders(choose_orders(scenario, session.state, "PAK", seed))
        session.end_turn()
    return session


def make_save(scenario: Scenario, path: Path, **kwargs: Any) -> Path:
    play_save(scenario, path, **kwargs).close()
    return path


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def reseal(objects: list[dict[str, Any]]) -> bytes:
    """A journal whose every checksum is right for its (possibly crafted) contents.

    What a careful forger would write: the header's checksum starts the chain and
    each line's checksum covers the line and the one before.
    """
    out, previous = [], "0" * 16
    for number, obj in enumerate(objects):
        body = {k: v for k, v in obj.items() if k != "checksum"}
        if number == 0 and isinstance(body, dict) and body.get("version") == 1:
            out.append(canonical(body))  # format 1: the header is outside the chain
            continue
        previous = chain(previous, body)
        out.append(canonical({**body, "checksum": previous}))
    return ("\n".join(out) + "\n").encode("utf-8")


def wargame(*args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "wargame", *args], cwd=ROOT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def no_traceback(result: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in result.stderr and "Traceback" not in result.stdout
