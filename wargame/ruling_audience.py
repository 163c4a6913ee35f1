"""Who will read the reason of a White Cell ruling, so the ruling dialog can say so first.

A ruling's reason is written into the turn's log when the turn is resolved: an
override, a re-roll or a pass through the war gate as a "White Cell ..." line, a
strong argument as one of the move's factors. Both lines are exactly as visible as
the move they rule on (``_visibility`` in :mod:`wargame.rules.resolution`): a public move's
to every team and the public display, a private move's to its actor and target, a
covert move's to its actor. A ruling on a move that holds position is never shown to
a team. Before the turn is resolved a ruling is seen by the White Cell only.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.log import Visibility
from wargame.rules.adjudication import Adjudication
from wargame.rules.resolution import _visibility as move_audience  # the engine's own rule
from wargame.scenario import models as m


@dataclass(frozen=True, slots=True)
class ReasonReaders:
    """``public``: every team and the public display; else ``actors`` (maybe none)."""

    public: bool
    actors: tuple[str, ...]

    @property
    def nobody(self) -> bool:
        return not self.public and not self.actors


def reason_readers(scenario: m.Scenario, adjudication: Adjudication) -> ReasonReaders:
    """Who reads the reason of a ruling on ``adjudication`` once the turn is resolved."""
    move = scenario.move(adjudication.move)
    if move.category == m.Category.STATUS_QUO:
        return ReasonReaders(False, ())
    order = adjudication.order
    visibility, audience = move_audience(move, order.actor, order.target)
    return ReasonReaders(visibility == Visibility.PUBLIC, tuple(audience))


def describe_readers(scenario: m.Scenario, readers: ReasonReaders) -> str:
    """The sentence the ruling dialog shows above the reason (plain text)."""
    if readers.public:
        return ("This move is public: when the turn is resolved, the reason you write "
                "is shown to every team and on the public display, in the log and in "
                "every report.")
    if readers.nobody:
        return "The reason stays with the White Cell: no team sees it."
    names = [scenario.actor(a).name for a in readers.actors]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    teams = "team" if len(names) == 1 else "teams"
    return (f"When the turn is resolved, the reason you write is shown to the {who} {teams} "
            "(who see this move), in their log and their report. Other teams and the "
            "public display do not see it.")
