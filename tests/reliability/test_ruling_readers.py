"""The ruling dialog's statement of who reads a reason matches what the engine shows.

For every proposed adjudication of real games of the Afghanistan scenario, a ruling
with a unique reason is made and the turn resolved; then, for the public view and
every team, the reason is in what that view may see (log texts and data, through the
one information filter) exactly when :func:`wargame.ruling_audience.reason_readers`
says so. Regression of issue 12: override reasons on public moves became public and
the facilitator was not told.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from wargame.orders import Outcome, Ruling, RulingKind
from wargame.ruling_audience import ReasonReaders, describe_readers, reason_readers
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Scenario
from wargame.session import Session
from wargame.views import PUBLIC, actor_view, visible_entries

from .conftest import ROOT

KINDS = (RulingKind.OVERRIDE, RulingKind.REROLL, RulingKind.STRONG_ARGUMENT)


@pytest.fixture(scope="module")
def afghanistan() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "afghanistan-2022.yaml")


def _seen_by(session: Session, view: object, reason: str) -> bool:
    return any(reason in json.dumps(e.to_dict(), ensure_ascii=False)
               for e in visible_entries(view, session.log))  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_reason_reaches_exactly_the_readers_named(afghanistan: Scenario, seed: int) -> None:
    session = Session.create(afghanistan, seed=seed, turns=3)
    cases: Counter[str] = Counter()
    for turn in range(2):
        session.fill_computer_orders()
        expected: dict[str, ReasonReaders] = {}
        for number, adj in enumerate(session.proposals()):
            reason = f"reason-{turn}-{adj.key}"
            kind = KINDS[number % len(KINDS)]
            session.rule(Ruling(adj.key, kind, reason,
                                Outcome.FAILURE if kind is RulingKind.OVERRIDE else None,
                                1.0 if kind is RulingKind.STRONG_ARGUMENT else 0.0))
            expected[reason] = reason_readers(afghanistan, adj)
        for reason in expected:  # before the turn is resolved: the White Cell only
            assert not _seen_by(session, PUBLIC, reason)
        session.end_turn()
        for reason, readers in expected.items():
            assert _seen_by(session, PUBLIC, reason) == readers.public, reason
            for actor in afghanistan.actors:
                wanted = readers.public or actor.id in readers.actors
                assert _seen_by(session, actor_view(actor.id), reason) == wanted, (
                    reason, actor.id, readers)
            cases["public" if readers.public else "nobody" if readers.nobody
                  else f"{len(readers.actors)} team(s)"] += 1
    assert cases["public"] and cases["1 team(s)"], cases


def test_the_sentences(afghanistan: Scenario) -> None:
    assert describe_readers(afghanistan, ReasonReaders(True, ())).startswith(
        "This move is public: when the turn is resolved, the reason you write is shown to "
        "every team and on the public display")
    assert describe_readers(afghanistan, ReasonReaders(False, ())) == (
        "The reason stays with the White Cell: no team sees it.")
    two = describe_readers(afghanistan, ReasonReaders(False, ("CHN", "ETIM")))
    china, etim = afghanistan.actor("CHN").name, afghanistan.actor("ETIM").name
    assert two.startswith(f"When the turn is resolved, the reason you write is shown to the "
                          f"{china} and {etim} teams (who see this move)")
    assert "Other teams and the public display do not see it." in two


def test_a_private_move_names_its_actor_and_target(afghanistan: Scenario) -> None:
    from wargame.orders import Order, OrderSheet
    from wargame.rules.adjudication import adjudicate

    session = Session.create(afghanistan, seed=1, turns=2)
    order = Order("CHN", "cn_press_relocation", "ETIM")
    sheets = {"CHN": OrderSheet("CHN", (order,))}
    (adj,) = adjudicate(afghanistan, session.state, sheets, {}, 1)
    assert reason_readers(afghanistan, adj) == ReasonReaders(False, ("CHN", "ETIM"))
