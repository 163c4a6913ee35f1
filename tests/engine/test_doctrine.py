"""Computer players: legal, explained choices on the perceived picture; red lines bite."""

from __future__ import annotations

from dataclasses import replace

import pytest

from wargame.ai.doctrine import choose_orders, red_lines_crossed, score_order
from wargame.orders import Order
from wargame.rules.legality import check_sheet
from wargame.scenario import models as m
from wargame.scenario.models import Scenario
from wargame.state import GameState


def test_choices_are_legal_and_explained(tutorial: Scenario, start: GameState) -> None:
    for actor in ("IND", "PAK", "TAL", "TTP"):
        sheet = choose_orders(tutorial, start, actor, seed=4)
        check_sheet(tutorial, start, sheet)
        assert sheet.reasons and len(sheet.orders) <= tutorial.metadata.orders_per_turn


def test_choices_use_the_perceived_rung(tutorial: Scenario, start: GameState) -> None:
    order = Order("PAK", "punitive_strike", "IND")
    calm = score_order(tutorial, start, order, seed=1)
    draft = start.thaw()
    draft.perceived["PAK"]["IND-PAK"] = 4  # Pakistan misreads a crisis; the true rung is 1
    worried = score_order(tutorial, draft.freeze(), order, seed=1)
    assert worried.score > calm.score
    assert "seen at rung 4" in worried.reason


def test_red_line_makes_the_offender_hostile(tutorial: Scenario, start: GameState) -> None:
    line = m.RedLine(text="Indian strikes", by="IND",
                     when=m.RungAtLeast(rung_at_least=m.RungBound(rivalry="IND-PAK", rung=5)))
    pak = tutorial.actor("PAK")
    doctrine = pak.doctrine.model_copy(update={"red_lines": (line,)})
    actors = tuple(a.model_copy(update={"doctrine": doctrine}) if a.id == "PAK" else a
                   for a in tutorial.actors)
    scenario = tutorial.model_copy(update={"actors": actors})
    assert red_lines_crossed(scenario, start, "PAK") == set()
    # The line is judged on Pakistan's picture: a true climb to 5 it has not noticed
    # crosses nothing; once it sees rung 5 (rightly or by misreading 4) the line is crossed.
    draft = start.thaw()
    draft.rivalries["IND-PAK"].rung = 5
    assert red_lines_crossed(scenario, draft.freeze(), "PAK") == set()
    draft.perceived["PAK"]["IND-PAK"] = 5
    assert red_lines_crossed(scenario, draft.freeze(), "PAK") == {"IND"}
    draft.rivalries["IND-PAK"].rung = 4
    assert red_lines_crossed(scenario, draft.freeze(), "PAK") == {"IND"}


def test_an_open_offer_to_de_escalate_is_worth_answering(tutorial: Scenario,
                                                          start: GameState) -> None:
    """GRIT / tit-for-tat: India's pending offer raises the worth of Pakistan's talks by
    0.5 x trust + 0.3 x restraint; an expired offer or Pakistan's own offer do not."""
    order = Order("PAK", "talks", "IND")
    window = tutorial.rules.deescalation_window
    plain = score_order(tutorial, start, order, seed=3)

    def with_offer(by: str, turn: int) -> float:
        draft = start.thaw()
        draft.rivalries["IND-PAK"].deescalation[by] = turn
        choice = score_order(tutorial, draft.freeze(), order, seed=3)
        if by == "IND" and start.turn - turn <= window:
            assert "answering IND's offer to de-escalate" in choice.reason
        return choice.score

    trust = 1 - start.belief("PAK", "IND")
    restraint = tutorial.actor("PAK").doctrine.restraint
    expected = 0.5 * trust + 0.3 * restraint
    assert abs(with_offer("IND", start.turn - 1) - plain.score - expected) < 1e-9
    assert with_offer("IND", start.turn - window - 1) == plain.score  # the offer lapsed
    assert with_offer("PAK", start.turn - 1) == plain.score  # one's own offer is no answer
    escalate = Order("PAK", "punitive_strike", "IND")
    draft = start.thaw()
    draft.rivalries["IND-PAK"].deescalation["IND"] = start.turn - 1
    assert score_order(tutorial, draft.freeze(), escalate, seed=3).score == \
        score_order(tutorial, start, escalate, seed=3).score


def _mediated(tutorial: Scenario, start: GameState, *, rung: int):  # type: ignore[no-untyped-def]
    """India-Pakistan at ``rung`` seen by both, with Kabul mediating; Kabul suspects
    Pakistan more than India."""
    from wargame.rules import crisis

    draft = start.thaw()
    riv = draft.rivalries["IND-PAK"]
    crisis.touch_crisis(draft, "IND-PAK", riv.rung, "a climb")
    riv.set_rung(rung, public=True)
    for side in ("IND", "PAK"):
        draft.perceived[side]["IND-PAK"] = rung
        draft.beliefs[side]["TAL"] = 0.2
    draft.beliefs["TAL"]["PAK"], draft.beliefs["TAL"]["IND"] = 0.5, 0.3
    crisis.add_mediation(tutorial, draft, tutorial.rivalry("IND-PAK"), "TAL", 3, "envoy")
    return draft


def test_the_mediator_leans_on_the_side_it_blames(tutorial: Scenario, start: GameState) -> None:
    from wargame.ai import doctrine

    draft = _mediated(tutorial, start, rung=5)
    # Same suspicion of the rival on both sides, so the two scores differ only by the lean
    # (and the noise, taken out by comparing with the unmediated scores).
    draft.beliefs["IND"]["PAK"] = draft.beliefs["PAK"]["IND"] = 0.8
    mediated = draft.freeze()
    plain_draft = mediated.thaw()
    plain_draft.rivalries["IND-PAK"].crisis = None
    plain = plain_draft.freeze()

    def gain(actor: str, target: str) -> float:
        order = Order(actor, "talks", target)
        return score_order(tutorial, mediated, order, 3).score - \
            score_order(tutorial, plain, order, 3).score

    assert gain("IND", "PAK") == pytest.approx(doctrine.MEDIATION_PULL)
    assert gain("PAK", "IND") == pytest.approx(doctrine.MEDIATION_PULL + doctrine.MEDIATOR_LEAN)


def test_a_reprisal_needs_a_provocation(tutorial: Scenario, start: GameState) -> None:
    """Striking again at the rung already reached carries the reluctance to use force
    unless there is a blow to answer: 0.35 x restraint x 3."""
    from wargame.rules import crisis

    draft = start.thaw()
    draft.rivalries["IND-PAK"].set_rung(5, public=True)
    draft.perceived["IND"]["IND-PAK"] = 5
    calm = draft.freeze()
    crisis.add_incident(tutorial, draft, tutorial.rivalry("IND-PAK"), "attack", 1, ("IND",),
                        {"IND": "PAK"}, "a raid")
    draft.incidents[-1] = replace(draft.incidents[-1], due=draft.turn)
    provoked = draft.freeze()
    order = Order("IND", "punitive_strike", "PAK")
    unprovoked_score = score_order(tutorial, calm, order, 3).score
    provoked_score = score_order(tutorial, provoked, order, 3).score
    restraint = tutorial.actor("IND").doctrine.restraint
    from wargame.ai.doctrine import INCIDENT_PULL, effective_resolve

    resolve = effective_resolve(tutorial, provoked, "IND")
    # Answering in proportion (rung 5 >= seen 5 + severity 1 - 1) adds INCIDENT_PULL x 1 x
    # resolve; compared at equal tension (the incident's own tension is taken out).
    expected = 0.35 * restraint * 3 + INCIDENT_PULL * resolve
    calm_tension = replace(provoked.rivalries["IND-PAK"],
                           tension=calm.rivalries["IND-PAK"].tension)
    same_tension = replace(provoked, rivalries={**provoked.rivalries, "IND-PAK": calm_tension})
    assert score_order(tutorial, same_tension, order, 3).score - unprovoked_score == \
        pytest.approx(expected, abs=1e-9)
    assert provoked_score > unprovoked_score


@pytest.mark.parametrize(("rung", "move", "cost"), [(2, "mobilise", 0.0),
                                                    (4, "punitive_strike", 0.3)])
def test_the_mediator_holds_back_force_not_a_show_of_force(
        tutorial: Scenario, start: GameState, rung: int, move: str, cost: float) -> None:
    mediated = _mediated(tutorial, start, rung=rung).freeze()
    plain_draft = mediated.thaw()
    plain_draft.rivalries["IND-PAK"].crisis = None
    order = Order("IND", move, "PAK")
    # Mobilising (rung 3) under a broker costs nothing extra; a strike into overt force
    # (rung 5) costs the restraint of 0.3.
    assert score_order(tutorial, mediated, order, 3).score - \
        score_order(tutorial, plain_draft.freeze(), order, 3).score == pytest.approx(-cost)
