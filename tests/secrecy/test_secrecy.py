"""No leaked secret: the one information filter (wargame/views.py) over every team-facing text.

Regression tests for issue 12 (effect lines, true rungs in rung-change lines, terminal
play's closing summary, the public report's rung series) and a property test over random
seeded games: for every view, nothing it may not know reaches its log, its terminal
output or its reports. ``WARGAME_FUZZ_EXAMPLES`` raises the number of games (default 3).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.cli_play import play_loop
from wargame.log import Change, Kind, LogEntry, Scope, Visibility
from wargame.orders import Outcome
from wargame.payloads import (
    RUNG_CHANGES,
    WITH_CHANGES,
    Adjudicated,
    EffectApplied,
    EventDelivered,
    RungMoved,
    RungStepped,
)
from wargame.report import render
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Scenario
from wargame.session import Session
from wargame.views import PUBLIC, View, actor_view, may_know, rung_seen, shown, visible_entries

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("WARGAME_FUZZ_EXAMPLES", "3"))


@cache
def afghanistan() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "afghanistan-2022.yaml")


def _leaky_effect() -> LogEntry:
    """The effect line of the Taliban's public move seen on the US screen (issue 12)."""
    changes = [
        Change(Scope.VARIABLE, "capability", 1.6, 1.1, ("ETIM",)),
        Change(Scope.TENSION, "CHN-ETIM", 0.0, -2.0, ("CHN", "ETIM"), op="delta"),
        Change(Scope.BELIEF, "TAL", 0.24, 0.18, ("CHN",)),
        Change(Scope.VARIABLE, "influence", 6.0, 6.2, ("CHN",)),
        Change(Scope.INDICATOR, "great_power_rivalry", 5.0, 5.1, label="Great-power rivalry"),
    ]
    text = "; ".join(c.describe() for c in changes)
    assert text.startswith("ETIM capability 1.6 -> 1.1; CHN-ETIM tension -2; "
                           "CHN suspicion of TAL 0.24 -> 0.18; CHN influence 6 -> 6.2")
    return LogEntry(2, "adjudication", Kind.EFFECT, text, Visibility.PUBLIC, actor="TAL",
                    payload=EffectApplied(key="TAL#0", changes=tuple(changes)))


def test_effect_line_is_cut_to_what_each_view_may_know() -> None:
    entry = _leaky_effect()
    usa = shown(actor_view("USA"), entry)
    assert usa is not None and usa.text == "Great-power rivalry 5 -> 5.1"
    chn = shown(actor_view("CHN"), entry)
    assert chn is not None
    assert chn.text == ("CHN suspicion of TAL 0.24 -> 0.18; CHN influence 6 -> 6.2; "
                        "Great-power rivalry 5 -> 5.1")
    etim = shown(actor_view("ETIM"), entry)
    assert etim is not None and "tension" not in etim.text and "ETIM capability" in etim.text
    assert isinstance(usa.payload, EffectApplied)
    assert [c.scope for c in usa.payload.changes] == [Scope.INDICATOR]
    assert shown(View("facilitator"), entry) is entry


def test_effect_line_with_nothing_visible_is_not_shown() -> None:
    change = Change(Scope.VARIABLE, "capability", 1.6, 1.1, ("ETIM",))
    entry = LogEntry(2, "adjudication", Kind.EFFECT, change.describe(),
                     payload=EffectApplied(key=None, changes=(change,)))
    assert shown(actor_view("USA"), entry) is None
    assert visible_entries(PUBLIC, [entry]) == []


def test_rung_change_hides_an_old_rung_that_was_not_public() -> None:
    """Covert climb to 3 (public 2), then a public move to 4: teams read 'to rung 4'."""
    entry = LogEntry(3, "adjudication", Kind.LADDER,
                     "India's Strike takes China and India from rung 3 to 4 (x)",
                     rivalry="CHN-IND", actor="IND",
                     payload=RungMoved(old=3, new=4, jump=False, key="IND#0",
                                       outcome=Outcome.SUCCESS, public_old=2,
                                       public_text="India's Strike takes China and India to "
                                       "rung 4 (x)"))
    for view in (PUBLIC, actor_view("IND"), actor_view("USA")):
        seen = shown(view, entry)
        assert seen is not None
        assert seen.text == "India's Strike takes China and India to rung 4 (x)"
        assert seen.payload == replace(entry.payload, old=2, public_text=None)
        assert "public_text" not in seen.to_dict()["data"]
    public = LogEntry(3, "adjudication", Kind.LADDER, "from rung 2 to 3",
                      payload=RungStepped(old=2, new=3, public_old=2, public_text="to 3"))
    seen = shown(PUBLIC, public)
    assert seen is not None and seen.text == "from rung 2 to 3"
    assert seen.payload == RungStepped(old=2, new=3, public_old=2, public_text=None)


def test_an_adjudications_true_starting_rung_is_the_facilitators_only() -> None:
    session = _play(3, 2)
    adjudications = [e for e in session.log if isinstance(e.payload, Adjudicated)
                     and e.visibility == Visibility.PUBLIC]
    assert adjudications and all(isinstance(e.payload, Adjudicated)
                                 and e.payload.from_rung is not None for e in adjudications)
    for view in (PUBLIC, actor_view("IND")):
        for e in adjudications:
            seen = shown(view, e)
            assert seen is not None and isinstance(seen.payload, Adjudicated)
            assert seen.payload.from_rung is None
            assert "from_rung" not in seen.to_dict()["data"]
            assert seen.payload == replace(e.payload, from_rung=None)


def test_effect_rung_change_hides_a_non_public_old_rung() -> None:
    change = Change(Scope.RUNG, "CHN-IND", 3, 4, ("CHN", "IND"), public_old=2)
    entry = LogEntry(2, "events", Kind.EVENT, change.describe(),
                     payload=EventDelivered("x", (change,), "X"))
    assert shown(PUBLIC, entry).text == "CHN-IND now at rung 4"  # type: ignore[union-attr]


def _play(seed: int, turns: int) -> Session:
    session = Session.create(afghanistan(), seed=seed, turns=turns)
    while not session.ended:
        session.fill_computer_orders()
        session.end_turn()
    return session


def test_public_report_series_is_the_public_history() -> None:
    """The public edition used the true rung history; it must use the public one."""
    from wargame.report.model import build_report

    session = _play(7, 4)
    report = build_report(session, PUBLIC)
    assert [t.rivalry for t in report.trajectories] == list(session.state.rivalries)
    for traj in report.trajectories:
        riv = session.state.rivalries[traj.rivalry]
        assert list(traj.rungs[1:]) == list(riv.public_history[:4])


def _other_actor_secret_patterns(scenario: Scenario, me: str | None) -> list[re.Pattern[str]]:
    others = [a.id for a in scenario.actors if a.id != me]
    pats = [re.compile(rf"\b{o} suspicion of\b") for o in others]
    pats += [re.compile(rf"\b{o} {v.id} -?\d") for o in others for v in scenario.variables]
    pats += [re.compile(r"\btension [+-]\d"), re.compile(r"spillover pressure [+-]\d"),
             re.compile(r"\bcontrol \d\.\d\d -> ")]
    return pats


def _check_entries(session: Session, view: View) -> None:
    scenario = session.scenario
    pats = _other_actor_secret_patterns(scenario, view.actor)
    for entry in visible_entries(view, session.log):
        assert entry.visibility != Visibility.FACILITATOR
        if isinstance(entry.payload, WITH_CHANGES):
            for change in entry.payload.changes:
                assert may_know(view, change), (view, entry.text)
        if isinstance(entry.payload, RUNG_CHANGES):
            assert entry.payload.old == entry.payload.public_old
            assert entry.payload.public_text is None
        assert entry.payload.withheld() == entry.payload
        for pat in pats:
            assert not pat.search(entry.text), (view, pat.pattern, entry.text)


def _check_reports(session: Session, view: View) -> None:
    scenario = session.scenario
    pats = _other_actor_secret_patterns(scenario, view.actor)
    from wargame.report.model import build_report

    report = build_report(session, view)
    data = report.model_dump(mode="json")
    for fmt in ("json", "md", "csv", "html"):
        blob = render(report, fmt).decode("utf-8")
        for pat in pats:
            assert not pat.search(blob), (view, fmt, pat.pattern)
    if view.kind != "actor":
        return  # the public series is the end-of-turn public history (test above)
    for traj in data["trajectories"]:
        for i, record in enumerate(session.turns, start=1):
            riv = record.closing.rivalries[traj["rivalry"]]
            assert traj["rungs"][i] >= riv.public_rung


def _check_terminal(session: Session, actor: str) -> None:
    out = io.StringIO()
    play_loop(session, [actor], quiet=False, stdin=io.StringIO("\n" * 50), out=out)
    text = out.getvalue()
    for pat in _other_actor_secret_patterns(session.scenario, actor):
        assert not pat.search(text), (actor, pat.pattern)
    view = actor_view(actor)
    for rivalry in session.scenario.rivalries:
        line = re.search(rf"^  {re.escape(rivalry.id)}\s+rung (\d+)", text, re.M)
        assert line is not None
        assert int(line.group(1)) == rung_seen(view, session.state, rivalry.id)


def test_terminal_play_summary_shows_the_players_rungs() -> None:
    scenario = afghanistan()
    for seed in range(1, 40):
        session = Session.create(scenario, seed=seed, turns=3)
        human = next(a.id for a in scenario.actors if a.playable)
        out = io.StringIO()
        play_loop(session, [human], quiet=False, stdin=io.StringIO("\n" * 20), out=out)
        view = actor_view(human)
        if any(rung_seen(view, session.state, r.id) != session.state.rivalries[r.id].rung
               for r in scenario.rivalries):
            _check_terminal_text(out.getvalue(), session, human)
            return
    raise AssertionError("no seed in 1..39 gave a misread rung at the end")


def _check_terminal_text(text: str, session: Session, actor: str) -> None:
    view = actor_view(actor)
    for rivalry in session.scenario.rivalries:
        line = re.search(rf"^  {re.escape(rivalry.id)}\s+rung (\d+)", text, re.M)
        assert line is not None
        assert int(line.group(1)) == rung_seen(view, session.state, rivalry.id)


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), turns=st.integers(2, 3), data=st.data())
def test_no_view_learns_what_it_may_not_know(seed: int, turns: int, data: st.DataObject
                                             ) -> None:
    scenario = afghanistan()
    session = _play(seed, turns)
    actors = [a.id for a in scenario.actors]
    chosen = data.draw(st.lists(st.sampled_from(actors), min_size=1, max_size=2, unique=True))
    for view in [PUBLIC, *(actor_view(a) for a in chosen)]:
        _check_entries(session, view)
        _check_reports(session, view)
    playable = [a.id for a in scenario.actors if a.playable]
    human = data.draw(st.sampled_from(playable))
    _check_terminal(Session.create(scenario, seed=seed, turns=turns), human)
