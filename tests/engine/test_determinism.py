"""Property tests: random legal games re-derive identically, also in a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.orders import OrderSheet, Outcome, Ruling, RulingKind
from wargame.rules.legality import legal_orders, max_rung
from wargame.scenario.models import Scenario
from wargame.session import Session

ROOT = Path(__file__).resolve().parents[2]
REPLAY = """
import json, sys
from wargame.session import Session
s = Session.open(sys.argv[1], readonly=True)
print(json.dumps([t.state_hash for t in s.turns]))
"""


def _random_game(tutorial: Scenario, data: st.DataObject, path: Path | None) -> Session:
    seed = data.draw(st.integers(0, 2**31 - 1), label="seed")
    turns = data.draw(st.integers(1, 4), label="turns")
    session = Session.create(tutorial, seed=seed, turns=turns, path=path)
    while not session.ended:
        for actor in ("IND", "PAK", "TAL", "TTP"):
            options = list(legal_orders(tutorial, session.state, actor))
            picks = data.draw(st.lists(st.sampled_from(options), max_size=1, unique=True),
                              label=f"{actor} orders")
            try:
                session.submit_orders(OrderSheet(actor, tuple(picks)))
            except Exception:  # an unaffordable combination: hold instead
                session.submit_orders(OrderSheet(actor))
        proposals = session.proposals()
        if proposals and data.draw(st.booleans(), label="override"):
            pick = data.draw(st.sampled_from(proposals), label="overridden")
            outcome = data.draw(st.sampled_from(list(Outcome)), label="outcome")
            session.rule(Ruling(pick.key, RulingKind.OVERRIDE, "property test", outcome))
        for event in tutorial.events:  # the White Cell holds events back or releases them
            if data.draw(st.booleans(), label=f"toggle hold of {event.id}"):
                held = event.id in session.held_events
                if held or event.repeat or event.id not in session.state.fired_events:
                    session.hold_event(event.id, not held)
        if data.draw(st.booleans(), label="undo+redo"):
            session.undo()
            session.redo()
        session.end_turn()
    return session


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_invariants_hold_in_random_games(tutorial: Scenario, data: st.DataObject) -> None:
    session = _random_game(tutorial, data, None)
    for record in session.turns:
        for rivalry in tutorial.rivalries:
            riv = record.closing.rivalries[rivalry.id]
            assert 0 <= riv.rung <= max_rung(tutorial, rivalry)
            assert riv.peak >= riv.rung
            assert all(v >= 0 for v in riv.tension.values())
        for observer, beliefs in record.closing.beliefs.items():
            assert all(0 < p < 1 for p in beliefs.values()), observer
        for actor, values in record.closing.variables.items():
            for var, value in values.items():
                vdef = tutorial.variable(var)
                assert vdef.min <= value <= vdef.max, (actor, var)
    replayed = Session.from_contents(
        _contents(session), source="memory")
    assert [t.state_hash for t in replayed.turns] == [t.state_hash for t in session.turns]


def _contents(session: Session):  # type: ignore[no-untyped-def]
    from wargame.journal import JournalContents

    return JournalContents(session.header, list(session.commands))


@settings(max_examples=8, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_same_hashes_in_a_separate_process(tutorial: Scenario, tmp_path: Path,
                                           data: st.DataObject) -> None:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "game.wgsave"
    session = _random_game(tutorial, data, path)
    session.close()
    env = {**os.environ, "PYTHONHASHSEED": "random", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", REPLAY, str(path)], capture_output=True,
                         text=True, check=True, env=env, cwd=ROOT)
    assert json.loads(out.stdout) == [t.state_hash for t in session.turns]
