"""Checks on the default scenario, scenarios/afghanistan-2022.yaml.

Content: every actor, rivalry and lever the essay calls for is present; every item
carries a source; the map markers sit inside the theatre frame; computer-played
games run to the end and stay within the calibration targets (loose bounds here;
docs/scenario-afghanistan.md gives the figures measured over 1,000 games).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from wargame.payloads import MoveResolved
from wargame.rules.legality import max_rung, rivalry_for, targets_for
from wargame.scenario import models as m
from wargame.scenario.loader import load_scenario
from wargame.session import Session

SCENARIO_PATH = Path(__file__).resolve().parents[2] / "scenarios" / "afghanistan-2022.yaml"

STATES = ("USA", "RUS", "CHN", "PAK", "IND", "IRN", "CAR")
GOVERNMENTS = ("TAL",)
ARMED_GROUPS = ("TTP", "ISK", "NRF", "ETIM", "KASH", "FAT")
ALL_ACTORS = {*STATES, *GOVERNMENTS, *ARMED_GROUPS, "AID", "POP"}
NUCLEAR = {"USA", "RUS", "CHN", "PAK", "IND"}
RIVALRIES = {
    "IND-PAK", "CHN-IND", "PAK-TAL", "IRN-TAL", "TAL-ISK", "TAL-NRF",
    "USA-RUS", "USA-CHN", "USA-TAL", "CAR-ISK", "CHN-ETIM", "IND-ISK",
}
LEVER_AIMS = {
    "release_funds": ("humanitarian", "up"),
    "liaison_offices": ("terrorism_threat", "down"),
    "discreet_outreach": ("terrorism_threat", "down"),
    "engage_china": ("great_power_rivalry", "down"),
    "incentives_pak_ind": ("nuclear_risk", "down"),
}
FRAME = (44.0, 18.0, 98.0, 50.0)  # lon_min, lat_min, lon_max, lat_max of maps/theatre.json


@pytest.fixture(scope="module")
def scenario() -> m.Scenario:
    return load_scenario(SCENARIO_PATH)


def _moves_of(scenario: m.Scenario, actor: str) -> list[m.Move]:
    return [mv for mv in scenario.moves if actor in mv.actors and mv.id != "hold"]


def _in_frame(lon: float, lat: float) -> bool:
    lon_min, lat_min, lon_max, lat_max = FRAME
    return lon_min <= lon <= lon_max and lat_min <= lat <= lat_max


# --------------------------------------------------------------------------- metadata


def test_metadata(scenario: m.Scenario) -> None:
    meta = scenario.metadata
    assert meta.id == "afghanistan-2022"
    assert meta.default_turns == 12
    assert meta.days_per_turn == 14
    assert meta.orders_per_turn == 2
    assert meta.start_date.isoformat() == "2022-08-15"
    assert {v.id for v in scenario.variables} == {
        "capability", "resources", "stability", "influence", "prestige"}


def test_frame_matches_the_map_file() -> None:
    regions = json.loads((SCENARIO_PATH.parent / "maps" / "theatre.json").read_text("utf-8"))
    frame = regions["frame"]
    assert (frame["lon_min"], frame["lat_min"], frame["lon_max"], frame["lat_max"]) == FRAME


# --------------------------------------------------------------------------- actors


def test_every_actor_of_the_essay_is_present(scenario: m.Scenario) -> None:
    assert {a.id for a in scenario.actors} == ALL_ACTORS


def test_actor_kinds_and_nuclear_flags(scenario: m.Scenario) -> None:
    kinds = {a.id: a.kind for a in scenario.actors}
    for aid in STATES:
        assert kinds[aid] == m.ActorKind.STATE, aid
    assert kinds["TAL"] == m.ActorKind.DE_FACTO_GOVERNMENT
    for aid in ARMED_GROUPS:
        assert kinds[aid] == m.ActorKind.ARMED_GROUP, aid
    assert kinds["AID"] == m.ActorKind.ORGANISATION
    assert kinds["POP"] == m.ActorKind.POPULATION
    assert not scenario.actor("POP").playable
    assert {a.id for a in scenario.actors if a.nuclear} == NUCLEAR


def test_actors_are_fully_described(scenario: m.Scenario) -> None:
    for actor in scenario.actors:
        assert actor.description.strip(), actor.id
        assert actor.source.strip(), actor.id
        assert actor.doctrine.summary.strip(), actor.id
        assert actor.doctrine.source.strip(), actor.id
        assert actor.location is not None, actor.id
        assert set(actor.variables) == {v.id for v in scenario.variables}, actor.id
        if actor.playable:
            assert actor.doctrine.priorities, actor.id


def test_proxies_and_sanctuaries(scenario: m.Scenario) -> None:
    proxies = {(r.patron, r.proxy): r for r in scenario.relationships if r.kind == "patron_proxy"}
    assert set(proxies) == {("PAK", "KASH"), ("IRN", "FAT"), ("TAL", "TTP")}
    assert proxies[("TAL", "TTP")].control <= 0.35  # weak control: the essay's point
    sanctuaries = {(r.host, r.group) for r in scenario.relationships if r.kind == "sanctuary"}
    assert {("TAL", "TTP"), ("TAL", "ETIM")} <= sanctuaries
    alignments = {frozenset((r.a, r.b)): r.strength for r in scenario.relationships
                  if r.kind == "alignment"}
    for pair in (("CHN", "PAK"), ("RUS", "IND"), ("USA", "IND"), ("RUS", "TAL"), ("CHN", "TAL")):
        assert frozenset(pair) in alignments, pair
    assert alignments[frozenset(("CHN", "PAK"))] >= 0.7


# --------------------------------------------------------------------------- rivalries


def test_rivalries(scenario: m.Scenario) -> None:
    ids = {r.id for r in scenario.rivalries}
    assert ids >= RIVALRIES
    assert 11 <= len(ids) <= 14
    for r in scenario.rivalries:
        assert r.ladder == "standard"
        nuclear_dyad = all(scenario.actor(s).nuclear for s in r.sides)
        if r.id in ("IND-PAK", "CHN-IND", "USA-RUS", "USA-CHN"):
            assert nuclear_dyad and r.cap == 9, r.id
        else:
            assert max_rung(scenario, r) <= 6, r.id
        assert r.start_rung <= max_rung(scenario, r)
        assert r.description.strip(), r.id
    assert scenario.rivalry("USA-RUS").background and scenario.rivalry("USA-CHN").background
    assert scenario.rivalry("IND-PAK").start_rung <= 2
    for rid in ("PAK-TAL", "IRN-TAL", "TAL-ISK", "TAL-NRF", "USA-TAL"):
        assert scenario.rivalry(rid).cap == 6, rid


def test_ladder_has_the_five_thresholds(scenario: m.Scenario) -> None:
    ladder = scenario.ladder("standard")
    assert len(ladder.rungs) == 10
    assert {t.id: t.below for t in ladder.thresholds} == {
        "crisis_onset": 1, "overt_force": 4, "nuclear_threshold": 6,
        "no_nuclear_use": 7, "central_war": 8}


def test_linkages(scenario: m.Scenario) -> None:
    pairs = {frozenset((lk.a, lk.b)) for lk in scenario.linkages}
    for pair in (("PAK-TAL", "IND-PAK"), ("CHN-IND", "IND-PAK"), ("USA-CHN", "CHN-IND"),
                 ("IRN-TAL", "TAL-ISK"), ("TAL-ISK", "CAR-ISK"), ("USA-RUS", "USA-CHN")):
        assert frozenset(pair) in pairs, pair
    for link in scenario.linkages:
        assert link.reason.strip(), (link.a, link.b)


# --------------------------------------------------------------------------- moves


@pytest.mark.parametrize("actor", STATES + GOVERNMENTS)
def test_state_actors_have_a_full_repertoire(scenario: m.Scenario, actor: str) -> None:
    moves = _moves_of(scenario, actor)
    assert len(moves) >= 6
    categories = {mv.category for mv in moves}
    assert m.Category.DE_ESCALATION in categories, "needs a de-escalation move"
    assert any(mv.rung == 1 and mv.category == m.Category.NON_VIOLENT for mv in moves), \
        "needs a rung-1 signal (demarche, accusation)"


@pytest.mark.parametrize("actor", ARMED_GROUPS)
def test_armed_groups_have_moves(scenario: m.Scenario, actor: str) -> None:
    moves = _moves_of(scenario, actor)
    assert len(moves) >= 3
    assert all(mv.targets for mv in moves), "armed-group moves are aimed explicitly"


def test_aid_organisations_have_moves(scenario: m.Scenario) -> None:
    assert len(_moves_of(scenario, "AID")) >= 3


def test_ladder_coverage(scenario: m.Scenario) -> None:
    rungs = Counter(mv.rung for mv in scenario.moves)
    for rung in range(0, 9):
        assert rungs[rung] > 0, f"no move at rung {rung}"
    covert = [mv for mv in scenario.moves if mv.visibility == m.Visibility.COVERT]
    assert covert and all(mv.attribution_difficulty > 0 for mv in covert)


def test_nuclear_moves_are_gated(scenario: m.Scenario) -> None:
    for mv in scenario.moves:
        if mv.rung >= 7:
            assert set(mv.actors) <= NUCLEAR, mv.id
            assert isinstance(mv.requires, m.RungAtLeast), mv.id
            assert mv.requires.rung_at_least.rivalry == "this", mv.id
            assert mv.requires.rung_at_least.rung == mv.rung - 1, mv.id
    nuclear_use = [mv for mv in scenario.moves if mv.category == m.Category.NUCLEAR]
    assert {a for mv in nuclear_use for a in mv.actors} <= {"IND", "PAK", "CHN"}


def test_likelihood_ratios_follow_the_categories(scenario: m.Scenario) -> None:
    for mv in scenario.moves:
        if mv.category == m.Category.DE_ESCALATION:
            assert mv.likelihood_ratio < 1.0, mv.id
        if mv.category == m.Category.VIOLENT:
            assert 3 <= mv.likelihood_ratio <= 5, mv.id


def test_moves_using_this_only_aim_at_rivals(scenario: m.Scenario) -> None:
    """A rung-0 move aimed at a non-rival is legal, but then 'this' has no rivalry."""
    for mv in scenario.moves:
        text = json.dumps(mv.model_dump(mode="json", by_alias=True))
        if '"this"' not in text:
            continue
        for actor in mv.actors:
            for target in targets_for(scenario, mv, actor):
                if mv.rung == 0:
                    assert rivalry_for(scenario, actor, target) is not None, (mv.id, actor, target)


def test_essay_mechanics_are_present(scenario: m.Scenario) -> None:
    ids = {mv.id for mv in scenario.moves}
    for move_id in ("ru_covert_aid", "ru_security_guarantee", "cn_bri_investment",
                    "cn_lithium_deal", "cn_press_relocation", "pk_cross_border_strike",
                    "pk_activate_kashmiri", "pk_border_closure", "pk_deportations",
                    "in_aid_taliban", "in_ct_cooperation", "border_reinforce",
                    "ir_mobilise_fatemiyoun", "ttp_attack", "isk_shia_attack",
                    "isk_central_asia_attack", "nrf_guerrilla", "etim_infiltrate",
                    "kash_infiltration", "fat_shrine_defence", "doha_meeting", "us_oth_strike"):
        assert move_id in ids, move_id
    assert scenario.move("ru_covert_aid").visibility == m.Visibility.COVERT
    assert scenario.move("pk_cross_border_strike").rung == 5
    assert rivalry_for(scenario, "TTP", "PAK").id == "PAK-TAL"
    assert rivalry_for(scenario, "KASH", "IND").id == "IND-PAK"
    assert rivalry_for(scenario, "FAT", "TAL").id == "IRN-TAL"
    ct = scenario.move("in_ct_cooperation")
    observers = {e.update_belief.observer for e in ct.effects if isinstance(e, m.BeliefEffect)}
    tensions = {e.add_tension.rivalry for e in ct.effects if isinstance(e, m.AddTensionEffect)}
    assert "PAK" in observers and "IND-PAK" in tensions


# --------------------------------------------------------------------------- levers


def test_the_five_levers(scenario: m.Scenario) -> None:
    assert {lv.id for lv in scenario.levers} == set(LEVER_AIMS)
    for lever in scenario.levers:
        assert lever.actor == "USA"
        pulled_by = [mv for mv in scenario.moves if mv.lever == lever.id]
        assert len(pulled_by) == 1, lever.id
        assert pulled_by[0].actors == ("USA",), lever.id
        assert (lever.aims[0].indicator, lever.aims[0].direction) == LEVER_AIMS[lever.id]
        assert lever.per_turn, lever.id
        assert lever.side_effects, lever.id
    assert scenario.lever("liaison_offices").crisis_channels == ("USA-TAL",)
    assert scenario.lever("incentives_pak_ind").broker == ("IND-PAK",)


def test_liaison_offices_carry_a_security_risk(scenario: m.Scenario) -> None:
    risky = [e for e in scenario.events if isinstance(e.trigger, m.ChanceTrigger)
             and e.trigger.condition == m.LeverActive(lever_active="liaison_offices")]
    assert risky
    assert any(isinstance(eff, m.AddEffect) and eff.add.actor == "USA"
               for e in risky for eff in e.effects)


# --------------------------------------------------------------------------- events, objectives


def test_events(scenario: m.Scenario) -> None:
    events = scenario.events
    assert len(events) >= 22
    kinds = Counter(type(e.trigger).__name__ if e.trigger else "facilitator" for e in events)
    assert kinds["TurnTrigger"] and kinds["ChanceTrigger"] and kinds["facilitator"]
    assert any(e.audience != "public" for e in events), "needs secret intelligence injects"
    titles = " ".join(e.title.lower() + " " + e.text.lower() for e in events)
    for word in ("5,000", "shi'a mosque", "khan", "himalayan", "hazara", "uyghur", "lithium",
                 "russian", "central asia", "commandos", "1998", "quad", "winter", "doha"):
        assert word in titles, word


def test_objectives(scenario: m.Scenario) -> None:
    per_actor = Counter(o.actor for o in scenario.objectives)
    for actor in scenario.actors:
        if actor.playable:
            assert 2 <= per_actor[actor.id] <= 3, actor.id


# --------------------------------------------------------------------------- sources


def test_everything_has_a_source(scenario: m.Scenario) -> None:
    groups = {
        "move": scenario.moves, "event": scenario.events, "lever": scenario.levers,
        "rivalry": scenario.rivalries, "relationship": scenario.relationships,
        "linkage": scenario.linkages, "indicator": scenario.indicators,
        "actor": scenario.actors, "ladder": scenario.ladders,
    }
    for what, items in groups.items():
        for item in items:
            name = getattr(item, "id", None) or repr(item)[:60]
            assert item.source.strip(), f"{what} {name} has no source"


# --------------------------------------------------------------------------- map


def test_map(scenario: m.Scenario) -> None:
    layer = scenario.map
    raw = yaml.safe_load(SCENARIO_PATH.read_text("utf-8"))
    assert raw["map"]["regions_file"] == "maps/theatre.json"
    assert layer.regions, "the outline file is inlined by the loader"
    for marker in layer.markers:
        assert _in_frame(marker.lon, marker.lat), marker.id
    for actor in scenario.actors:
        assert actor.location is not None and _in_frame(*actor.location), actor.id
    names = " ".join(mk.name for mk in layer.markers)
    for place in ("Kabul", "Kandahar", "Badakhshan", "Panjshir", "Herat", "Mazar-i-Sharif",
                  "Bamiyan", "Khyber Pakhtunkhwa", "Peshawar", "Islamabad", "Rawalpindi",
                  "Kashmir", "New Delhi", "Tehran", "Mashhad", "Islam Qala", "Kashgar",
                  "Galwan", "Dushanbe", "Tashkent"):
        assert place in names, place
    assert all(mk.kind in ("capital", "hotspot", "city", "base") for mk in layer.markers)


# --------------------------------------------------------------------------- play


def _play(scenario: m.Scenario, seed: int) -> Session:
    session = Session.create(scenario, seed=seed)
    while not session.ended:
        session.fill_computer_orders()
        session.end_turn()
    return session


def test_a_computer_game_runs_to_the_end(scenario: m.Scenario) -> None:
    session = _play(scenario, seed=0)
    state = session.state
    assert state.ended and state.turn == 12
    for rivalry in scenario.rivalries:
        assert 0 <= state.rivalries[rivalry.id].rung <= max_rung(scenario, rivalry)
    orders = [(e, e.payload) for e in session.log if isinstance(e.payload, MoveResolved)]
    used = {p.move for _, p in orders}
    assert len(used) >= 30, "computer players should pick varied moves"
    assert any(p.category == m.Category.DE_ESCALATION for _, p in orders)
    first_turn = [(e, p) for e, p in orders if e.turn == 1]
    assert sum(p.category == m.Category.VIOLENT and e.actor in STATES
               for e, p in first_turn) <= 2


@pytest.mark.slow
def test_calibration_over_a_batch(scenario: m.Scenario) -> None:
    """Loose bounds around the project's targets (see the designer's notes for 1,000 games)."""
    runs = 100
    nuclear_dyads = [r.id for r in scenario.rivalries
                     if all(scenario.actor(s).nuclear for s in r.sides)]
    nuclear_use = 0
    ind_pak_strikes = 0
    finals: dict[str, Counter[int]] = {r.id: Counter() for r in scenario.rivalries}
    for seed in range(runs):
        state = _play(scenario, seed).state
        nuclear_use += any(state.rivalries[r].peak >= 8 for r in nuclear_dyads)
        ind_pak_strikes += state.rivalries["IND-PAK"].peak >= 5
        for rid, riv in state.rivalries.items():
            finals[rid][riv.rung] += 1
    assert nuclear_use / runs <= 0.02
    # target 5-15 % (docs/rules.md 11); 100 games give a wide binomial interval
    assert 0.01 <= ind_pak_strikes / runs <= 0.25
    # The rivalries the exercise is about must not be fixed in advance. (Some side
    # ladders are: India-ISIS-K ends at rung 2 in every game and China-India eases to
    # rung 1 in almost every game; docs/rules.md 10 lists them as known limitations.)
    for rid in ("IND-PAK", "PAK-TAL", "USA-TAL", "TAL-ISK", "TAL-NRF"):
        assert finals[rid].most_common(1)[0][1] / runs <= 0.9, rid
