"""The engine's fast paths give exactly what the plain paths give.

* ``record=False`` (batches, forecasts, rollouts) leaves the log out and nothing else:
  every state of a game is the one the logged game reaches.
* :meth:`Draft.refresh` (the next turn opens on the draft that resolved the last one)
  is what freezing and thawing the draft would give.
* The doctrine scores only the orders it may pick, and formats reasons only for the
  picked ones: its sheets are those of scoring and ranking every legal order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.ai.doctrine import HOLD_FLOOR, choose_orders, score_order
from wargame.engine import new_game, resolve_turn
from wargame.orders import OrderSheet, Signal
from wargame.rules.legality import legal_orders, rivalry_for
from wargame.runner import doctrine, run_game
from wargame.scenario import models as m
from wargame.scenario.loader import load_scenario
from wargame.state import Draft, GameState

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["tutorial", "afghanistan-2022"])
def scenario(request: pytest.FixtureRequest) -> m.Scenario:
    return load_scenario(ROOT / "scenarios" / f"{request.param}.yaml")


def _states(scenario: m.Scenario, seed: int, record: bool) -> list[GameState]:
    actors = [a.id for a in scenario.actors if a.playable]
    opened = new_game(scenario, seed, 6, record=record)
    assert bool(opened.entries) == record
    states = [opened.state]
    while not states[-1].ended:
        state = states[-1]
        sheets = {a: choose_orders(scenario, state, a, seed) for a in actors}
        result = resolve_turn(scenario, state, sheets, {}, seed, record=record)
        assert bool(result.entries) == record
        states.append(result.state)
    return states


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_game_without_its_log_reaches_the_same_states(scenario: m.Scenario,
                                                        seed: int) -> None:
    logged = [s.canonical_json() for s in _states(scenario, seed, True)]
    quiet = [s.canonical_json() for s in _states(scenario, seed, False)]
    assert quiet == logged


def test_the_runner_plays_the_logged_game(scenario: m.Scenario) -> None:
    """run_game keeps no log; its final state is the logged game's."""
    logged = _states(scenario, 4, True)[-1]
    assert run_game(scenario, 4, 6, policy=doctrine).final.canonical_json() == \
        logged.canonical_json()


def _typed(draft: Draft) -> list[tuple[str, str, type]]:
    """Every number of the draft that a frozen state keeps as a float, with its type."""
    found = [(a, k, type(v)) for a, vs in draft.variables.items() for k, v in vs.items()]
    found += [(r, k, type(v)) for r, rs in draft.rivalries.items() for k, v in rs.tension.items()]
    found += [(r, "pressure", type(rs.pressure)) for r, rs in draft.rivalries.items()]
    found += [(r, "grievance", type(rs.grievance)) for r, rs in draft.rivalries.items()]
    found += [("indicator", k, type(v)) for k, v in draft.indicators.items()]
    return found


def test_refresh_is_freeze_then_thaw(scenario: m.Scenario) -> None:
    state = _states(scenario, 5, False)[2]
    draft = state.thaw()
    # What rules may leave behind in a draft: ints where the frozen state keeps floats,
    # the marks of a rung change, sets grown and shrunk.
    actor = next(iter(draft.variables))
    draft.variables[actor][next(iter(draft.variables[actor]))] = 3
    rivalry = next(iter(draft.rivalries.values()))
    rivalry.tension[next(iter(rivalry.tension))] = 2
    rivalry.pressure, rivalry.grievance = 1, 0
    rivalry.set_rung(rivalry.rung + 1, public=False)
    rivalry.jumped = True
    if draft.indicators:
        draft.indicators[next(iter(draft.indicators))] = 1
    draft.flags |= {f"flag{i}" for i in range(40)}
    draft.flags -= {f"flag{i}" for i in range(0, 40, 3)}
    expected: Draft = draft.freeze().thaw()
    draft.refresh()
    assert draft == expected
    assert list(draft.flags) == list(expected.flags)
    assert _typed(draft) == _typed(expected)
    assert all(t is float for *_, t in _typed(draft))


def _sheet_scoring_everything(scenario: m.Scenario, state: GameState, actor: str, seed: int,
                              allow_levers: bool) -> OrderSheet:
    """choose_orders as it reads without its shortcut: every legal order scored by
    score_order and ranked, holds and (when not allowed) levers skipped while picking."""
    choices = sorted((score_order(scenario, state, o, seed)
                      for o in legal_orders(scenario, state, actor)),
                     key=lambda c: (-c.score, c.order.move, c.order.target or ""))
    budget = state.variables[actor].get("resources", float("inf"))
    picked, used = [], set()
    for choice in choices:
        if len(picked) >= scenario.metadata.orders_per_turn or choice.score < HOLD_FLOOR:
            break
        move = scenario.move(choice.order.move)
        if move.category == m.Category.STATUS_QUO or (move.lever and not allow_levers):
            continue
        riv = rivalry_for(scenario, actor, choice.order.target)
        key = riv.id if riv else f"lever:{move.id}"
        if key in used or move.cost.resources > budget + 1e-9:
            continue
        budget -= move.cost.resources
        used.add(key)
        picked.append(choice)
    signals = []
    for choice in picked:
        move = scenario.move(choice.order.move)
        if move.category == m.Category.DE_ESCALATION and choice.order.target:
            riv = rivalry_for(scenario, actor, choice.order.target)
            seen = state.perceived.get(actor, {}).get(riv.id, 0) if riv else 0
            signals.append(Signal(actor, choice.order.target, max(0, seen - 1), True, 0.0,
                                  "we seek to lower tensions"))
    reasons = tuple(c.reason for c in picked) or ("nothing worth the risk this turn: holds",)
    return OrderSheet(actor, tuple(c.order for c in picked), tuple(signals[:1]), reasons)


@pytest.mark.parametrize("allow_levers", [True, False])
def test_choose_orders_picks_what_scoring_every_order_picks(scenario: m.Scenario,
                                                            allow_levers: bool) -> None:
    """Orders that can never be picked (holds, levers when not allowed) are not scored;
    the sheet, its reasons and its signal are those of ranking every legal order."""
    for seed in (6, 7):
        for state in _states(scenario, seed, False)[:-1]:
            for actor in (a.id for a in scenario.actors if a.playable):
                assert choose_orders(scenario, state, actor, seed,
                                     allow_levers=allow_levers) == \
                    _sheet_scoring_everything(scenario, state, actor, seed, allow_levers)
