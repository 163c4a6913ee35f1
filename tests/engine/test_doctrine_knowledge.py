"""The doctrine player decides on what its actor can know (docs/rules.md, "What computer
players know").

Which orders are open is the umpire's ruling (legality reads the whole state, as a team's
order screen does), so the test gives the doctrine its legal orders from the open state
and then lets it choose on a *guarded* state: every field its actor's view hides raises
:class:`HiddenRead` when read. The guard lets through, besides what the lookahead guard
allows, three things the rules make known to the actor, each for a stated reason:

* a rivalry's crisis record: incidents, mediation and a crisis's end are announced
  publicly (``Scope.MEDIATION`` is public in :mod:`wargame.views`);
* the actor's own entry of a rivalry's tension: Richardson hostility is the actor's own
  disposition toward its rival;
* the suspicions of a broker mediating on one of the actor's rivalries: the broker makes
  plain whom it presses hardest (brokered bargaining, Yusuf 2018);
* the variables of a rival it is at war with (it perceives rung 7 or more): fighting
  reveals the balance to both sides (Wagner 2000; Slantchev 2003).

Flags pass only where the actor sees them raised however they are raised
(:func:`wargame.scenario.knowledge.flag_witnesses`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import pytest

from tests.engine.test_lookahead import (
    PUBLIC_RIVALRY,
    SIDES_ONLY,
    HiddenRead,
    _Events,
    _Forbidden,
    _game_at,
    _Guarded,
    afghanistan,
)
from wargame.ai.doctrine import choose_orders
from wargame.rules.crisis import mediator
from wargame.rules.legality import legal_orders
from wargame.rules.rungs import fixed_rungs
from wargame.scenario.knowledge import flag_witnesses, unseen_raisings
from wargame.scenario.models import Scenario
from wargame.state import GameState, RivalryState

__all__ = ["afghanistan"]  # the module fixture, shared with the lookahead tests


class _RivalryAsKnown:
    def __init__(self, rid: str, real: RivalryState, actor: str, mine: bool) -> None:
        self._rid, self._real, self._actor, self._mine = rid, real, actor, mine

    def __getattr__(self, attr: str) -> Any:
        if attr in PUBLIC_RIVALRY or attr == "crisis" or (self._mine and attr in SIDES_ONLY):
            return getattr(self._real, attr)
        if attr == "tension":
            return _Guarded(f"rivalries[{self._rid!r}].tension", self._real.tension,
                            {self._actor})
        raise HiddenRead(f"rivalries[{self._rid!r}].{attr}")


def known_flags(scenario: Scenario, actor: str) -> set[str]:
    witnesses = flag_witnesses(scenario)
    return {flag for flag in witnesses if not unseen_raisings(witnesses, flag, actor)}


def as_known(scenario: Scenario, state: GameState, actor: str) -> GameState:
    """``state`` as ``actor`` may know it: reading anything else raises."""
    me = {actor}
    own = {r.id for r in scenario.rivalries_of(actor)}
    brokers = {b for rid in own if (b := mediator(state, rid)) is not None}
    at_war = {side for r in scenario.rivalries_of(actor)
              if state.perceived[actor].get(r.id, 0) >= fixed_rungs(scenario, r).nuclear_signalling
              for side in r.sides if side != actor}
    visible = {e.id for e in scenario.events if e.audience == "public" or actor in e.audience}

    def toward_me(sender: str, real: Any) -> _Guarded:
        return _Guarded(f"signals[{sender!r}]", real, me)

    return replace(
        state,
        variables=_Guarded("variables", state.variables, me | at_war),
        beliefs=_Guarded("beliefs", state.beliefs, me | brokers),
        perceived=_Guarded("perceived", state.perceived, me),
        objective_points=_Guarded("objective_points", state.objective_points, me),
        signals=_Guarded("signals", state.signals, me, inner=toward_me),
        rivalries=MappingProxyType({  # type: ignore[arg-type]
            rid: _RivalryAsKnown(rid, riv, actor, rid in own)
            for rid, riv in state.rivalries.items()}),
        flags=_Events(state.flags, known_flags(scenario, actor), "flags"),  # type: ignore[arg-type]
        control=_Forbidden("control"),  # type: ignore[arg-type]
        fired_events=_Events(state.fired_events, visible),  # type: ignore[arg-type]
        active_effects=_Forbidden("active_effects"),  # type: ignore[arg-type]
        escalation_scores=_Forbidden("escalation_scores"))  # type: ignore[arg-type]


def _cases(scenario: Scenario) -> Iterator[tuple[GameState, str, int]]:
    for seed in range(1, 7):
        for played in (0, 3, 6, 9):
            state = _game_at(scenario, seed, played)
            for actor in scenario.actors:
                if actor.playable:
                    yield state, actor.id, seed


def test_doctrine_decides_on_what_its_actor_can_know(afghanistan: Scenario) -> None:
    decisions = 0
    for state, actor, seed in _cases(afghanistan):
        legal = tuple(legal_orders(afghanistan, state, actor))
        guarded = as_known(afghanistan, state, actor)
        for levers in (True, False):
            open_state = choose_orders(afghanistan, state, actor, seed, allow_levers=levers)
            assert choose_orders(afghanistan, guarded, actor, seed, allow_levers=levers,
                                 legal=legal) == open_state, (actor, state.turn)
            decisions += 1
    assert decisions == 6 * 4 * 2 * sum(a.playable for a in afghanistan.actors)


def test_the_knowledge_guard_refuses_what_the_view_hides(afghanistan: Scenario) -> None:
    """The test above could pass with a guard that lets everything through: this one shows
    it does not."""
    state = _game_at(afghanistan, 2, 3)
    guarded = as_known(afghanistan, state, "PAK")
    with pytest.raises(HiddenRead):
        _ = guarded.variables["TTP"]
    with pytest.raises(HiddenRead):
        _ = guarded.rivalries["IND-PAK"].tension["IND"]
    with pytest.raises(HiddenRead):
        _ = guarded.rivalries["IND-PAK"].rung
    with pytest.raises(HiddenRead):
        _ = guarded.beliefs["IND"]
    assert guarded.rivalries["IND-PAK"].tension.get("PAK", 0.0) == \
        state.rivalries["IND-PAK"].tension.get("PAK", 0.0)
    assert "india_ct" in known_flags(afghanistan, "PAK")  # a public move raises it
    assert "mass_casualty_attack" in known_flags(afghanistan, "IND")  # IND is the target
    assert "mass_casualty_attack" not in known_flags(afghanistan, "USA")  # covert, not aimed


def test_every_red_line_of_the_default_scenario_reads_what_its_actor_can_see(
        afghanistan: Scenario) -> None:
    from wargame.scenario.knowledge import hidden_reads
    from wargame.scenario.models import RedLine

    lines = [(a.id, line) for a in afghanistan.actors for line in a.doctrine.red_lines
             if isinstance(line, RedLine)]
    assert len(lines) >= 10
    assert all(hidden_reads(afghanistan, line.when, actor) == [] for actor, line in lines)
