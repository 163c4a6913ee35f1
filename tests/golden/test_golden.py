"""Golden playthroughs: seeded games whose full logs are committed and diffed.

A change to the rules or a scenario that alters any entry of these games fails here and
shows the first differing lines. After checking that a change is intended, regenerate
with ``WARGAME_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/golden``.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from wargame.scenario.loader import load_scenario
from wargame.session import Session

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GAMES = [("tutorial", 20261126, 6), ("afghanistan-2022", 2022, 12)]


def _play(scenario_id: str, seed: int, turns: int) -> list[str]:
    scenario = load_scenario(ROOT / "scenarios" / f"{scenario_id}.yaml")
    session = Session.create(scenario, seed=seed, turns=turns)
    while not session.ended:
        session.fill_computer_orders()
        session.end_turn()
    lines = [json.dumps(entry.to_dict(), sort_keys=True, ensure_ascii=False)
             for entry in session.log]
    lines += [json.dumps({"turn": t.turn, "state_hash": t.state_hash}) for t in session.turns]
    return lines


@pytest.mark.parametrize(("scenario_id", "seed", "turns"), GAMES)
def test_golden_playthrough(scenario_id: str, seed: int, turns: int) -> None:
    if not (ROOT / "scenarios" / f"{scenario_id}.yaml").exists():
        pytest.fail(f"scenario {scenario_id} is missing")
    golden = HERE / f"{scenario_id}-seed{seed}.jsonl"
    lines = _play(scenario_id, seed, turns)
    if os.environ.get("WARGAME_UPDATE_GOLDEN") == "1":
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not golden.exists():
        pytest.fail(f"{golden.name} is missing; generate it with WARGAME_UPDATE_GOLDEN=1")
    expected = golden.read_text(encoding="utf-8").splitlines()
    if lines != expected:
        diff = "\n".join(list(difflib.unified_diff(expected, lines, "golden", "now",
                                                   lineterm="", n=1))[:40])
        pytest.fail(f"{golden.name} differs from this run:\n{diff}")
