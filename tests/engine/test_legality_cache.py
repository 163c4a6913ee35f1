"""Memoised legality gives the answers of the rules read afresh, state after state.

``why_illegal`` keeps what the scenario alone decides per (actor, move, target) and
``legal_orders`` keeps its list per state; these tests compare both against a plain,
uncached reading of the rules over the states of whole computer-played games.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.ai.doctrine import choose_orders
from wargame.engine import new_game, resolve_turn
from wargame.orders import Order
from wargame.rules.conditions import holds
from wargame.rules.legality import (
    actor_picture,
    legal_orders,
    max_rung,
    rivalry_for,
    targets_for,
    uses_this,
    why_illegal,
)
from wargame.scenario import models as m
from wargame.scenario.loader import load_scenario
from wargame.state import GameState

ROOT = Path(__file__).resolve().parents[2]


def plain_rivalry(scenario: m.Scenario, actor: str, target: str | None) -> m.Rivalry | None:
    if target is None:
        return None
    for r in scenario.rivalries:
        if set(r.sides) == {actor, target}:
            return r
    for backer in scenario.backers(actor):
        if backer != target:
            for r in scenario.rivalries:
                if set(r.sides) == {backer, target}:
                    return r
    return None


def plain_why_illegal(scenario: m.Scenario, state: GameState, order: Order
                      ) -> tuple[str, str] | None:
    """docs/rules.md "Legal orders", one rule after the other, nothing kept."""
    ids = {a.id for a in scenario.actors}
    moves = {mv.id: mv for mv in scenario.moves}
    if state.ended:
        return ("game_over", "the game has ended")
    if order.actor not in ids:
        return ("unknown_actor", f"no actor '{order.actor}' in this scenario")
    if order.move not in moves:
        return ("unknown_move", f"no move '{order.move}' in this scenario")
    move = moves[order.move]
    if order.actor not in move.actors:
        return ("not_your_move", f"{order.actor} cannot play '{move.name}'")
    if order.target is not None and order.target not in ids:
        return ("unknown_target", f"no actor '{order.target}'")
    allowed = targets_for(scenario, move, order.actor)
    if order.target not in allowed:
        wanted = ", ".join(t or "no target" for t in allowed)
        return ("bad_target", f"'{move.name}' must be aimed at: {wanted}")
    rivalry = plain_rivalry(scenario, order.actor, order.target)
    if rivalry is not None:
        if state.rivalries[rivalry.id].terminal:
            return ("rivalry_over", f"{rivalry.name} has ended in general war")
        nuclear = all(scenario.actor(s).nuclear for s in rivalry.sides)
        top = rivalry.cap if nuclear else min(rivalry.cap, 6)
        if move.rung > top:
            return ("above_cap", f"{rivalry.name} cannot go above rung {top}")
    elif order.target is not None and (move.rung > 0 or uses_this(scenario, move)):
        return ("no_rivalry", f"no rivalry links {order.actor} and {order.target}")
    from wargame.rules.conditions import Context

    ctx = Context(order.actor, order.target, rivalry.id if rivalry else None)
    if not holds(move.requires, scenario, actor_picture(state, order.actor), ctx):
        return ("precondition", f"'{move.name}' is not available yet")
    if move.lever is not None and move.lever in state.levers:
        return ("lever_active", f"lever '{move.lever}' is already on")
    if "resources" in state.variables[order.actor]:
        have = state.variables[order.actor]["resources"]
        if move.cost.resources > have + 1e-9:
            return ("cannot_afford", f"'{move.name}' costs {move.cost.resources:g} resources; "
                    f"{order.actor} has {have:g}")
    return None


def game_states(scenario: m.Scenario, seed: int) -> Iterator[GameState]:
    state = new_game(scenario, seed, scenario.metadata.default_turns).state
    actors = [a.id for a in scenario.actors if a.playable]
    while True:
        yield state
        if state.ended:
            return
        sheets = {a: choose_orders(scenario, state, a, seed) for a in actors}
        state = resolve_turn(scenario, state, sheets, {}, seed).state


@pytest.fixture(scope="module")
def default() -> m.Scenario:
    return load_scenario(ROOT / "scenarios" / "afghanistan-2022.yaml")


@pytest.mark.parametrize("seed", [3, 2022])
def test_every_order_is_judged_as_the_plain_rules_judge_it(default: m.Scenario,
                                                           seed: int) -> None:
    ids = [a.id for a in default.actors]
    checked = 0
    for state in game_states(default, seed):
        for actor in [*ids, "NOBODY"]:
            for move in [*default.moves[::3], default.moves[-1]]:
                for target in (None, *ids, "NOBODY"):
                    order = Order(actor, move.id, target)
                    assert why_illegal(default, state, order) == \
                        plain_why_illegal(default, state, order), order
                    checked += 1
            expected = [Order(actor, mv.id, t) for mv in default.moves if actor in mv.actors
                        for t in targets_for(default, mv, actor)
                        if plain_why_illegal(default, state, Order(actor, mv.id, t)) is None]
            assert list(legal_orders(default, state, actor)) == expected
    assert checked > 10_000
    for actor in ids:
        for target in (None, *ids):
            assert rivalry_for(default, actor, target) == plain_rivalry(default, actor, target)


def test_legal_orders_are_kept_per_state_and_per_scenario(default: m.Scenario) -> None:
    states = game_states(default, 5)
    first, second = next(states), next(states)
    assert list(legal_orders(default, first, "PAK")) == list(legal_orders(default, first, "PAK"))
    assert list(legal_orders(default, second, "PAK")) == [
        o for o in legal_orders(default, second, "PAK")]
    # Another scenario over the same state: its own moves, not the first one's list.
    fewer = default.model_copy(update={"moves": tuple(
        mv for mv in default.moves if mv.id != "demarche")})
    assert any(o.move == "demarche" for o in legal_orders(default, first, "PAK"))
    assert not any(o.move == "demarche" for o in legal_orders(fewer, first, "PAK"))


def test_tables_follow_a_changed_move(default: m.Scenario) -> None:
    """A move object that is not the scenario's own (a what-if edit) is judged afresh."""
    move = default.move("nuclear_signal")
    rivalry = default.rivalry_between("IND", "PAK")
    assert rivalry is not None
    capped = rivalry.model_copy(update={"cap": 3})
    assert max_rung(default, rivalry) == rivalry.cap
    assert max_rung(default, capped) == 3
    assert max_rung(default, rivalry) == rivalry.cap
    narrowed = move.model_copy(update={"targets": ("USA",)})
    assert targets_for(default, move, "RUS") != ("USA",)
    assert targets_for(default, narrowed, "RUS") == ("USA",)
    assert targets_for(default, move, "RUS") != ("USA",)
