"""The report says what happened: numbers match the game record, sections have substance."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.report.conftest import VIEWS
from wargame.report.model import Report
from wargame.session import Session
from wargame.views import View, rung_seen


def test_facilitator_trajectories_are_the_true_rungs(session: Session,
                                                     report_for: Callable[[str], Report]) -> None:
    report = report_for("facilitator")
    final = session.state
    assert [t.rivalry for t in report.trajectories] == list(final.rivalries)  # none missing
    for traj in report.trajectories:
        riv = final.rivalries[traj.rivalry]
        assert list(traj.rungs[1:]) == list(riv.history)
        assert traj.tension is not None
        assert traj.tension[1:] == pytest.approx(riv.tension_history, abs=1e-3)
        assert set(traj.perceived) == set(session.scenario.rivalry(traj.rivalry).sides)


def test_team_trajectories_are_the_team_s_perception(session: Session,
                                                     report_for: Callable[[str], Report]) -> None:
    for label in VIEWS[2:]:
        view = View("actor", label)
        report = report_for(label)
        assert [t.rivalry for t in report.trajectories] == list(session.state.rivalries)
        for traj in report.trajectories:
            expected = [rung_seen(view, t.closing, traj.rivalry) for t in session.turns]
            assert list(traj.rungs[1:]) == expected
            assert traj.basis == "perceived" and traj.perceived == {} and traj.tension is None


def test_facilitator_escalation_scores_match_the_state(session: Session,
                                                       report_for: Callable[[str], Report]
                                                       ) -> None:
    report = report_for("facilitator")
    assert [s.actor for s in report.escalation_scores.series] == [
        a.id for a in session.scenario.actors if a.playable]  # every playable actor
    for series in report.escalation_scores.series:
        assert list(series.values) == list(session.state.escalation_scores[series.actor])


def test_every_resolved_order_is_in_the_facilitator_timeline(
        session: Session, report_for: Callable[[str], Report]) -> None:
    report = report_for("facilitator")
    assert len(report.turns) >= len(session.turns) > 0  # every resolved turn has a section
    assert sum(len(r.adjudications) for r in session.turns) > 0
    for record, section in zip(session.turns, report.turns, strict=False):
        keys = {m.key for m in section.moves}
        for adj in record.adjudications:
            assert adj.key in keys
        shown = {m.key: m for m in section.moves}
        for adj in record.adjudications:
            move = shown[adj.key]
            assert move.outcome == adj.outcome.value
            assert move.probability == round(adj.probability, 4)
            assert move.target_2d6 == adj.target_2d6 and move.roll_2d6 == adj.roll_2d6


def test_overrides_notes_bookmarks_and_hot_wash(report_for: Callable[[str], Report]) -> None:
    report = report_for("facilitator")
    rulings = [m.ruling for t in report.turns for m in t.moves if m.ruling]
    assert any(r.kind == "override" and "overstretched" in r.reason for r in rulings)
    assert any(r.kind == "strong_argument" for r in rulings)
    assert [b.label for b in report.annotations.bookmarks] == ["Crisis peak?"]
    texts = [n.text for n in report.annotations.notes]
    assert not any("takes back" in t for t in texts)  # the undone note is gone
    assert report.hot_wash.sustain and report.hot_wash.improve
    assert report.hot_wash.supposed and report.hot_wash.happened
    assert report.appendix.seed is not None and len(report.appendix.turn_hashes) == 12
    assert report.purpose.rule_parameters


def test_seats_flag_ai(report_for: Callable[[str], Report], session: Session) -> None:
    report = report_for("public")
    seats = {s.actor: s for s in report.seats}
    for actor, seat in session.seats.items():
        playable = session.scenario.actor(actor).playable
        assert seats[actor].ai == (seat.kind == "computer" and playable)
    assert seats["PAK"].kind == "human" and seats["PAK"].team == "Team Green"


def test_summary_lists_turning_points_and_thresholds(report_for: Callable[[str], Report]) -> None:
    summary = report_for("facilitator").summary
    assert summary.headline[0].startswith("12 of 12 turns played")
    assert summary.turning_points
    top = summary.turning_points[0].magnitude
    assert all(tp.magnitude <= top for tp in summary.turning_points)
    assert summary.threshold_crossings
    assert summary.near_misses  # facilitator-only rolls


def test_team_editions_withhold_facilitator_material(report_for: Callable[[str], Report]) -> None:
    for label in VIEWS[1:]:
        report = report_for(label)
        assert report.purpose.rule_parameters is None
        assert report.appendix.seed is None and report.appendix.turn_hashes == ()
        assert report.misperception.misreads == ()
        assert report.summary.near_misses == ()
        assert report.spillover.chains == ()
        assert all(a.correct is None for a in report.misperception.attributions)
        for turn in report.turns:
            assert all(sheet.actor == report.view.actor for sheet in turn.sheets)
        if report.view.kind == "actor":
            assert {c.observer for c in report.misperception.beliefs} <= {report.view.actor}
            assert {o.actor for o in report.objectives.items} <= {report.view.actor}
        else:
            assert report.misperception.beliefs == ()
            assert report.objectives.items == ()


def test_misreads_agree_with_the_trajectories(report_for: Callable[[str], Report]) -> None:
    report = report_for("facilitator")
    rungs = {t.rivalry: t for t in report.trajectories}
    assert report.misperception.misreads
    for x in report.misperception.misreads:
        traj = rungs[x.rivalry]
        assert x.true == traj.rungs[x.turn]
        assert x.perceived == traj.perceived[x.observer][x.turn] != x.true
