"""The bundled tutorial scenario loads and says what the tutorial text relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.scenario import models as m
from wargame.scenario.loader import bundled_paths, load_scenario

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
THEATRE = ROOT / "scenarios" / "maps" / "theatre.json"


@pytest.fixture(scope="module")
def tutorial() -> m.Scenario:
    return load_scenario(TUTORIAL)


def test_tutorial_is_bundled() -> None:
    assert TUTORIAL.resolve() in [p.resolve() for p in bundled_paths()]


def test_metadata(tutorial: m.Scenario) -> None:
    meta = tutorial.metadata
    assert meta.id == "tutorial"
    assert meta.start_date.isoformat() == "2022-08-15"
    assert (meta.days_per_turn, meta.default_turns, meta.orders_per_turn) == (14, 6, 1)
    assert {s.id for s in meta.sources} == {"essay", "EM"}


def test_four_actors_two_rivalries(tutorial: m.Scenario) -> None:
    assert [a.id for a in tutorial.actors] == ["PAK", "IND", "TAL", "TTP"]
    assert [r.id for r in tutorial.rivalries] == ["IND-PAK", "PAK-TAL"]
    assert tutorial.rivalry_between("PAK", "IND") is tutorial.rivalry("IND-PAK")
    assert tutorial.rivalry_between("IND", "TAL") is None
    assert {a.id for a in tutorial.actors if a.nuclear} == {"PAK", "IND"}
    assert tutorial.actor("TTP").kind is m.ActorKind.ARMED_GROUP
    assert tutorial.actor("TAL").kind is m.ActorKind.DE_FACTO_GOVERNMENT


def test_every_actor_has_every_variable_in_range(tutorial: m.Scenario) -> None:
    names = {v.id for v in tutorial.variables}
    assert names == {"capability", "resources", "stability", "prestige"}
    for actor in tutorial.actors:
        assert set(actor.variables) == names, actor.id
        for var, value in actor.variables.items():
            vdef = tutorial.variable(var)
            assert vdef.min <= value <= vdef.max


def test_ladder_has_ten_rungs_and_ordered_thresholds(tutorial: m.Scenario) -> None:
    [ladder] = tutorial.ladders
    assert [r.rung for r in ladder.rungs] == list(range(10))
    assert ladder.rungs[7].name == "Nuclear signalling"
    belows = [t.below for t in ladder.thresholds]
    assert belows == sorted(belows) and belows[-1] < 9


def test_rivalries_start_within_their_caps(tutorial: m.Scenario) -> None:
    for rivalry in tutorial.rivalries:
        assert 0 <= rivalry.start_rung <= rivalry.cap <= 9
    pak_tal = tutorial.rivalry("PAK-TAL")
    assert pak_tal.cap == 6 and pak_tal.start_rung == 2
    assert tutorial.rung_name("PAK-TAL", 4) == "TTP attacks from Afghan sanctuary"
    assert tutorial.rung_name("IND-PAK", 4) == "Proxy and harassing violence"
    [link] = tutorial.linkages
    assert (link.a, link.b, link.weight) == ("PAK-TAL", "IND-PAK", 0.25)


def test_relationships(tutorial: m.Scenario) -> None:
    kinds = {type(r) for r in tutorial.relationships}
    assert kinds == {m.Sanctuary, m.PatronProxy}


def test_every_actor_can_move_and_hold(tutorial: m.Scenario) -> None:
    for actor in tutorial.actors:
        assert any(actor.id in mv.actors for mv in tutorial.moves), actor.id
    hold = tutorial.move("hold")
    assert set(hold.actors) == {a.id for a in tutorial.actors}
    assert hold.rung == 0 and hold.category is m.Category.STATUS_QUO


def test_moves_span_the_ladder_and_categories(tutorial: m.Scenario) -> None:
    assert {mv.rung for mv in tutorial.moves} >= {0, 1, 2, 3, 4, 5, 7}
    assert {mv.category for mv in tutorial.moves} >= {
        m.Category.DE_ESCALATION,
        m.Category.STATUS_QUO,
        m.Category.POSTURING,
        m.Category.NON_VIOLENT,
        m.Category.VIOLENT,
    }
    offensive = tutorial.move("ttp_offensive")
    assert offensive.visibility is m.Visibility.COVERT and offensive.attribution_difficulty == 0.4
    assert isinstance(tutorial.move("nuclear_alert").requires, m.RungAtLeast)


def test_events_and_objectives(tutorial: m.Scenario) -> None:
    assert isinstance(tutorial.event("spring_offensive").trigger, m.TurnTrigger)
    floods = tutorial.event("floods").trigger
    assert isinstance(floods, m.ChanceTrigger) and floods.chance == 0.15
    assert {o.actor for o in tutorial.objectives} == {a.id for a in tutorial.actors}


def test_indicators(tutorial: m.Scenario) -> None:
    assert tutorial.indicator("nuclear_risk").better == "lower"
    assert tutorial.indicator("humanitarian").better == "higher"


def test_map_regions_come_from_the_regions_file(tutorial: m.Scenario) -> None:
    theatre = json.loads(THEATRE.read_text(encoding="utf-8"))
    layer = tutorial.map
    assert layer.regions_file is None  # inlined while loading
    assert [r.id for r in layer.regions] == [r["id"] for r in theatre["regions"]]
    frame = theatre["frame"]
    assert layer.frame == (frame["lon_min"], frame["lat_min"], frame["lon_max"], frame["lat_max"])
    assert {mk.id for mk in layer.markers} >= {"kabul", "islamabad", "new_delhi"}
    for marker in layer.markers:
        for actor in marker.actors:
            assert tutorial.has("actor", actor)


def test_actor_locations_inside_the_map_frame(tutorial: m.Scenario) -> None:
    assert tutorial.map.frame is not None
    lon_min, lat_min, lon_max, lat_max = tutorial.map.frame
    for actor in tutorial.actors:
        assert actor.location is not None, actor.id
        lon, lat = actor.location
        assert lon_min <= lon <= lon_max and lat_min <= lat <= lat_max, actor.id
