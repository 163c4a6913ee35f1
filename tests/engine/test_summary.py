"""The turn summary: built from the filtered log, hand-made entries with known answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.log import Kind, LogEntry, Visibility
from wargame.orders import Outcome, Ruling, RulingKind
from wargame.payloads import Adjudicated, BeliefShift, RulingApplied, RungStepped, TwoD6
from wargame.scenario.loader import load_scenario
from wargame.session import Session
from wargame.summary import build_summary, summary_for
from wargame.views import FACILITATOR, PUBLIC, actor_view

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml"


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return load_scenario(TUTORIAL)


def _adjudicated(key: str, move: str, outcome: Outcome, probability: float) -> Adjudicated:
    return Adjudicated(key=key, move=move, from_rung=0, jump=False, thresholds=(), base=0.5,
                       factors=(), capability_term=0.0, probability=probability, roll=0.5,
                       two_d6=TwoD6(7, 7), outcome=outcome, proposed=outcome, war_gate=False,
                       rerolls=0, ruling=None, notes=())


def _rung(old: int, new: int) -> RungStepped:
    """A rung change (of whatever kind: the summary reads only where the rung went)."""
    return RungStepped(old=old, new=new, public_old=old, public_text=None)


def _entries() -> list[LogEntry]:
    return [
        LogEntry(2, "adjudication", Kind.ADJUDICATION, "Mobilise: 60% ...", actor="IND",
                 rivalry="IND-PAK",
                 payload=_adjudicated("IND#0", "mobilise", Outcome.BLOWBACK, 0.6)),
        LogEntry(2, "adjudication", Kind.LADDER, "blowback: IND-PAK climbs from rung 0 to 2",
                 actor="IND", rivalry="IND-PAK", payload=_rung(0, 2)),
        LogEntry(2, "adjudication", Kind.LADDER, "PAK-TAL climbs from rung 3 to 5",
                 visibility=Visibility.FACILITATOR, rivalry="PAK-TAL",
                 payload=_rung(3, 5)),
        LogEntry(2, "adjudication", Kind.DECISION, "Leadership decision check for Pakistan: "
                 "refused", visibility=Visibility.RESTRICTED, audience=("PAK",), actor="PAK"),
        LogEntry(2, "adjudication", Kind.OVERRIDE, "White Cell override on Talks: reason",
                 actor="PAK", payload=RulingApplied(
                     "PAK#0", Outcome.FAILURE, Outcome.SUCCESS,
                     Ruling("PAK#0", RulingKind.OVERRIDE, "reason", Outcome.SUCCESS))),
        LogEntry(2, "adjudication", Kind.ADJUDICATION, "Talks: 50%", actor="PAK",
                 payload=_adjudicated("PAK#0", "talks", Outcome.SUCCESS, 0.5)),
        LogEntry(2, "upkeep", Kind.LOSS_OF_CONTROL, "Incident on PAK-TAL: rung 5 -> 6",
                 rivalry="PAK-TAL", payload=_rung(5, 6)),
        LogEntry(2, "adjudication", Kind.LEVER, "Policy lever on: Aid", actor="PAK"),
        LogEntry(2, "upkeep", Kind.BELIEF, "suspicion 30% -> 28%", target="IND",
                 payload=BeliefShift(0.3, 0.28, 0.9, False, None, 1)),
        LogEntry(2, "end", Kind("turn"), "Turn 2 ends"),
        LogEntry(1, "adjudication", Kind.LADDER, "an older turn", rivalry="IND-PAK",
                 payload=_rung(1, 0)),
    ]


def test_facilitator_sees_every_rung_change_threshold_and_accident(scenario) -> None:  # type: ignore[no-untyped-def]
    s = build_summary(scenario, FACILITATOR, _entries(), 2)
    assert [(c.rivalry, c.old, c.new, c.cause) for c in s.rung_changes] == [
        ("IND-PAK", 0, 2, "blowback"), ("PAK-TAL", 3, 5, "move"),
        ("PAK-TAL", 5, 6, "loss of control")]
    # thresholds of the tutorial ladder: below 1 (crisis onset), 4 (overt force), 6 (nuclear)
    assert [(t.rivalry, t.threshold) for t in s.thresholds] == [
        ("IND-PAK", "Crisis onset (don't rock the boat)"), ("PAK-TAL", "Overt force")]
    # (5 -> 6 stays under the nuclear line, which lies between 6 and 7)
    assert [a.kind for a in s.accidents] == ["blowback", "loss_of_control"]
    assert [o.text for o in s.orders] == [  # move names from the scenario, not the log text
        "India: Forward deployment and exercises (60%) \u2192 blowback",
        "Pakistan: Propose talks (50%) \u2192 success, White Cell override"]
    assert [lv.text for lv in s.levers] == ["Policy lever on: Aid"]
    assert len(s.decisions) == 2 and not s.other  # beliefs and turn markers stay quiet


def test_the_public_and_a_team_see_only_what_their_log_shows(scenario) -> None:  # type: ignore[no-untyped-def]
    public = build_summary(scenario, PUBLIC, _entries(), 2)
    assert [(c.rivalry, c.new) for c in public.rung_changes] == [("IND-PAK", 2), ("PAK-TAL", 6)]
    assert "Overt force" not in public.to_text()  # only the facilitator saw 3 -> 5
    assert all("refused" not in d.text for d in public.decisions)
    team = build_summary(scenario, actor_view("PAK"), _entries(), 2)
    assert any("refused" in d.text for d in team.decisions)
    assert team.orders_of("PAK")[0].outcome == "success"


def test_kinds_added_later_are_placed_generically(scenario) -> None:  # type: ignore[no-untyped-def]
    class NewKind:  # a kind this module has never heard of, with rung data
        value = "incident"

    entries = [LogEntry(3, "upkeep", Kind.NOTE, "x")]
    incident = LogEntry.__new__(LogEntry)
    for name, value in dict(turn=3, phase="upkeep", kind=NewKind(), text="A border clash",
                            visibility=Visibility.PUBLIC, audience=(), actor=None, target=None,
                            rivalry="IND-PAK", payload=_rung(2, 3), seq=0).items():
        object.__setattr__(incident, name, value)
    s = build_summary(scenario, PUBLIC, [*entries, incident], 3)
    assert [(c.cause, c.new) for c in s.rung_changes] == [("incident", 3)]
    assert [a.text for a in s.accidents] == ["A border clash"]


def test_summary_of_a_played_turn_has_net_changes_from_the_views_picture(scenario) -> None:  # type: ignore[no-untyped-def]
    session = Session.create(scenario, seed=11, seats={}, turns=3, path=None)
    assert summary_for(session, PUBLIC) is None
    session.fill_computer_orders()
    session.end_turn()
    record = session.turns[0]
    s = summary_for(session, PUBLIC)
    assert s is not None and s.turn == 1
    before, after = record.opening.rivalries, record.closing.rivalries
    expected = {r: (before[r].public_rung, after[r].public_rung) for r in after
                if before[r].public_rung != after[r].public_rung}
    assert s.net == expected
    assert s.headlines()
