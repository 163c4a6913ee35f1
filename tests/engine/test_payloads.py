"""Typed log payloads (wargame/payloads.py): every entry of real games round-trips through
its JSON form, each JSON form names exactly one record, and bad forms get clear errors."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.log import Change, Kind, LogEntry, Scope, Visibility
from wargame.orders import Outcome
from wargame.payloads import (
    NO_PAYLOAD,
    SHAPES,
    AdhocInject,
    DiceRolled,
    EffectApplied,
    EventDelivered,
    LeverOff,
    MoveResolved,
    Payload,
    Pressure,
    RungMoved,
    decode_payload,
)
from wargame.records import RecordError
from wargame.rng import Roll
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Category, Scenario
from wargame.session import Session
from wargame.views import FACILITATOR, PUBLIC, actor_view, shown, visible_entries

ROOT = Path(__file__).resolve().parents[2]


@cache
def scenario(name: str) -> Scenario:
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


@cache
def played(name: str, seed: int, turns: int) -> Session:
    session = Session.create(scenario(name), seed=seed, turns=turns)
    while not session.ended:
        session.fill_computer_orders()
        session.end_turn()
    return session


def _round_trips(entry: LogEntry) -> None:
    form = entry.to_dict()
    back = LogEntry.from_dict(json.loads(json.dumps(form)))
    assert back == entry, entry.text
    assert json.dumps(back.to_dict()) == json.dumps(form), entry.text
    matching = [s for s in SHAPES.get(entry.kind, ()) if s.matches(form["data"])]
    assert len(matching) == (0 if entry.payload is NO_PAYLOAD else 1), (entry.kind, matching)
    if matching:
        assert type(entry.payload) is matching[0]


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_every_entry_of_a_game_round_trips_in_every_view(seed: int) -> None:
    session = played("afghanistan-2022", seed, 6)
    views = [FACILITATOR, PUBLIC, *(actor_view(a.id) for a in session.scenario.actors)]
    kinds = set()
    for view in views:
        for entry in visible_entries(view, session.log):
            _round_trips(entry)
            kinds.add(entry.kind)
    assert {Kind.TURN, Kind.ORDER, Kind.ADJUDICATION, Kind.LADDER, Kind.BELIEF} <= kinds


def test_the_golden_save_round_trips_and_covers_most_kinds() -> None:
    session = Session.open(ROOT / "tests" / "data" / "golden-12.wgsave", readonly=True)
    shapes = set()
    for entry in session.log:
        _round_trips(entry)
        shapes.add(type(entry.payload))
    assert len(shapes) >= 25, sorted(s.__name__ for s in shapes)


def test_every_payload_record_belongs_to_a_kind() -> None:
    union = set(get_args(Payload))
    listed = {shape for shapes in SHAPES.values() for shape in shapes}
    assert union == listed | {type(NO_PAYLOAD)}


def test_fixed_and_omitted_keys_are_written_in_field_order() -> None:
    change = Change(Scope.INDICATOR, "stability", 5, 4.5)
    assert list(AdhocInject((change,), "Riots").to_dict()) == ["changes", "title", "adhoc"]
    assert LeverOff("aid").to_dict() == {"lever": "aid", "ended": True}
    assert Pressure(origin=None, pressure=0.25).to_dict() == {"pressure": 0.25}
    assert list(Pressure(origin="IND-PAK", pressure=0.25).to_dict()) == ["origin", "pressure"]
    assert "notes" not in MoveResolved("IND#0", "talks", False, Category.DE_ESCALATION,
                                       1).to_dict()
    assert EffectApplied(key=None, changes=(change,)).to_dict()["changes"][0]["old"] == 5
    assert DiceRolled.of([Roll(2, "adjudicate", "IND#0", 0, 0.123456789)]).to_dict() == {
        "rolls": [{"turn": 2, "purpose": "adjudicate", "subject": "IND#0", "index": 0,
                   "value": 0.123457}]}


def test_a_form_of_no_known_shape_is_refused_with_its_fields() -> None:
    with pytest.raises(RecordError, match="no ladder entry has the data fields new, old"):
        decode_payload(Kind.LADDER, {"old": 1, "new": 2})
    with pytest.raises(RecordError, match="no war_gate entry"):
        decode_payload(Kind.WAR_GATE, {"key": "IND#0"})
    with pytest.raises(RecordError, match=r"Pressure.pressure: expected float, got str"):
        decode_payload(Kind.SPILLOVER, {"pressure": "high"})
    with pytest.raises(RecordError, match=r"LeverOff: field ended must be True"):
        LeverOff.from_dict({"lever": "aid", "ended": False})
    with pytest.raises(RecordError, match=r"RungMoved.outcome: 'won' is not a Outcome"):
        RungMoved.from_dict({"old": 1, "new": 2, "jump": False, "key": "IND#0",
                             "outcome": "won", "public_old": 1})
    with pytest.raises(RecordError, match=r"EventDelivered.changes\[0\]"):
        EventDelivered.from_dict({"event": "e", "title": "E", "changes": [{"scope": "rung"}]})
    assert decode_payload(Kind.PROXY, {}) is NO_PAYLOAD


def test_a_cut_effect_line_reads_its_kept_changes_as_floats() -> None:
    """Wire compatibility: a team's copy of a cut entry always carried its changes as
    re-read floats (3.0), the facilitator's as written (3)."""
    kept = Change(Scope.RUNG, "IND-PAK", 3, 4, ("IND", "PAK"), public_old=3)
    hidden = Change(Scope.TENSION, "IND-PAK", 0, 2, ("IND", "PAK"), op="delta")
    text = "Border clash: " + "; ".join(c.describe() for c in (kept, hidden))
    entry = LogEntry(2, "events", Kind.EVENT, text,
                     payload=EventDelivered("clash", (kept, hidden), "Border clash"))
    assert json.dumps(entry.to_dict()["data"]["changes"][0]["old"]) == "3"
    team = shown(actor_view("IND"), entry)
    assert team is not None and team.text == "Border clash: IND-PAK rung 3 -> 4"
    assert [json.dumps(c["old"]) for c in team.to_dict()["data"]["changes"]] == ["3.0"]
    whole = LogEntry(2, "events", Kind.EVENT, "Border clash: " + kept.describe(),
                     payload=EventDelivered("clash", (kept,), "Border clash"))
    assert shown(actor_view("IND"), whole) is whole  # nothing cut: the entry itself


def test_a_restricted_move_keeps_its_payload_for_its_actor_only() -> None:
    entry = LogEntry(1, "adjudication", Kind.ORDER, "India holds its position",
                     Visibility.RESTRICTED, audience=("IND",), actor="IND",
                     payload=MoveResolved("IND#0", "hold", False, Category.STATUS_QUO, 0,
                                          notes=("no legal target",)))
    assert shown(actor_view("IND"), entry) is entry
    assert shown(actor_view("PAK"), entry) is None and shown(PUBLIC, entry) is None
    assert entry.to_dict()["data"]["notes"] == ["no legal target"]
    assert RungMoved(1, 2, False, "IND#0", Outcome.SUCCESS, 1, "x").withheld().public_text is None
