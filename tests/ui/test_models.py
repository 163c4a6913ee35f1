"""Every item model passes pytest-qt's model tester, with real game data."""

from __future__ import annotations

from ui.models.actors_model import ActorsModel
from ui.models.events_model import EventsModel
from ui.models.log_model import LogFilterProxy, LogTableModel
from ui.models.orders_model import LegalOrdersModel
from ui.models.proposals_model import COL_RULING, ProposalsModel
from wargame.ai.doctrine import choose_orders
from wargame.orders import Outcome, Ruling, RulingKind
from wargame.session import Session
from wargame.views import FACILITATOR, PUBLIC, actor_view, can_see, rung_seen

from .conftest import human_seats


def _session(tutorial):  # type: ignore[no-untyped-def]
    s = Session.create(tutorial, seed=5, seats=human_seats(), turns=4)
    for actor in ("PAK", "IND", "TAL"):
        s.submit_orders(choose_orders(tutorial, s.state, actor, 5))
    s.fill_computer_orders()
    s.end_turn()
    for actor in ("PAK", "IND"):
        s.submit_orders(choose_orders(tutorial, s.state, actor, 5))
    return s


def test_log_model_and_filters(qtmodeltester, tutorial) -> None:  # type: ignore[no-untyped-def]
    s = _session(tutorial)
    model = LogTableModel(FACILITATOR)
    qtmodeltester.check(model)
    model.set_log(s.log[:5])
    model.set_log(s.log)  # grows: incremental insert
    assert model.rowCount() == len(s.log)
    model.set_view(PUBLIC)
    assert all(can_see(PUBLIC, e) for e in model.entries())
    assert model.rowCount() < len(s.log)
    model.set_view(actor_view("PAK"))
    proxy = LogFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_filters(turn=1, kind="order")
    assert proxy.rowCount() > 0
    for r in range(proxy.rowCount()):
        entry = model.entry(proxy.mapToSource(proxy.index(r, 0)).row())
        assert entry.turn == 1 and entry.kind.value == "order"
    proxy.set_filters(search="zzz-no-such-text")
    assert proxy.rowCount() == 0
    model.set_log(s.log[:3])  # shrinks (undo): reset
    qtmodeltester.check(model)


def test_proposals_model(qtmodeltester, tutorial) -> None:  # type: ignore[no-untyped-def]
    s = _session(tutorial)
    model = ProposalsModel()
    model.set_scenario(tutorial)
    model.set_rows(s.proposals())
    qtmodeltester.check(model)
    key = s.proposals()[0].key
    s.rule(Ruling(key, RulingKind.OVERRIDE, "test", Outcome.PARTIAL))
    model.set_rows(s.proposals())
    qtmodeltester.check(model)
    assert "override" in model.index(0, COL_RULING).data()


def test_legal_orders_model(qtmodeltester, tutorial) -> None:  # type: ignore[no-untyped-def]
    s = _session(tutorial)
    view = actor_view("TAL")
    model = LegalOrdersModel()
    model.load(tutorial, s.state, "TAL", lambda r: rung_seen(view, s.state, r))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_events_and_actors_models(qtmodeltester, tutorial) -> None:  # type: ignore[no-untyped-def]
    s = _session(tutorial)
    events = EventsModel()
    events.load(tutorial, s.state.fired_events)
    qtmodeltester.check(events)
    statuses = {events.index(r, 3).data() for r in range(events.rowCount())}
    assert "fired" in statuses  # the spring offensive is scheduled for turn 2
    actors = ActorsModel()
    actors.load(tutorial.actors, s.state, dict(s.seats))
    qtmodeltester.check(actors)
    assert actors.index(0, 1).data() == "Team Pakistan"
