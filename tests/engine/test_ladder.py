"""Ladder rules through whole turns: climbs, sticky thresholds, reciprocated de-escalation."""

from __future__ import annotations

from dataclasses import replace

from wargame.engine import resolve_turn
from wargame.log import Kind
from wargame.orders import Order, OrderSheet, Outcome, Ruling, RulingKind
from wargame.payloads import RungMoved, TurnEnded
from wargame.scenario.models import Scenario
from wargame.state import GameState


def _force(key: str, outcome: Outcome = Outcome.SUCCESS) -> tuple[Ruling, ...]:
    return (Ruling(key, RulingKind.OVERRIDE, "test: force the outcome", outcome),)


def _with_rung(state: GameState, rivalry: str, rung: int) -> GameState:
    """The state with a rivalry on ``rung``, its tension mid-band so drift leaves it there."""
    draft = state.thaw()
    riv = draft.rivalries[rivalry]
    riv.rung = riv.public_rung = rung
    riv.tension = {side: 10.0 * rung for side in riv.tension}
    for seen in draft.perceived.values():
        seen[rivalry] = rung
    return draft.freeze()


def test_successful_move_raises_the_rung_to_its_tag(tutorial: Scenario, start: GameState) -> None:
    sheets = {"IND": OrderSheet("IND", (Order("IND", "mobilise", "PAK"),))}
    state = _with_rung(start, "IND-PAK", 2)
    result = resolve_turn(tutorial, state, sheets, {"IND#0": _force("IND#0")}, seed=1)
    assert result.state.rivalries["IND-PAK"].history[-1] >= 3
    ladder = [e for e in result.entries if e.kind == Kind.LADDER and e.rivalry == "IND-PAK"]
    assert ladder and isinstance(ladder[0].payload, RungMoved)
    assert (ladder[0].payload.old, ladder[0].payload.new) == (2, 3)


def test_the_rung_follows_the_attempt_not_the_roll(tutorial: Scenario, start: GameState) -> None:
    # A failed or partial show of force is still a show of force: the rung follows the
    # move's tag; the roll decides only its effects (docs/rules.md, section 4).
    for outcome in (Outcome.PARTIAL, Outcome.FAILURE):
        sheets = {"IND": OrderSheet("IND", (Order("IND", "mobilise", "PAK"),))}
        state = _with_rung(start, "IND-PAK", 2)
        result = resolve_turn(tutorial, state, sheets, {"IND#0": _force("IND#0", outcome)},
                              seed=1)
        (moved,) = [e for e in result.entries
                    if isinstance(e.payload, RungMoved) and e.payload.key == "IND#0"]
        assert isinstance(moved.payload, RungMoved)
        assert (moved.payload.old, moved.payload.new) == (2, 3)
        assert moved.payload.outcome == outcome
        assert "decided by India" in moved.text


def test_reciprocated_deescalation_steps_down(tutorial: Scenario, start: GameState) -> None:
    state = _with_rung(start, "IND-PAK", 3)  # no threshold between 2 and 3
    sheets = {"IND": OrderSheet("IND", (Order("IND", "talks", "PAK"),)),
              "PAK": OrderSheet("PAK", (Order("PAK", "talks", "IND"),))}
    rulings = {"IND#0": _force("IND#0"), "PAK#0": _force("PAK#0")}
    result = resolve_turn(tutorial, state, sheets, rulings, seed=1)
    assert result.state.rivalries["IND-PAK"].history[-1] == 2


def test_unreciprocated_deescalation_only_lowers_tension(tutorial: Scenario,
                                                         start: GameState) -> None:
    state = _with_rung(start, "IND-PAK", 3)
    sheets = {"IND": OrderSheet("IND", (Order("IND", "talks", "PAK"),))}
    result = resolve_turn(tutorial, state, sheets, {"IND#0": _force("IND#0")}, seed=1)
    riv = result.state.rivalries["IND-PAK"]
    assert riv.history[-1] == 3
    assert riv.deescalation == {"IND": 1}  # waiting for Pakistan within the window


def test_sticky_threshold_needs_two_reciprocated_rounds(tutorial: Scenario,
                                                        start: GameState) -> None:
    # Rung 2 sits just above crisis onset (between 1 and 2): stepping down needs two rounds.
    state = _with_rung(start, "IND-PAK", 2)
    sheets = {"IND": OrderSheet("IND", (Order("IND", "talks", "PAK"),)),
              "PAK": OrderSheet("PAK", (Order("PAK", "talks", "IND"),))}
    rulings = {"IND#0": _force("IND#0"), "PAK#0": _force("PAK#0")}
    first = resolve_turn(tutorial, state, sheets, rulings, seed=1).state
    assert first.rivalries["IND-PAK"].history[-1] == 2
    assert first.rivalries["IND-PAK"].credit == 1
    second = resolve_turn(tutorial, first, sheets, rulings, seed=1).state
    assert second.rivalries["IND-PAK"].history[-1] == 1


def test_non_nuclear_dyad_is_capped_below_nuclear_rungs(tutorial: Scenario) -> None:
    from wargame.rules.legality import max_rung

    assert max_rung(tutorial, tutorial.rivalry("PAK-TAL")) == 6
    assert max_rung(tutorial, tutorial.rivalry("IND-PAK")) == 9


def test_nuclear_move_is_illegal_before_its_precondition(tutorial: Scenario,
                                                         start: GameState) -> None:
    from wargame.rules.legality import why_illegal

    problem = why_illegal(tutorial, start, Order("IND", "nuclear_alert", "PAK"))
    assert problem is not None and problem[0] == "precondition"
    later = _with_rung(start, "IND-PAK", 6)
    assert why_illegal(tutorial, later, Order("IND", "nuclear_alert", "PAK")) is None


def test_resolve_turn_is_pure(tutorial: Scenario, start: GameState) -> None:
    before = start.canonical_json()
    sheets = {"PAK": OrderSheet("PAK", (Order("PAK", "cross_border_strike", "TAL"),))}
    a = resolve_turn(tutorial, start, sheets, {}, seed=9)
    b = resolve_turn(tutorial, start, sheets, {}, seed=9)
    assert start.canonical_json() == before
    assert a.state.state_hash() == b.state.state_hash()
    assert [e.to_dict() for e in a.entries] == [e.to_dict() for e in b.entries]
    assert replace(a.state).turn == 2


def test_covert_escalation_is_not_publicly_known(tutorial: Scenario, start: GameState) -> None:
    from wargame.views import FACILITATOR, PUBLIC, actor_view, rung_seen

    draft = _with_rung(start, "PAK-TAL", 3).thaw()
    sheets = {"TTP": OrderSheet("TTP", (Order("TTP", "ttp_offensive", "PAK"),))}
    # Seed 5: no public incident (spillover, drift, loss of control) reveals it this turn.
    result = resolve_turn(tutorial, draft.freeze(), sheets, {"TTP#0": _force("TTP#0")}, seed=5)
    riv = result.state.rivalries["PAK-TAL"]
    assert (riv.rung, riv.public_rung) == (4, 3)
    assert rung_seen(FACILITATOR, result.state, "PAK-TAL") == 4
    assert rung_seen(PUBLIC, result.state, "PAK-TAL") == 3
    assert rung_seen(actor_view("IND"), result.state, "PAK-TAL") == 3  # a third party
    ends = next(e for e in result.entries if e.text == "Turn 1 ends")
    assert isinstance(ends.payload, TurnEnded) and ends.payload.rungs["PAK-TAL"] == 3
    ladder = [e for e in result.entries
              if isinstance(e.payload, RungMoved) and e.payload.key == "TTP#0"]
    assert ladder and all(e.visibility.value == "facilitator" for e in ladder)


def test_legality_follows_the_actors_picture_and_reality_decides(tutorial: Scenario,
                                                                 start: GameState) -> None:
    from wargame.rules.adjudication import adjudicate
    from wargame.rules.legality import why_illegal

    # India-Pakistan is truly at rung 6, but India reads rung 5: no nuclear alert offered.
    draft = _with_rung(start, "IND-PAK", 6).thaw()
    draft.perceived["IND"]["IND-PAK"] = 5
    assert why_illegal(tutorial, draft.freeze(), Order("IND", "nuclear_alert", "PAK"))
    # Truly at rung 5 while India reads 6: India may order it, and reality makes it fail.
    draft = _with_rung(start, "IND-PAK", 5).thaw()
    draft.perceived["IND"]["IND-PAK"] = 6
    state = draft.freeze()
    order = Order("IND", "nuclear_alert", "PAK")
    assert why_illegal(tutorial, state, order) is None
    (adj,) = adjudicate(tutorial, state, {"IND": OrderSheet("IND", (order,))}, {}, seed=3)
    assert adj.probability == 0.0 and adj.proposed == Outcome.FAILURE
    assert any("not as IND believed" in note for note in adj.notes)
