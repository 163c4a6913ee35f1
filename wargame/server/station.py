"""What a team station may see and do.

Seeing: :func:`team_state` and :class:`VisibleLog` build everything a station
receives (a team's station gets its actor's view; an observer station, the public
view the projector shows), and only from :mod:`wargame.views` (``picture``, ``rung_seen``,
``visible_entries``, ``visible_sheets``) plus public scenario data (names,
ladders, the move catalogue with its base odds and costs). Nothing is read from
the true state except through those functions.

Doing: :func:`authorise` turns what a station sent into a typed command, or
refuses it: a station may seal its own orders while the turn is open, write its
own private notes and send messages from its own seat; nothing else.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wargame.commands import (
    WHITE_CELL,
    AddNote,
    SendMessage,
    SessionCommand,
    SubmitOrders,
    decode,
)
from wargame.errors import CommandError
from wargame.log import Kind, LogEntry, Visibility
from wargame.logchain import LogChain
from wargame.rules.legality import legal_orders, rivalry_for
from wargame.rules.rungs import fixed_rungs
from wargame.server.host import Frame
from wargame.session import SeatKind
from wargame.views import (
    PUBLIC,
    TeamPicture,
    View,
    actor_view,
    picture,
    visible_entries,
    visible_sheets,
)

TEAM_COMMANDS = ("submit_orders", "note", "message")
"""The only commands a station may send."""
OBSERVER = "public"
"""The principal of an observer station: the public view (what the projector shows)."""


def view_of(principal: str) -> View:
    """The view a station's principal has: the public for observers, else its actor's."""
    return PUBLIC if principal == OBSERVER else actor_view(principal)


class StationRefused(CommandError):
    """A station asked for something its seat may not do."""


@dataclass(frozen=True, slots=True)
class Timer:
    """A turn countdown set by the facilitator (wall-clock deadline, seconds since 1970)."""

    deadline: float
    warning: float = 60.0
    """Seconds before the deadline at which stations show a warning."""

    def to_dict(self) -> dict[str, float]:
        """The deadline and warning; stations count down on their own clocks, corrected
        by the ``sent`` time of each update."""
        return {"deadline": self.deadline, "warning": self.warning}


def team_state(frame: Frame, actor: str, sealed: list[str],
               timer: Timer | None = None) -> dict[str, Any]:
    """Everything but the log that ``actor``'s station shows, as plain data
    (``actor`` may be :data:`OBSERVER`: the public view, which gives no orders).

    ``sealed`` is who has sealed this turn as the station's own log tells it
    (:meth:`VisibleLog.sealed`).
    """
    scenario, record = frame.scenario, frame.record
    state, view = record.state, view_of(actor)
    seen = picture(view, scenario, state)
    observer = actor == OBSERVER
    seat = frame.seats.get(actor)
    if observer:
        me = {"id": OBSERVER, "name": "Observer (public view)", "team": "",
              "playable": False, "observer": True}
    else:
        who = scenario.actor(actor)
        me = {"id": actor, "name": who.name,
              "team": seat.team if seat is not None and seat.kind == SeatKind.HUMAN else "",
              "playable": who.playable, "observer": False}
    ladders = []
    for rivalry in scenario.rivalries:
        ladder = scenario.ladder(rivalry.ladder)
        ladders.append({
            "id": rivalry.id, "name": rivalry.name, "sides": list(rivalry.sides),
            "mine": actor in rivalry.sides, "rung": seen.rungs[rivalry.id],
            "cap": rivalry.cap, "overt_force": fixed_rungs(scenario, rivalry).overt_force,
            "rungs": [{"rung": r.rung, "name": rivalry.rung_names.get(r.rung, r.name)}
                      for r in ladder.rungs],
            "thresholds": [{"below": t.below, "name": t.name} for t in ladder.thresholds],
        })
    open_turn = not state.ended and state.phase == "orders"
    menu = []
    if open_turn and me["playable"]:
        for order in legal_orders(scenario, state, actor):
            move = scenario.move(order.move)
            riv = rivalry_for(scenario, actor, order.target)
            menu.append({
                "move": move.id, "name": move.name, "target": order.target,
                "target_name": scenario.actor(order.target).name if order.target else "",
                "rivalry": riv.id if riv else None, "rung": move.rung,
                "category": move.category.value, "visibility": move.visibility.value,
                "odds": move.odds_text(), "cost": move.cost.describe(),
                "resources": move.cost.resources, "description": move.description})
    sheet = visible_sheets(view, record.sheets).get(actor)
    return {
        "game": frame.title, "scenario": scenario.metadata.title,
        "me": me,
        "actors": [{"id": a.id, "name": a.name} for a in scenario.actors],
        "white_cell": WHITE_CELL,
        "turn": state.turn, "last_turn": state.last_turn, "phase": state.phase,
        "ended": state.ended, "open": open_turn,
        "orders_per_turn": scenario.metadata.orders_per_turn,
        "ladders": ladders,
        "indicators": [{"id": i.id, "name": i.name, "value": seen.indicators[i.id]}
                       for i in scenario.indicators],
        "variables": dict(seen.variables) if isinstance(seen, TeamPicture) else {},
        "objective_points": seen.known_points().get(actor, 0.0),
        "menu": menu,
        "sheet": sheet.to_dict() if sheet is not None else None,
        "sealed": sealed,
        "timer": timer.to_dict() if timer is not None else None,
    }


def entry_dict(entry: LogEntry) -> dict[str, Any]:
    """A visible (already filtered) entry as sent to a station."""
    return entry.to_dict()


_Sealed = Mapping[int, frozenset[str]]


class VisibleLog:
    """One team's filtered log, computed incrementally along the shared log chain.

    The log is a chain of immutable nodes; each node's filtered entries are
    computed once (through :func:`wargame.views.visible_entries`), with their JSON
    text and, turn by turn, the actors whose public "sealed its orders" entry the
    team has seen; the last ``size`` nodes are kept, so a new command costs only its
    own entries and a reconnecting station's whole log is a join of kept texts.
    """

    def __init__(self, actor: str, size: int = 512) -> None:
        self.view = view_of(actor)
        self.size = size
        self._cache: OrderedDict[int, tuple[LogChain, tuple[dict[str, Any], ...],
                                            tuple[str, ...], _Sealed]] = OrderedDict()

    def entries(self, chain: LogChain) -> tuple[dict[str, Any], ...]:
        """The team's entries of ``chain``, oldest first, as plain data."""
        return self._lookup(chain)[0]

    def texts(self, chain: LogChain) -> tuple[str, ...]:
        """The same entries as JSON texts."""
        return self._lookup(chain)[1]

    def sealed(self, chain: LogChain, turn: int) -> list[str]:
        """Actors whose public "sealed its orders" entry of ``turn`` is in the team's log."""
        return sorted(self._lookup(chain)[2].get(turn, frozenset()))

    def _lookup(self, chain: LogChain
                ) -> tuple[tuple[dict[str, Any], ...], tuple[str, ...], _Sealed]:
        pending: list[LogChain] = []
        node: LogChain | None = chain
        dicts: tuple[dict[str, Any], ...] = ()
        texts: tuple[str, ...] = ()
        sealed: _Sealed = {}
        while node is not None:
            hit = self._cache.get(id(node))
            if hit is not None and hit[0] is node:
                dicts, texts, sealed = hit[1], hit[2], hit[3]
                self._cache.move_to_end(id(node))
                break
            pending.append(node)
            node = node.parent
        for node in reversed(pending):
            added = tuple(entry_dict(e) for e in visible_entries(self.view, node.items))
            dicts = dicts + added
            texts = texts + tuple(json.dumps(d, ensure_ascii=False, separators=(",", ":"))
                                  for d in added)
            sealed = _with_sealed(sealed, added)
            self._cache[id(node)] = (node, dicts, texts, sealed)
            if len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return dicts, texts, sealed


def _with_sealed(sealed: _Sealed, added: tuple[dict[str, Any], ...]) -> _Sealed:
    """``sealed`` updated with the public "sealed its orders" entries among ``added``."""
    news = [(e["turn"], e["actor"]) for e in added
            if e["kind"] == Kind.ORDER.value and e["actor"]
            and e["visibility"] == Visibility.PUBLIC.value]
    if not news:
        return sealed
    out = dict(sealed)
    for turn, actor in news:
        out[turn] = out.get(turn, frozenset()) | {actor}
    return out


def authorise(frame: Frame, actor: str, name: str, args: Mapping[str, Any]
              ) -> SessionCommand:
    """The typed command a station of ``actor`` may run, or :class:`StationRefused`."""
    if actor == OBSERVER:
        raise StationRefused("an observer station only watches")
    if name not in TEAM_COMMANDS:
        raise StationRefused(f"a team station cannot send '{name}'")
    command = decode(name, args)
    state = frame.record.state
    seat = frame.seats.get(actor)
    if seat is None or seat.kind != SeatKind.HUMAN:
        raise StationRefused(f"{actor} is not played by a team")
    team = seat.team or frame.scenario.actor(actor).name
    if isinstance(command, SubmitOrders):
        if command.sheet.actor != actor:
            raise StationRefused("these orders are for another team's seat")
        if state.ended or state.phase != "orders":
            raise StationRefused("orders are not open now")
        if not frame.scenario.actor(actor).playable:
            raise StationRefused(f"{actor} does not give orders")
        return command
    if isinstance(command, AddNote):
        if command.actor != actor:
            raise StationRefused("a station writes only its own team's notes")
        return AddNote(command.text, team, actor, state.turn)
    if isinstance(command, SendMessage):
        if command.sender != actor:
            raise StationRefused("a station sends messages only from its own seat")
        return SendMessage(actor, command.recipient, command.text, state.turn)
    raise StationRefused(f"a team station cannot send '{name}'")  # pragma: no cover
