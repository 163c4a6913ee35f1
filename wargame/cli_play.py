"""Terminal play: each human seat sees its own view and picks orders; the computer plays
the rest."""

from __future__ import annotations

from typing import TextIO

from wargame.errors import IllegalOrderError
from wargame.log import LogEntry
from wargame.orders import Order, OrderSheet
from wargame.rules.legality import legal_orders, rivalry_for
from wargame.runner import play_session_turn
from wargame.session import Session
from wargame.views import (
    FACILITATOR,
    PUBLIC,
    View,
    actor_view,
    rung_seen,
    rung_series,
    visible_entries,
)

PUBLIC_KINDS = {"event", "inject", "signal", "order", "adjudication", "ladder", "off_ramp",
                "loss_of_control", "spillover", "drift", "lever", "turn", "effect"}


def _print_entries(entries: list[LogEntry], out: TextIO) -> None:
    for entry in entries:
        if entry.kind.value in PUBLIC_KINDS or entry.visibility.value != "public":
            out.write(f"  [{entry.kind.value}] {entry.text}\n")


def _summary(session: Session, out: TextIO, view: View = FACILITATOR) -> None:
    """The closing summary, rungs and peaks as ``view`` saw them (the one filter)."""
    state = session.state
    states = [session.turns[0].opening, *(t.closing for t in session.turns)] \
        if session.turns else [state]
    out.write(f"\n== {session.scenario.metadata.title}: "
              f"{'final' if state.ended else f'turn {state.turn} of {state.last_turn}'} ==\n")
    for rivalry in session.scenario.rivalries:
        rung = rung_seen(view, state, rivalry.id)
        peak = max([rung, *rung_series(view, session.scenario, states, rivalry.id)])
        name = session.scenario.rung_name(rivalry.id, rung)
        out.write(f"  {rivalry.id:<10} rung {rung} ({name}); peak {peak}\n")
    for indicator in session.scenario.indicators:
        out.write(f"  {indicator.name}: {state.indicators[indicator.id]:.1f}\n")
    out.write(f"  save: {session.path or 'not saved'}; seed {session.seed}\n")


def _prompt_orders(session: Session, actor: str, stdin: TextIO, out: TextIO) -> OrderSheet | None:
    scenario, state = session.scenario, session.state
    view = actor_view(actor)
    out.write(f"\n--- {scenario.actor(actor).name}: your view ---\n")
    for rivalry in scenario.rivalries:
        if actor in rivalry.sides:
            seen = rung_seen(view, state, rivalry.id)
            out.write(f"  {rivalry.name}: you see rung {seen} "
                      f"({scenario.rung_name(rivalry.id, seen)})\n")
    options = list(legal_orders(scenario, state, actor))
    for number, order in enumerate(options, start=1):
        move = scenario.move(order.move)
        riv = rivalry_for(scenario, actor, order.target)
        where = f" [{riv.id}]" if riv else ""
        target = f" -> {order.target}" if order.target else ""
        cost = move.cost.describe()
        out.write(f"  {number:>2}. {move.name}{target}{where} rung {move.rung}, "
                  f"{move.category.value}, {move.visibility.value}, odds {move.odds_text()}"
                  + (f", costs {cost}" if cost else "") + "\n")
    limit = scenario.metadata.orders_per_turn
    while True:
        out.write(f"Choose up to {limit} (e.g. 1,3), Enter to hold, q to save and quit: ")
        out.flush()
        line = stdin.readline()
        if not line or line.strip().lower() == "q":
            return None
        text = line.strip()
        if not text:
            return OrderSheet(actor)
        try:
            picks = [options[int(x) - 1] for x in text.replace(" ", "").split(",")]
            if any(int(x) < 1 for x in text.replace(" ", "").split(",")):
                raise IndexError
        except (ValueError, IndexError):
            out.write("  Please give order numbers from the list.\n")
            continue
        sheet = OrderSheet(actor, tuple(Order(o.actor, o.move, o.target) for o in picks))
        try:
            session.submit_orders(sheet)
        except IllegalOrderError as exc:
            out.write(f"  Not allowed: {exc.reason}\n")
            continue
        return sheet


def play_loop(session: Session, humans: list[str], *, quiet: bool, stdin: TextIO,
              out: TextIO | None = None, stdout: TextIO | None = None) -> None:
    out = out or stdout
    assert out is not None
    shown = 0
    if not quiet:
        out.write(f"{session.scenario.metadata.title} (seed {session.seed})\n")
    while not session.ended:
        if not quiet:
            viewers: list[str | None] = list(humans) or [None]
            for actor in viewers:
                entries = list(session.log[shown:])
                view = PUBLIC if actor is None else actor_view(actor)
                _print_entries(visible_entries(view, entries), out)
            shown = len(session.log)
        for actor in humans:
            if actor in session.sheets:
                continue
            if _prompt_orders(session, actor, stdin, out) is None:
                out.write(f"Game saved; continue with: wargame resume {session.path}\n"
                          if session.path else "Game not saved (no --save).\n")
                return
        play_session_turn(session)
    if not quiet:
        entries = list(session.log[shown:])
        _print_entries(visible_entries(actor_view(humans[0]) if humans else PUBLIC, entries),
                       out)
    _summary(session, out, actor_view(humans[0]) if len(humans) == 1 else
             PUBLIC if humans else FACILITATOR)
