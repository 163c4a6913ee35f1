"""Typed views of the state (wargame/views.py ``picture``): which record each view gets,
what it holds, and the plain form sent over the wire."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from functools import cache
from pathlib import Path

import pytest

from wargame.scenario.loader import load_scenario
from wargame.session import Session
from wargame.views import (
    FACILITATOR,
    PUBLIC,
    FacilitatorPicture,
    Picture,
    TeamPicture,
    actor_view,
    picture,
    rung_seen,
)

ROOT = Path(__file__).resolve().parents[2]


@cache
def game() -> Session:
    session = Session.create(load_scenario(ROOT / "scenarios" / "afghanistan-2022.yaml"),
                             seed=21, turns=12)
    for _ in range(4):
        session.fill_computer_orders()
        session.end_turn()
    return session


def test_each_view_gets_its_own_record() -> None:
    s = game()
    assert type(picture(PUBLIC, s.scenario, s.state)) is Picture
    assert type(picture(FACILITATOR, s.scenario, s.state)) is FacilitatorPicture
    team = picture(actor_view("PAK"), s.scenario, s.state)
    assert isinstance(team, TeamPicture) and team.actor == "PAK"
    with pytest.raises(FrozenInstanceError):
        team.turn = 9  # type: ignore[misc]


def test_a_team_picture_holds_its_own_facts_and_its_perceived_rungs() -> None:
    s = game()
    state = s.state
    team = picture(actor_view("PAK"), s.scenario, state)
    assert isinstance(team, TeamPicture)
    assert team.variables == state.variables["PAK"]
    assert team.beliefs == state.beliefs.get("PAK", {})
    assert team.objective_points == state.objective_points.get("PAK", 0.0)
    assert set(team.channels) == {r.id for r in s.scenario.rivalries if "PAK" in r.sides}
    assert team.rungs == {r.id: rung_seen(actor_view("PAK"), state, r.id)
                          for r in s.scenario.rivalries}
    assert team.known_beliefs() == {"PAK": team.beliefs}
    assert team.known_points() == {"PAK": team.objective_points}
    public = picture(PUBLIC, s.scenario, state)
    assert public.rungs == {rid: r.public_rung for rid, r in state.rivalries.items()}
    assert public.known_beliefs() == {} and public.known_points() == {}
    assert public.levers == tuple(sorted(state.levers))


def test_the_wire_form_is_the_plain_form_stations_have_always_read() -> None:
    s = game()
    state = s.state
    team = picture(actor_view("IND"), s.scenario, state).to_json()
    assert list(team) == ["turn", "last_turn", "phase", "rungs", "indicators", "levers",
                          "variables", "beliefs", "objective_points", "channels"]
    assert team["variables"] == {"IND": dict(state.variables["IND"])}
    assert team["objective_points"] == {"IND": state.objective_points.get("IND", 0.0)}
    assert list(picture(PUBLIC, s.scenario, state).to_json()) == [
        "turn", "last_turn", "phase", "rungs", "indicators", "levers"]
    full = picture(FACILITATOR, s.scenario, state).to_json()
    assert full == {**state.to_dict(), "rungs": {rid: r.rung for rid, r in
                                                 state.rivalries.items()}}
    json.dumps(team), json.dumps(full)  # plain JSON


def test_the_facilitators_numbers_read_as_the_hashed_state() -> None:
    s = game()
    full = picture(FACILITATOR, s.scenario, s.state)
    assert isinstance(full, FacilitatorPicture)
    hashed = s.state.to_dict()
    assert full.known_beliefs() == hashed["beliefs"]
    assert dict(full.indicators) == hashed["indicators"]
    rivalry = s.scenario.rivalries[0].id
    assert list(full.tension_history(rivalry)) == \
        hashed["rivalries"][rivalry]["tension_history"]
