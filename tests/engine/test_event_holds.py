"""The White Cell holds a scenario event back (a journalled, undoable command) and
releases it later; a held event does not fire, and the players never see the hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.errors import CommandError
from wargame.orders import Inject
from wargame.payloads import EventDelivered, EventHold
from wargame.scenario.models import Scenario
from wargame.session import Session
from wargame.views import PUBLIC, actor_view, can_see

EVENT = "spring_offensive"  # the tutorial's event scheduled for turn 2


def _play_turn(session: Session) -> None:
    session.fill_computer_orders()
    session.end_turn()


def _fired(session: Session, turn: int) -> bool:
    return any(e.kind.value == "event" and isinstance(e.payload, EventDelivered)
               and e.payload.event == EVENT and e.turn == turn for e in session.log)


def test_a_held_event_does_not_fire_and_the_players_never_see_it(
        tutorial: Scenario, tmp_path: Path) -> None:
    plain = Session.create(tutorial, seed=5)
    _play_turn(plain)
    assert _fired(plain, 2) and EVENT in plain.state.fired_events

    path = tmp_path / "g.wgsave"
    held = Session.create(tutorial, seed=5, path=path)
    held.hold_event(EVENT)
    assert held.held_events == {EVENT}
    _play_turn(held)
    assert not _fired(held, 2) and EVENT not in held.state.fired_events
    notice = [e for e in held.log if e.payload == EventHold(EVENT, held=True) and e.turn == 2]
    assert len(notice) == 1 and "not delivered" in notice[0].text
    for entry in held.log:
        if isinstance(entry.payload, EventHold) and entry.payload.event == EVENT:
            assert not can_see(PUBLIC, entry) and not can_see(actor_view("PAK"), entry)
    # only the event's own effects are missing (the spring offensive raises PAK-TAL tension)
    assert {r: v.rung for r, v in held.state.rivalries.items()} == \
        {r: v.rung for r, v in plain.state.rivalries.items()}
    assert held.state.rivalries["PAK-TAL"].tension["PAK"] < \
        plain.state.rivalries["PAK-TAL"].tension["PAK"]
    held.close()
    again = Session.open(path, readonly=True)
    assert again.held_events == {EVENT}
    assert again.state.state_hash() == held.state.state_hash() and not again.hash_mismatches


def test_release_then_deliver_by_hand(tutorial: Scenario) -> None:
    s = Session.create(tutorial, seed=5)
    s.hold_event(EVENT)
    _play_turn(s)
    s.hold_event(EVENT, hold=False)
    assert s.held_events == frozenset()
    _play_turn(s)  # its turn has passed: released, it does not fire on its own
    assert EVENT not in s.state.fired_events
    s.inject(Inject(event=EVENT))  # the White Cell delivers it when it suits the exercise
    assert EVENT in s.state.fired_events


def test_hold_is_undoable_and_checked(tutorial: Scenario) -> None:
    s = Session.create(tutorial, seed=5)
    s.hold_event(EVENT)
    with pytest.raises(CommandError, match="already held"):
        s.hold_event(EVENT)
    s.undo()
    assert s.held_events == frozenset()
    with pytest.raises(CommandError, match="not held"):
        s.hold_event(EVENT, hold=False)
    with pytest.raises(CommandError, match="no event"):
        s.hold_event("nope")
    _play_turn(s)
    with pytest.raises(CommandError, match="already fired"):
        s.hold_event(EVENT)
