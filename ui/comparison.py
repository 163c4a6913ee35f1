"""Compare two games (a what-if branch and its parent): curves, branch point, final numbers.

No Qt here: :func:`compare` reads two sessions and returns plain data that
:class:`~ui.widgets.compare_view.CompareView` draws. Curves are indexed by
finished turns (``0`` = the opening, ``t`` = after turn ``t``), like every chart
in the app.

The *branch point* is ``header.parent.at_seq`` when one save is the other's
branch, else the length of the common command prefix (``0`` if the scenario or
the seed differ). :attr:`Comparison.divergence` is the number of turns both
games finished before it: their curves coincide up to that index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wargame.journal import JournalContents
from wargame.session import Session


@dataclass(frozen=True, slots=True)
class CurvePair:
    """One measure over turns in both games."""

    id: str
    name: str
    a: tuple[float, ...]
    b: tuple[float, ...]
    y_range: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Difference:
    """One row of the final-differences table."""

    group: str
    measure: str
    a: float | str
    b: float | str

    @property
    def delta(self) -> float | None:
        if isinstance(self.a, (int, float)) and isinstance(self.b, (int, float)):
            return float(self.b) - float(self.a)
        return None

    @property
    def differs(self) -> bool:
        return self.a != self.b


@dataclass(frozen=True)
class Comparison:
    a_label: str
    b_label: str
    branch_seq: int
    """Journal commands the two games share."""
    divergence: int
    """Turns both games finished before the branch point (curves coincide up to here)."""
    shared_turns_identical: bool
    """The state hashes of those shared turns are equal in both games."""
    rungs: list[CurvePair] = field(default_factory=list)
    indicators: list[CurvePair] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def divergence_turn(self) -> int:
        """The turn in which the games part (the turn open at the branch point)."""
        return self.divergence + 1


def load(path: str | Path) -> Session:
    """A save, read-only (nothing is ever written to a compared game)."""
    return Session.open(path, readonly=True)


def _same_file(a: Path | str | None, b: Path | str | None) -> bool:
    if not a or not b:
        return False
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def branch_point(a: Session, b: Session) -> int:
    """Commands shared by the two games (see the module docstring)."""
    if a.header.scenario_sha256 != b.header.scenario_sha256 or a.seed != b.seed:
        return 0
    limit = min(len(a.commands), len(b.commands))
    for child, parent in ((b, a), (a, b)):
        link = child.header.parent
        if link and _same_file(link.get("save"), parent.path):
            return max(0, min(int(link.get("at_seq", 0)), limit))
    shared = 0
    for x, y in zip(a.commands, b.commands, strict=False):
        if (x.name, dict(x.args)) != (y.name, dict(y.args)):
            break
        shared += 1
    return shared


def _turns_before(session: Session, position: int) -> int:
    contents = JournalContents(session.header, list(session.commands))
    return len(Session.from_contents(contents, source="comparison", upto=position).turns)


def compare(a: Session, b: Session, a_label: str = "A", b_label: str = "B") -> Comparison:
    """Curves per rivalry and indicator, the branch point and the final differences."""
    seq = branch_point(a, b)
    divergence = _turns_before(a, seq) if seq else 0
    identical = all(a.turns[i].state_hash == b.turns[i].state_hash
                    for i in range(min(divergence, len(a.turns), len(b.turns))))
    out = Comparison(a_label, b_label, seq, divergence, identical)
    if a.header.scenario_sha256 != b.header.scenario_sha256:
        out.notes.append("The two games use different scenarios: only what they have in "
                         "common is compared.")
    elif a.seed != b.seed:
        out.notes.append("The two games use different seeds: their dice differ from the start.")
    sa, sb = a.state, b.state
    scenario = a.scenario
    for r in scenario.rivalries:
        if r.id not in sb.rivalries:
            continue
        ra, rb = sa.rivalries[r.id], sb.rivalries[r.id]
        out.rungs.append(CurvePair(
            r.id, r.name, (float(r.start_rung), *map(float, ra.history)),
            (float(r.start_rung), *map(float, rb.history)), (0.0, 9.0)))
    for spec in scenario.indicators:
        if spec.id not in sb.indicators:
            continue
        out.indicators.append(CurvePair(
            spec.id, spec.name, (spec.initial, *sa.indicator_history.get(spec.id, ())),
            (spec.initial, *sb.indicator_history.get(spec.id, ())), (spec.min, spec.max)))
    out.differences.extend(_differences(a, b))
    return out


def _status(session: Session) -> str:
    st = session.state
    return "game over" if st.ended else f"turn {st.turn} of {st.last_turn} open"


def _differences(a: Session, b: Session) -> list[Difference]:
    sa, sb, sc = a.state, b.state, a.scenario
    rows = [Difference("Game", "Turns finished", len(a.turns), len(b.turns)),
            Difference("Game", "Status", _status(a), _status(b))]
    for r in sc.rivalries:
        if r.id in sb.rivalries:
            ra, rb = sa.rivalries[r.id], sb.rivalries[r.id]
            rows.append(Difference(r.name, "Rung", ra.rung, rb.rung))
            rows.append(Difference(r.name, "Peak rung", ra.peak, rb.peak))
            rows.append(Difference(r.name, "Mean tension", round(ra.mean_tension, 2),
                                   round(rb.mean_tension, 2)))
    for spec in sc.indicators:
        if spec.id in sb.indicators:
            rows.append(Difference("Indicator", spec.name, round(sa.indicators[spec.id], 2),
                                   round(sb.indicators[spec.id], 2)))
    for actor in sc.actors:
        if actor.id in sa.escalation_scores or actor.id in sb.escalation_scores:
            rows.append(Difference(actor.name, "Escalation score",
                                   round(sum(sa.escalation_scores.get(actor.id, ())), 2),
                                   round(sum(sb.escalation_scores.get(actor.id, ())), 2)))
        if actor.id in sa.objective_points or actor.id in sb.objective_points:
            rows.append(Difference(actor.name, "Objective points",
                                   round(sa.objective_points.get(actor.id, 0.0), 2),
                                   round(sb.objective_points.get(actor.id, 0.0), 2)))
        mine, theirs = sa.variables.get(actor.id, {}), sb.variables.get(actor.id, {})
        for var, value in mine.items():
            if var in theirs:
                name = sc.variable(var).name if sc.has("variable", var) else var
                rows.append(Difference(actor.name, name, round(value, 2),
                                       round(theirs[var], 2)))
    return rows
