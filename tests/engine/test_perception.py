"""Attribution, belief updates and misread rungs against hand-computed numbers."""

from __future__ import annotations

import pytest

from tests.engine.conftest import make_ctx
from wargame.rules.conditions import bayes_update
from wargame.rules.perception import attribution_probability, misread_probability
from wargame.scenario.models import Scenario
from wargame.state import GameState


def test_attribution_probability(tutorial: Scenario) -> None:
    offensive = tutorial.move("ttp_offensive")
    # 1 - 0.4 (difficulty) + 0.15 (PAK intel) - 0.5 * 0.6 (TTP's patron link deniability) = 0.45
    assert attribution_probability(tutorial, offensive, "TTP", "PAK") == pytest.approx(0.45)
    # India's intel is 0.2: 0.5
    assert attribution_probability(tutorial, offensive, "TTP", "IND") == pytest.approx(0.50)


@pytest.mark.parametrize(
    ("prior", "lr", "posterior"),
    [(0.5, 3.0, 0.75), (0.5, 0.5, 1 / 3), (0.2, 4.0, 0.5), (0.9, 9.0, 0.987805)],
)
def test_belief_update(prior: float, lr: float, posterior: float) -> None:
    assert bayes_update(prior, lr) == pytest.approx(posterior, abs=1e-6)


def test_belief_update_is_clamped() -> None:
    assert bayes_update(0.99, 20) == 0.99
    assert bayes_update(0.01, 0.05) == 0.01


def test_misread_probability(tutorial: Scenario, start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    ind_pak = tutorial.rivalry("IND-PAK")
    assert misread_probability(ctx, ind_pak, "PAK") == pytest.approx(1 / 6)
    ctx.draft.rivalries["IND-PAK"].jumped = True
    assert misread_probability(ctx, ind_pak, "PAK") == pytest.approx(2 / 6)
    # India signalled rung 0 toward Pakistan, then escalated to the current rung 1.
    ctx.draft.signals["IND"] = {"PAK": 0}
    ctx.escalators["IND-PAK"] = {"IND"}
    assert misread_probability(ctx, ind_pak, "PAK") == pytest.approx(3 / 6)
    ctx.draft.rivalries["IND-PAK"].channel = True  # a hotline cuts one sixth
    assert misread_probability(ctx, ind_pak, "PAK") == pytest.approx(2 / 6)


def test_only_those_concerned_update_their_suspicion(tutorial: Scenario, start: GameState) -> None:
    from wargame.orders import Order, OrderSheet
    from wargame.rules.adjudication import adjudicate
    from wargame.rules.context import Sighting
    from wargame.rules.perception import concern

    sheets = {"IND": OrderSheet("IND", (Order("IND", "demarche", "PAK"),))}
    (adj,) = adjudicate(tutorial, start, sheets, {}, seed=1)
    seen = Sighting(adj, "IND", "PAK", "IND-PAK", tutorial.move("demarche"))
    assert concern(tutorial, seen, "PAK") == 1.0   # the target
    assert concern(tutorial, seen, "TAL") == 0.0   # a bystander
    assert concern(tutorial, seen, "TTP") == 0.0
