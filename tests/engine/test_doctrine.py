"""Computer players: legal, explained choices on the perceived picture; red lines bite."""

from __future__ import annotations

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
    draft = start.thaw()
    draft.rivalries["IND-PAK"].rung = 5
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
