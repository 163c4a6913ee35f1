"""Perception's per-scenario indexes pick the same observers as visiting every actor."""

from __future__ import annotations

from pathlib import Path

from tests.engine.conftest import make_ctx
from wargame.orders import Order, Outcome
from wargame.rules.adjudication import Adjudication
from wargame.rules.context import Sighting
from wargame.rules.perception import _concerned_observers, _observers, concern
from wargame.scenario.loader import load_scenario
from wargame.state import initial_state

ROOT = Path(__file__).resolve().parents[2]


def test_concerned_observers_are_the_observers_with_a_concern() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "afghanistan-2022.yaml")
    ctx = make_ctx(scenario, initial_state(scenario))
    ids = [a.id for a in scenario.actors]
    checked = 0
    for move in scenario.moves:
        for actor in move.actors:
            for target in (None, *ids):
                order = Order(actor, move.id, target)
                adj = Adjudication(key=f"{actor}#0", order=order, move=move.id, rivalry=None,
                                   from_rung=0, jump=False, thresholds=(), base=0.5, factors=(),
                                   capability_term=0.0, probability=0.5, roll=0.5,
                                   outcome=Outcome.SUCCESS, proposed=Outcome.SUCCESS)
                s = Sighting(adj, actor, target, None, move)
                expected = [o for o in _observers(ctx, s) if concern(scenario, s, o) > 0]
                assert list(_concerned_observers(ctx, s)) == expected, (move.id, actor, target)
                checked += 1
    assert checked > 1000
