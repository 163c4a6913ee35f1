"""Partial-credit objectives and guerrilla attrition (docs/rules.md, sections 3 and 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.conftest import ROOT, make_ctx
from wargame.errors import ScenarioError
from wargame.payloads import ObjectiveMet
from wargame.rules.conditions import NO_CONTEXT, apply_effect, attrition_factor, objective_share
from wargame.rules.upkeep import scoring_phase
from wargame.scenario import models as m
from wargame.scenario.loader import parse_scenario
from wargame.scenario.models import Scenario
from wargame.state import GameState


def _objective(scenario: Scenario, objective_id: str) -> m.Objective:
    return next(o for o in scenario.objectives if o.id == objective_id)


def _graded(tutorial: Scenario, partial_from: float | None) -> Scenario:
    objectives = [o.model_copy(update={"partial_from": partial_from})
                  if o.id == "tal_survive" else o for o in tutorial.objectives]
    return tutorial.model_copy(update={"objectives": tuple(objectives)})


@pytest.mark.parametrize(("stability", "share"), [(3.0, 1.0), (4.5, 1.0), (2.0, 2 / 3),
                                                  (1.5, 0.5), (0.0, 0.0)])
def test_a_keep_objective_earns_the_share_of_its_level_kept(
        tutorial: Scenario, start: GameState, stability: float, share: float) -> None:
    graded = _graded(tutorial, 0.0)  # "Taliban stability at 3 or more", credit from 0
    draft = start.thaw()
    draft.variables["TAL"]["stability"] = stability
    assert objective_share(_objective(graded, "tal_survive"), graded, draft) == \
        pytest.approx(share)


def test_an_at_most_objective_grows_toward_its_bound(tutorial: Scenario,
                                                      start: GameState) -> None:
    objectives = [o.model_copy(update={"partial_from": 6.0}) if o.id == "ttp_pressure" else o
                  for o in tutorial.objectives]
    graded = tutorial.model_copy(update={"objectives": tuple(objectives)})
    draft = start.thaw()
    draft.variables["PAK"]["stability"] = 4.0  # bound 3, credit from 6: (6 - 4) / (6 - 3)
    assert objective_share(_objective(graded, "ttp_pressure"), graded, draft) == \
        pytest.approx(2 / 3)
    draft.variables["PAK"]["stability"] = 7.0
    assert objective_share(_objective(graded, "ttp_pressure"), graded, draft) == 0.0


def test_scoring_books_partial_points_and_says_so(tutorial: Scenario, start: GameState) -> None:
    graded = _graded(tutorial, 0.0)
    ctx = make_ctx(graded, start)
    ctx.draft.variables["TAL"]["stability"] = 1.5
    before = ctx.draft.objective_points.get("TAL", 0.0)
    scoring_phase(ctx, final=True)
    # 3 points x (1.5 / 3) = 1.5
    assert ctx.draft.objective_points["TAL"] == pytest.approx(before + 1.5)
    (entry,) = [e for e in ctx.entries if isinstance(e.payload, ObjectiveMet)
                and e.payload.objective == "tal_survive"]
    assert isinstance(entry.payload, ObjectiveMet)
    assert entry.payload.points == pytest.approx(1.5) and entry.payload.share == 0.5
    assert "partly meets (50%)" in entry.text
    # Without partial credit the same state earns nothing.
    plain = make_ctx(tutorial, start)
    plain.draft.variables["TAL"]["stability"] = 1.5
    scoring_phase(plain, final=True)
    assert not [e for e in plain.entries if isinstance(e.payload, ObjectiveMet)
                and e.payload.objective == "tal_survive"]


def _with_objective(line: str) -> str:
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    anchor = "objectives:\n"
    return text.replace(anchor, anchor + line + "\n", 1)


@pytest.mark.parametrize(("line", "says"), [
    ('  - {id: bad1, actor: PAK, description: "x", condition: {rung_at_most: {rivalry: '
     'IND-PAK, rung: 4}}, partial_from: 2}', "single bound"),
    ('  - {id: bad2, actor: PAK, description: "x", condition: {var_at_least: {actor: PAK, '
     'var: stability, value: 3}}, partial_from: 4}', "must be below the bound"),
])
def test_a_wrong_partial_from_is_a_clear_error(line: str, says: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(_with_objective(line), filename="tutorial.yaml",
                       base_dir=Path(ROOT / "scenarios"))
    assert says in str(err.value) and "objectives" in str(err.value)


def test_blows_against_a_shrunken_group_land_in_proportion(tutorial: Scenario,
                                                            start: GameState) -> None:
    ttp = tutorial.actor("TTP")
    assert ttp.kind == m.ActorKind.ARMED_GROUP
    start_cap = ttp.variables["capability"]
    assert attrition_factor(tutorial, "TTP", start_cap) == 1.0
    assert attrition_factor(tutorial, "TTP", start_cap + 1) == 1.0  # grown: whole blows
    assert attrition_factor(tutorial, "TTP", start_cap / 2) == pytest.approx(0.5)
    assert attrition_factor(tutorial, "PAK", 0.5) == 1.0  # states take blows whole
    draft = start.thaw()
    draft.variables["TTP"]["capability"] = start_cap / 2
    blow = m.AddEffect.model_validate({"add": {"actor": "TTP", "var": "capability",
                                               "value": -1}})
    apply_effect(blow, tutorial, draft, NO_CONTEXT)
    assert draft.variables["TTP"]["capability"] == pytest.approx(start_cap / 2 - 0.5)
    off = tutorial.model_copy(update={"rules": tutorial.rules.model_copy(
        update={"guerrilla_attrition": False})})
    apply_effect(blow, off, draft, NO_CONTEXT)
    assert draft.variables["TTP"]["capability"] == pytest.approx(start_cap / 2 - 1.5)
