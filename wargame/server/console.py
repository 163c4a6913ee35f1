"""``wargame serve SAVE``: the station server without the desktop app.

The terminal is the White Cell's console: it prints each team's join link, then
reads commands from standard input (``help`` lists them). This process holds the
save's lock and is the only writer of its journal; stations only ask.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from wargame.commands import WHITE_CELL
from wargame.errors import WargameError
from wargame.server.host import SessionHost, warm_up
from wargame.server.runner import StationServer, team_actors, token_store_for
from wargame.server.station import OBSERVER
from wargame.session import Session

HELP = """Commands:
  status            turn, phase, who has sealed, who is connected
  links             every team's join link
  end               computer seats decide, then the turn is resolved
  revoke ACTOR      that team's link stops working (its stations are closed);
                    'public' is the observers' link
  reissue ACTOR     a new link for that team (the old one stops working)
  timer SECONDS     start a turn countdown on every station ('timer off' clears it)
  messages          the last messages on every channel (requests to the White Cell too)
  say ACTOR TEXT    the White Cell writes to that team (an answer to its request)
  quit              stop serving and close the save"""


def serve(save: Path, *, address: str, port: int, teams: Iterable[str] | None,
          auto_end: bool, stdin: TextIO, stdout: TextIO,
          started: Callable[[StationServer], None] | None = None) -> int:
    """Serve ``save`` until ``quit`` or the end of input; 0 when it closed cleanly."""
    session = Session.open(save)
    try:
        for warning in session.warnings:
            print(f"wargame: {warning}", file=stdout)
        host = SessionHost(session)
        humans = team_actors(host)
        chosen = list(teams) if teams is not None else humans
        for actor in chosen:
            if actor not in humans:
                raise WargameError(f"'{actor}' is not a seat played by a human team here "
                                   f"(those are: {', '.join(humans) or 'none'})")
        if not chosen:
            raise WargameError("no seat of this game is played by a human team: start the game "
                               "with team seats to play it from stations")
        warm_up(session)
        server = StationServer(host, actors=chosen, address=address, port=port,
                               token_store=token_store_for(session.path))
        server.start()
        try:
            if auto_end:
                _end_when_sealed(host, server, stdout)
            print(f"Serving team stations of '{session.header.title}' on "
                  f"{address}:{server.port}.", file=stdout)
            _links(server, stdout)
            print("Type 'help' for the White Cell's commands.", file=stdout, flush=True)
            if started is not None:
                started(server)
            for line in stdin:
                if not _console(line.split(), host, server, stdout):
                    break
        finally:
            server.stop()
    finally:
        session.close()
    return 0


def _links(server: StationServer, out: TextIO) -> None:
    for actor in server.principals:
        label = "observers (public view)" if actor == OBSERVER else actor
        print(f"  {label}: {server.link(actor) or 'revoked (reissue to join again)'}", file=out)
    print("", file=out, flush=True)


def _console(words: list[str], host: SessionHost, server: StationServer, out: TextIO) -> bool:
    """Run one console command; False to stop serving."""
    if not words:
        return True
    verb, rest = words[0].lower(), words[1:]
    try:
        if verb in ("quit", "exit"):
            return False
        if verb == "help":
            print(HELP, file=out)
        elif verb == "links":
            _links(server, out)
        elif verb == "status":
            print(_status(host, server), file=out)
        elif verb == "end":
            print(_end_turn(host), file=out)
            print(_status(host, server), file=out)
        elif verb in ("revoke", "reissue") and len(rest) == 1:
            if rest[0] not in server.principals:
                raise WargameError(f"no team '{rest[0]}' on stations "
                                   f"(those are: {', '.join(server.principals)})")
            if verb == "revoke":
                server.revoke(rest[0])
                print(f"{rest[0]}: link revoked", file=out)
            else:
                print(f"{rest[0]}: {server.reissue(rest[0])}", file=out)
        elif verb == "messages":
            print(_messages(host.session), file=out)
        elif verb == "say" and len(rest) >= 2:
            host.run(lambda s: s.message(WHITE_CELL, rest[0], " ".join(rest[1:])))
            print(f"to {rest[0]}: sent", file=out)
        elif verb == "timer" and len(rest) == 1:
            server.set_timer(None if rest[0] == "off" else float(rest[0]))
            print("timer cleared" if rest[0] == "off" else f"timer set: {rest[0]} s", file=out)
        else:
            print(f"unknown command '{' '.join(words)}'; type 'help'", file=out)
    except (WargameError, ValueError) as exc:
        print(f"wargame: {exc}", file=out)
    out.flush()
    return True


def _end_turn(host: SessionHost) -> str:
    """Let computer seats decide, resolve the turn, and say who gave no orders."""
    def end(session: Session) -> str:
        turn, missing = session.turn, session.seats_waiting()
        session.fill_computer_orders()
        session.end_turn()
        return (f"Turn {turn} ended without orders from {', '.join(missing)}." if missing
                else f"Turn {turn} resolved.")

    return str(host.run(end))


def _messages(session: Session, last: int = 20) -> str:
    """The last messages of the game, oldest first, one a line."""
    def end(party: str) -> str:
        return "White Cell" if party == WHITE_CELL else party

    lines = [f"  T{m.turn} {end(m.sender)} -> {end(m.recipient)}"
             f"{' (request)' if m.is_request else ''}: {m.text}"
             for m in session.messages[-last:]]
    return "\n".join(lines) if lines else "  no messages yet"


def _status(host: SessionHost, server: StationServer) -> str:
    session = host.session
    if session.ended:
        head = "The game has ended."
    else:
        head = f"Turn {session.turn} of {session.state.last_turn}, phase {session.state.phase}."
    sealed = ", ".join(sorted(session.sheets)) or "nobody"
    present = ", ".join(f"{a} ({p.connections})" for a, p in sorted(server.presence().items())
                        if p.connections) or "nobody"
    return f"{head} Sealed: {sealed}. Connected: {present}."


def _end_when_sealed(host: SessionHost, server: StationServer, out: TextIO) -> None:
    """Resolve the turn by itself once every team seat has sealed (``--auto-end``)."""
    busy = threading.Lock()

    def check() -> None:
        if not busy.acquire(blocking=False):
            return
        try:
            session = host.session
            if session.ended or session.seats_waiting():
                return
            print(_end_turn(host), file=out)
            print(_status(host, server), file=out, flush=True)
        except WargameError as exc:
            print(f"wargame: {exc}", file=out, flush=True)
        finally:
            busy.release()

    host.subscribe(check)
