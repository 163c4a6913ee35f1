"""What a turn did, as one view may know it: the turn summary behind the app's
"after Resolve turn" panel, the projector's large print and each team's results.

Everything here is read from log entries *after* the information filter
(:func:`wargame.views.visible_entries`) and from the view's own picture of the
state (:func:`wargame.views.picture`), never from raw entries or the true state:
a team's summary holds exactly what that team could have read in its log.

Log kinds are handled generically, so a kind added to :mod:`wargame.log` later
still lands somewhere sensible:

* any entry about a rivalry whose ``data`` carries integer ``old`` and ``new``
  rungs is a *rung change* (its cause is named from the kind);
* accidents are the kinds in :data:`ACCIDENT_KINDS` and adjudications whose
  outcome was blowback;
* ``termination`` and ``agreement`` entries are *endings*;
* ``lever`` entries are lever effects; ``order`` entries that carry a sealed
  sheet, ``adjudication``, ``decision`` and ``override`` entries say who decided
  what and how it went.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wargame.labels import readable
from wargame.log import LogEntry
from wargame.payloads import RUNG_CHANGES, Adjudicated, RulingApplied
from wargame.scenario.models import Scenario
from wargame.state import GameState
from wargame.views import View, picture, visible_entries

ACCIDENT_KINDS = frozenset({"loss_of_control", "near_miss", "incident", "proxy", "off_ramp",
                            "war_gate"})
"""Log kinds that report something nobody fully chose (plus blowback outcomes)."""
ENDING_KINDS = frozenset({"termination", "agreement"})
"""Log kinds that say how a crisis ended or what the sides agreed."""
CONTEXT_KINDS = frozenset({"event", "inject", "signal"})

_CAUSES = {"ladder": "move", "loss_of_control": "loss of control", "spillover": "spillover",
           "drift": "drift", "incident": "incident"}


@dataclass(frozen=True, slots=True)
class RungChange:
    """One step on a ladder seen in the log (a turn may hold several per rivalry)."""

    rivalry: str
    name: str
    old: int
    new: int
    cause: str
    """``move``, ``blowback``, ``de-escalation``, ``loss of control``, ``spillover``,
    ``drift``, ``incident`` or the kind's own name for kinds added later."""
    actor: str | None = None
    text: str = ""

    @property
    def up(self) -> bool:
        return self.new > self.old


@dataclass(frozen=True, slots=True)
class ThresholdCrossing:
    rivalry: str
    name: str
    threshold: str
    upward: bool
    """True when the rivalry climbed across the line, False when it stepped back."""

    @property
    def text(self) -> str:
        way = "crossed" if self.upward else "stepped back across"
        return f"{self.name} {way} the threshold \u201c{self.threshold}\u201d"


@dataclass(frozen=True, slots=True)
class OrderResult:
    """How one order went: who, which move, against whom, the odds and the outcome."""

    actor: str
    actor_name: str
    move: str
    target: str | None
    outcome: str
    probability: float | None
    rivalry: str | None = None
    ruling: str | None = None
    """The White Cell's ruling if it was not a plain accept (``override`` …)."""

    @property
    def text(self) -> str:
        odds = f" ({self.probability:.0%})" if self.probability is not None else ""
        ruled = f", White Cell {readable(self.ruling)}" if self.ruling else ""
        return f"{self.actor_name}: {self.move}{odds} \u2192 {self.outcome}{ruled}"


@dataclass(frozen=True, slots=True)
class Line:
    """A summary line that needs no more structure than who, where and what."""

    kind: str
    text: str
    actor: str | None = None
    rivalry: str | None = None


@dataclass(frozen=True, slots=True)
class TurnSummary:
    turn: int
    view: View
    rung_changes: tuple[RungChange, ...] = ()
    net: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Rivalry -> (rung at the start, rung at the end) as the view sees them, where they
    differ (from the view's picture of the opening and closing state)."""
    thresholds: tuple[ThresholdCrossing, ...] = ()
    accidents: tuple[Line, ...] = ()
    endings: tuple[Line, ...] = ()
    levers: tuple[Line, ...] = ()
    orders: tuple[OrderResult, ...] = ()
    decisions: tuple[Line, ...] = ()
    """Leadership decision checks and White Cell rulings."""
    context: tuple[Line, ...] = ()
    """Events, injects and signals of the turn."""
    other: tuple[Line, ...] = ()
    """Entries of kinds this module does not place anywhere else (shown, not lost)."""
    rivalry_names: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.rung_changes or self.net or self.accidents or self.endings
                    or self.levers or self.orders or self.decisions)

    def orders_of(self, actor: str) -> tuple[OrderResult, ...]:
        return tuple(o for o in self.orders if o.actor == actor)

    def headlines(self, limit: int = 6) -> list[str]:
        """The few lines a room should read first: endings, rung changes with their
        causes, thresholds, accidents, levers."""
        out = [e.text for e in self.endings]
        for change in self.rung_changes:
            arrow = "\u2191" if change.up else "\u2193"
            out.append(f"{arrow} {change.name}: rung {change.old} \u2192 {change.new} "
                       f"({change.cause})")
        out += [t.text for t in self.thresholds]
        out += [a.text for a in self.accidents if a.kind != "loss_of_control"]
        out += [lever.text for lever in self.levers]
        if not out:
            out.append("No rung moved this turn.")
        return out[:limit]

    def sections(self) -> list[tuple[str, list[str]]]:
        """Titled lists of lines, in reading order, leaving out empty sections."""
        net = [f"{name}: rung {a} \u2192 {b}" for name, (a, b) in self._net_named()]
        parts = [
            ("How it ended", [e.text for e in self.endings]),
            ("Rung changes", [f"{c.name}: {c.old} \u2192 {c.new} ({c.cause})"
                              for c in self.rung_changes]),
            ("Net change this turn", net),
            ("Thresholds crossed", [t.text for t in self.thresholds]),
            ("Accidents and incidents", [a.text for a in self.accidents]),
            ("Policy levers", [lever.text for lever in self.levers]),
            ("Who decided what", [o.text for o in self.orders]),
            ("Decision checks and rulings", [d.text for d in self.decisions]),
            ("Events, injects and signals", [c.text for c in self.context]),
            ("Other", [o.text for o in self.other]),
        ]
        return [(title, lines) for title, lines in parts if lines]

    def to_text(self) -> str:
        out = [f"Turn {self.turn} summary ({self.view.label})"]
        for title, lines in self.sections():
            out.append(f"\n{title}")
            out += [f"  - {line}" for line in lines]
        return "\n".join(out)

    def _net_named(self) -> list[tuple[str, tuple[int, int]]]:
        return [(self.rivalry_names.get(r, r), v) for r, v in sorted(self.net.items())]


def build_summary(scenario: Scenario, view: View, entries: Iterable[LogEntry], turn: int, *,
                  opening: GameState | None = None, closing: GameState | None = None
                  ) -> TurnSummary:
    """The summary of ``turn`` for ``view`` from the game's log entries.

    ``entries`` may be the whole log: only the turn's entries the view may see are
    used. ``opening`` and ``closing`` (the turn's first and last state) add the net
    rung change per rivalry as the view pictures it.
    """
    seen = [e for e in visible_entries(view, entries) if e.turn == turn]
    changes: list[RungChange] = []
    accidents: list[Line] = []
    endings: list[Line] = []
    levers: list[Line] = []
    orders: list[OrderResult] = []
    decisions: list[Line] = []
    context: list[Line] = []
    other: list[Line] = []
    rulings = {e.payload.key: e.payload.ruling.kind.value for e in seen
               if isinstance(e.payload, RulingApplied)}
    for e in seen:
        kind = e.kind.value
        change = _rung_change(scenario, e)
        if change is not None:
            changes.append(change)
        if kind == "adjudication":
            result = _order_result(scenario, e, rulings)
            if result is not None:
                orders.append(result)
                if result.outcome == "blowback":
                    accidents.append(Line("blowback", f"Blowback: {result.text}", e.actor,
                                          e.rivalry))
        elif kind in ACCIDENT_KINDS:
            accidents.append(_line(e))
        elif kind in ENDING_KINDS:
            endings.append(_line(e))
        elif kind == "lever":
            levers.append(_line(e))
        elif kind in ("decision", "override"):
            decisions.append(_line(e))
        elif kind in CONTEXT_KINDS:
            context.append(_line(e))
        elif change is None and kind not in _QUIET_KINDS:
            other.append(_line(e))
    names = {r.id: r.name for r in scenario.rivalries}
    return TurnSummary(
        turn=turn, view=view, rung_changes=tuple(changes),
        net=_net(view, scenario, opening, closing),
        thresholds=tuple(_crossings(scenario, changes)), accidents=tuple(accidents),
        endings=tuple(endings), levers=tuple(levers), orders=tuple(orders),
        decisions=tuple(decisions), context=tuple(context), other=tuple(other),
        rivalry_names=names)


_QUIET_KINDS = frozenset({"turn", "order", "effect", "belief", "attribution", "perception",
                          "score", "note", "undo", "bookmark", "ladder", "spillover", "drift"})
"""Kinds folded into other sections (rung changes, orders) or too fine-grained for a
summary (beliefs, attributions, score tallies); they stay in the full log."""


def summary_for(session: Any, view: View, turn: int | None = None) -> TurnSummary | None:
    """The summary of a finished turn of a :class:`~wargame.session.Session` (default:
    the last one resolved), or ``None`` if no turn has been resolved yet."""
    records: Sequence[Any] = session.turns
    if not records:
        return None
    record = records[-1] if turn is None else next(
        (r for r in records if r.turn == turn), None)
    if record is None:
        return None
    return build_summary(session.scenario, view, session.log, record.turn,
                         opening=record.opening, closing=record.closing)


def _line(e: LogEntry) -> Line:
    return Line(e.kind.value, e.text, e.actor, e.rivalry)


def _rung_change(scenario: Scenario, e: LogEntry) -> RungChange | None:
    if not isinstance(e.payload, RUNG_CHANGES):
        return None
    old, new = e.payload.old, e.payload.new
    if e.rivalry is None or not scenario.has("rivalry", e.rivalry) or old == new:
        return None
    kind = e.kind.value
    cause = _CAUSES.get(kind, readable(kind))
    if kind == "ladder" and e.text.lower().startswith("blowback"):
        cause = "blowback"
    elif kind == "ladder" and new < old:
        cause = "de-escalation"
    return RungChange(e.rivalry, scenario.rivalry(e.rivalry).name, old, new, cause, e.actor,
                      e.text)


def _order_result(scenario: Scenario, e: LogEntry, rulings: dict[str, str]
                  ) -> OrderResult | None:
    adj = e.payload
    if e.actor is None or not isinstance(adj, Adjudicated):
        return None
    move = scenario.move(adj.move).name if scenario.has("move", adj.move) else (
        e.text.split(":", 1)[0] or adj.move)
    actor = scenario.actor(e.actor).name if scenario.has("actor", e.actor) else e.actor
    ruling = rulings.get(adj.key)
    return OrderResult(e.actor, actor, move, e.target, adj.outcome.value, adj.probability,
                       e.rivalry, ruling if ruling and ruling != "accept" else None)


def _crossings(scenario: Scenario, changes: Iterable[RungChange]) -> list[ThresholdCrossing]:
    out: list[ThresholdCrossing] = []
    for c in changes:
        ladder = scenario.ladder(scenario.rivalry(c.rivalry).ladder)
        low, high = min(c.old, c.new), max(c.old, c.new)
        for t in ladder.thresholds:
            if low <= t.below < high:
                crossing = ThresholdCrossing(c.rivalry, c.name, t.name, c.up)
                if crossing not in out:
                    out.append(crossing)
    return out


def _net(view: View, scenario: Scenario, opening: GameState | None,
         closing: GameState | None) -> dict[str, tuple[int, int]]:
    if opening is None or closing is None:
        return {}
    before = picture(view, scenario, opening).rungs
    after = picture(view, scenario, closing).rungs
    return {r: (int(before[r]), int(after[r])) for r in after if before.get(r) != after[r]}
