"""``--difficulty`` of ``wargame play`` and ``wargame simulate``, and computer seats that keep
their player in the save."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wargame.errors import SaveFileError
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, Session

ROOT = Path(__file__).resolve().parents[2]


def wargame(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "wargame", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_play_with_a_difficulty_keeps_it_in_the_save(tmp_path: Path) -> None:
    save = tmp_path / "g.wgsave"
    out = wargame("play", "tutorial", "--auto", "--seed", "3", "--turns", "2", "--quiet",
                  "--difficulty", "hawkish-novice", "--save", str(save))
    assert out.returncode == 0, out.stderr
    header = json.loads(save.read_text().splitlines()[0])
    assert {s["player"] for s in header["seats"].values()} == {"lookahead-hawkish-novice"}
    session = Session.open(save, readonly=True)
    assert session.seats["PAK"] == Seat("computer", "", "lookahead-hawkish-novice")
    assert session.seats["PAK"].label == "Computer (lookahead-hawkish-novice)"
    reasons = [e.text for e in session.log if "lookahead hawkish-novice" in e.text]
    assert reasons, "the log explains the lookahead decisions"
    replay = wargame("replay", str(save), "--verify")
    assert replay.returncode == 0 and replay.stdout.count(" ok ") == 2


def test_play_without_a_difficulty_writes_the_seats_as_before(tmp_path: Path) -> None:
    save = tmp_path / "g.wgsave"
    assert wargame("play", "tutorial", "--auto", "--seed", "3", "--turns", "1", "--quiet",
                   "--save", str(save)).returncode == 0
    header = json.loads(save.read_text().splitlines()[0])
    assert all(seat == {"kind": "computer", "team": ""} for seat in header["seats"].values())


@pytest.mark.parametrize("args,message", [
    (("play", "tutorial", "--auto", "--difficulty", "reckless"), "unknown player 'reckless'"),
    (("play", "tutorial", "--auto", "--difficulty", "novice-expert"), "once each"),
    (("simulate", "tutorial", "--runs", "1", "--difficulty", "expert",
      "--difficulty-seats", "XYZ"), "no playable actor 'XYZ'"),
])
def test_bad_difficulty_exits_2_without_traceback(args: tuple[str, ...], message: str) -> None:
    out = wargame(*args)
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr


def test_simulate_with_a_lookahead_seat(tmp_path: Path) -> None:
    result = tmp_path / "r.json"
    out = wargame("simulate", "tutorial", "--runs", "2", "--turns", "2", "--difficulty",
                  "cautious-novice", "--difficulty-seats", "PAK", "--out", str(result))
    assert out.returncode == 0, out.stderr
    assert "players: PAK lookahead-cautious-novice; doctrine plays the other seats" in out.stdout
    data = json.loads(result.read_text())
    assert data["players"] == {"PAK": "lookahead-cautious-novice", "IND": "doctrine",
                               "TAL": "doctrine", "TTP": "doctrine"}
    assert data["arms"][0]["summary"]["games"] == 2


def test_a_save_naming_an_unknown_player_is_refused() -> None:
    with pytest.raises(SaveFileError, match="unknown player 'genius'"):
        Seat.from_dict({"kind": "computer", "team": "", "player": "genius"})


def test_session_computer_seats_use_their_player() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    session = Session.create(scenario, seed=2, seats={
        "PAK": Seat("computer", "", "lookahead-balanced-novice"), "IND": Seat("computer", "",
                                                                              "hold")})
    session.fill_computer_orders()
    assert session.sheets["PAK"].reasons[0].startswith("lookahead balanced-novice")
    assert session.sheets["IND"].orders == () and session.sheets["IND"].reasons == (
        "always holds",)
    assert not session.sheets["TAL"].reasons[0].startswith("lookahead")


def test_lookahead_experiments_are_the_same_on_one_and_two_workers() -> None:
    """Lookahead players pickle and decide the same in a worker process (no time budget in
    the way: an unlimited player), so the summaries agree."""
    import math

    from wargame.ai.lookahead import Difficulty, LookaheadPlayer
    from wargame.analysis.experiment import arms_for, run_experiment
    from wargame.runner import doctrine_without_levers, seated

    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    policy = seated({"PAK": LookaheadPlayer(Difficulty.parse("novice"), False, math.inf)},
                    doctrine_without_levers)
    arms = arms_for([], compare=False)
    one, _ = run_experiment(scenario, arms, runs=4, turns=2, jobs=1, policy=policy)
    two, _ = run_experiment(scenario, arms, runs=4, turns=2, jobs=2, policy=policy)
    assert one == two and one["arms"][0]["summary"]["games"] == 4
