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
