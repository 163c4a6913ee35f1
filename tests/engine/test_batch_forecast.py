"""Outcome forecasts: doctrine-played continuations of a game state (wargame.analysis.batch)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from wargame.ai.doctrine import choose_orders
from wargame.analysis.batch import (
    Forecast,
    GameSummary,
    continuation_seeds,
    forecast,
    play_from,
    play_on,
    run_games,
    summarise_forecast,
    summary_of,
)
from wargame.engine import new_game, resolve_turn
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Scenario
from wargame.state import GameState, initial_state

ROOT = Path(__file__).resolve().parents[2]
GAME_SEED = 7


@pytest.fixture(scope="module")
def afghanistan() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "afghanistan-2022.yaml")


def _played(scenario: Scenario, turns: int, played: int, seed: int = GAME_SEED) -> GameState:
    """A game of ``turns`` turns after ``played`` doctrine-played turns (a live game's state)."""
    state = new_game(scenario, seed, turns).state
    actors = [a.id for a in scenario.actors if a.playable]
    for _ in range(played):
        sheets = {a: choose_orders(scenario, state, a, seed, allow_levers=False)
                  for a in actors}
        state = resolve_turn(scenario, state, sheets, {}, seed).state
    return state


def test_continuation_seeds_leave_out_the_games_own_seed() -> None:
    assert continuation_seeds(5, game_seed=None) == (1, 2, 3, 4, 5)
    assert continuation_seeds(5, game_seed=3) == (1, 2, 4, 5, 6)
    assert continuation_seeds(5, game_seed=0) == (1, 2, 3, 4, 5)
    assert continuation_seeds(3, game_seed=10, first=10) == (11, 12, 13)
    with pytest.raises(ValueError, match="at least one"):
        continuation_seeds(0, game_seed=None)


def test_from_a_fresh_state_the_forecast_is_run_games(tutorial: Scenario) -> None:
    # the tutorial's turn 1 opens the same way whatever the seed, so a fresh game made
    # with seed 1000 is the start of every game run_games plays
    fresh = new_game(tutorial, 1000, 6).state
    assert fresh == new_game(tutorial, 3, 6).state
    result = forecast(tutorial, fresh, runs=12, game_seed=1000)
    assert result.seeds == tuple(range(1, 13))
    assert list(result.baseline) == run_games(tutorial, runs=12, first_seed=1, turns=6)
    assert result.treated == ()


def test_every_continuation_starts_from_the_state_and_ends_at_the_last_turn(
        tutorial: Scenario) -> None:
    start = _played(tutorial, 6, 2)
    assert start.turn == 3 and not start.ended
    result = forecast(tutorial, start, runs=15, game_seed=GAME_SEED)
    assert result.start is start
    assert result.seeds == (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16)
    finals = []
    for seed, game in zip(result.seeds, result.baseline, strict=True):
        end = play_on(tutorial, start, seed)
        assert end.ended and end.turn == end.last_turn == 6
        for rid, riv in end.rivalries.items():
            before = start.rivalries[rid]
            assert len(riv.history) == 6  # one rung per finished turn
            assert riv.history[:2] == before.history  # turns 1-2 are the state's own
            assert riv.peak >= before.peak
        assert game == summary_of(end, seed, tutorial)
        finals.append((tuple(game.final_rungs.items()), tuple(game.indicators.items())))
    assert len(set(finals)) > 1  # different dice, different futures


def test_no_continuation_replays_the_live_games_future(tutorial: Scenario) -> None:
    start = _played(tutorial, 6, 2)
    live_future = summary_of(play_on(tutorial, start, GAME_SEED), GAME_SEED, tutorial)
    # the collision is real: the game's own seed gives exactly the live game's future
    assert play_from(tutorial, start, GAME_SEED) == live_future
    result = forecast(tutorial, start, runs=4, game_seed=GAME_SEED, first_seed=GAME_SEED)
    assert result.seeds == (8, 9, 10, 11)
    assert GAME_SEED not in {g.seed for g in result.baseline}


def test_forecasts_are_deterministic(tutorial: Scenario) -> None:
    start = _played(tutorial, 6, 1)
    a = forecast(tutorial, start, runs=10, game_seed=GAME_SEED)
    b = forecast(tutorial, start, runs=10, game_seed=GAME_SEED)
    assert a == b
    assert summarise_forecast(tutorial, a) == summarise_forecast(tutorial, b)


def test_a_lever_treatment_is_paired_with_the_baseline_over_the_same_seeds(
        afghanistan: Scenario) -> None:
    start = _played(afghanistan, 4, 1)
    assert "release_funds" not in start.levers
    result = forecast(afghanistan, start, runs=6, game_seed=GAME_SEED,
                      levers=("release_funds",))
    assert result.seeds == (1, 2, 3, 4, 5, 6)
    assert [g.seed for g in result.baseline] == [g.seed for g in result.treated] == [1, 2, 3, 4,
                                                                                      5, 6]
    pulled = 0
    for seed, base, treated in zip(result.seeds, result.baseline, result.treated, strict=True):
        assert base == play_from(afghanistan, start, seed)
        assert treated == play_from(afghanistan, start, seed, ("release_funds",))
        assert "release_funds" not in play_on(afghanistan, start, seed).levers  # no lever
        end = play_on(afghanistan, start, seed, ("release_funds",))
        if "release_funds" in end.levers:
            pulled += 1
            assert end.levers["release_funds"] >= start.turn
    assert pulled >= 1
    summary = summarise_forecast(afghanistan, result)
    diffs = [t.indicators["humanitarian"] - b.indicators["humanitarian"]
             for t, b in zip(result.treated, result.baseline, strict=True)]
    difference = summary["indicators"]["humanitarian"]["difference"]
    assert difference["mean"] == pytest.approx(sum(diffs) / 6, abs=1e-4)
    assert difference["mean"] > 0  # funds for aid organisations: the humanitarian aim
    assert summary["levers"] == ["release_funds"]
    rung_diff = summary["rivalries"]["IND-PAK"]["difference"]["mean_final_rung"]
    assert rung_diff["mean"] == pytest.approx(
        sum(t.final_rungs["IND-PAK"] - b.final_rungs["IND-PAK"]
            for t, b in zip(result.treated, result.baseline, strict=True)) / 6, abs=1e-4)


def test_a_treatment_must_be_pullable(afghanistan: Scenario) -> None:
    start = _played(afghanistan, 4, 0)
    with pytest.raises(ValueError, match="unknown lever"):
        forecast(afghanistan, start, runs=2, game_seed=1, levers=("no_such_lever",))
    in_force = replace(start, levers={"release_funds": 1})
    with pytest.raises(ValueError, match="already in force"):
        forecast(afghanistan, in_force, runs=2, game_seed=1, levers=("release_funds",))


def test_cancel_through_the_progress_callback_stops_early(tutorial: Scenario) -> None:
    calls: list[tuple[int, int]] = []

    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if done == 3:
            raise Stop

    with pytest.raises(Stop):
        forecast(tutorial, _played(tutorial, 6, 1), runs=500, game_seed=GAME_SEED,
                 progress=progress)
    assert calls == [(1, 500), (2, 500), (3, 500)]


def test_an_ended_game_has_nothing_to_forecast(tutorial: Scenario) -> None:
    over = play_on(tutorial, new_game(tutorial, 1, 2).state, 1)
    assert over.ended
    with pytest.raises(ValueError, match=r"the game has ended.*nothing left to forecast"):
        forecast(tutorial, over, runs=5, game_seed=1)


def _game(seed: int, rung: int, peak: int, risk: float) -> GameSummary:
    zero = {"RED": 0.0, "BLUE": 0.0, "UN": 0.0}
    return GameSummary(seed, {"RED-BLUE": rung}, {"RED-BLUE": peak}, {"risk": risk}, zero, zero)


def test_the_summary_by_hand() -> None:
    minimal = load_scenario(ROOT / "tests" / "scenarios" / "minimal.yaml")
    start = initial_state(minimal, 4)  # RED-BLUE at rung 1, risk 1
    baseline = (_game(1, 4, 5, 2.0), _game(2, 5, 5, 3.0), _game(3, 5, 6, 4.0),
                _game(4, 6, 6, 3.0))
    treated = (_game(1, 4, 4, 1.0), _game(2, 4, 5, 2.0), _game(3, 5, 5, 3.0),
               _game(4, 6, 6, 2.0))
    summary = summarise_forecast(minimal, Forecast(start, (1, 2, 3, 4), ("mediation",),
                                                   baseline, treated))
    riv = summary["rivalries"]["RED-BLUE"]
    assert riv["current_rung"] == 1
    assert riv["mean_final_rung"] == 5.0  # (4 + 5 + 5 + 6) / 4
    assert riv["final_at_least_5_share"] == 0.75  # 5, 5, 6
    assert riv["peak_at_least_5_share"] == 1.0
    assert riv["final_rung_shares"] == {"4": 0.25, "5": 0.5, "6": 0.25}
    # paired: seed 2 drops from 5 to 4, the others stay
    assert riv["difference"]["final_at_least_5_share"]["mean"] == -0.25
    assert riv["difference"]["mean_final_rung"]["mean"] == -0.25
    risk = summary["indicators"]["risk"]
    assert risk["current"] == 1.0
    assert risk["final"]["mean"] == 3.0
    assert risk["difference"] == {"mean": -1.0, "sd": 0.0, "ci95_low": -1.0, "ci95_high": -1.0}
    assert summary["start_turn"] == 1 and summary["last_turn"] == 4 and summary["runs"] == 4
    untreated = summarise_forecast(minimal, Forecast(start, (1, 2, 3, 4), (), baseline))
    assert untreated["rivalries"]["RED-BLUE"]["difference"] is None
    assert untreated["indicators"]["risk"]["difference"] is None


def test_a_forecast_on_worker_processes_gives_the_one_process_forecast(
        tutorial: Scenario) -> None:
    """The state a forecast continues is handed to the workers (a frozen state pickles
    by way of its draft): jobs=2 gives the continuations of jobs=1."""
    import pickle

    state = _played(tutorial, 6, 2)
    back = pickle.loads(pickle.dumps(state))
    assert back == state and back.canonical_json() == state.canonical_json()
    one = forecast(tutorial, state, runs=6, game_seed=GAME_SEED, levers=())
    two = forecast(tutorial, state, runs=6, game_seed=GAME_SEED, levers=(), jobs=2)
    assert two.baseline == one.baseline
