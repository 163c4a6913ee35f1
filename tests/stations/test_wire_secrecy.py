"""Secrecy over the wire: for random games, what a team's station receives (HTTP and
websocket) is exactly what the information filter lets it see, an observer station
gets the public view and nothing private, and a wrong or revoked token gets nothing.
``WARGAME_FUZZ_EXAMPLES`` raises the number of games (default 4)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import InvalidStatus

from tests.stations.conftest import Station, http
from wargame.commands import WHITE_CELL
from wargame.orders import Order, OrderSheet
from wargame.runner import computer_sheets
from wargame.scenario.loader import load_scenario
from wargame.server.host import SessionHost
from wargame.server.runner import StationServer
from wargame.server.station import OBSERVER
from wargame.session import Seat, SeatKind, Session
from wargame.views import PUBLIC, actor_view, can_see, rung_seen, visible_entries

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("WARGAME_FUZZ_EXAMPLES", "4"))
SCENARIO = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
ACTORS = [a.id for a in SCENARIO.actors if a.playable]


def _play(seed: int, turns: int, rng: random.Random) -> tuple[Session, dict[str, list[str]]]:
    """A game with messages, notes and rationales, each carrying a unique marker word;
    returns it and, per actor, the markers it is entitled to read."""
    seats = {a: Seat(SeatKind.HUMAN, f"Team {a}") for a in ACTORS}
    session = Session.create(SCENARIO, seed=seed, seats=seats, turns=max(turns + 1, 3))
    entitled: dict[str, list[str]] = {a: [] for a in ACTORS}
    counter = 0

    def marker() -> str:
        nonlocal counter
        counter += 1
        return f"mark{seed}x{counter}q"

    for turn in range(turns + 1):
        for _ in range(rng.randint(0, 4)):
            sender = rng.choice([*ACTORS, WHITE_CELL])
            recipient = rng.choice([a for a in [*ACTORS, WHITE_CELL] if a != sender])
            word = marker()
            session.message(sender, recipient, f"about {word}")
            for end in (sender, recipient):
                if end != WHITE_CELL:
                    entitled[end].append(word)
        if rng.random() < 0.6:
            owner, word = rng.choice(ACTORS), marker()
            session.note(f"note {word}", author=f"Team {owner}", actor=owner)
            entitled[owner].append(word)
        sheets = computer_sheets(SCENARIO, session.state, ACTORS, seed)
        last = turn == turns
        for sheet in sheets:
            if last and rng.random() < 0.5:
                continue  # the open turn: some teams have sealed, some not
            word = marker()
            orders = tuple(Order(o.actor, o.move, o.target, f"because {word}")
                           for o in sheet.orders)
            session.submit_orders(OrderSheet(sheet.actor, orders, sheet.signals))
            if orders:
                entitled[sheet.actor].append(word)
        if not last:
            session.end_turn()
    return session, entitled


def _normal(value: Any) -> Any:
    return json.loads(json.dumps(value))


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31 - 1), turns=st.integers(0, 3))
def test_a_station_receives_exactly_what_the_filter_lets_it_see(seed: int, turns: int) -> None:
    rng = random.Random(seed)
    session, entitled = _play(seed, turns, rng)
    all_markers = {w for words in entitled.values() for w in words}
    host = SessionHost(session)
    server = StationServer(host, port=0)
    server.start()
    try:
        for actor in ACTORS:
            view = actor_view(actor)
            link = server.link(actor)
            assert link is not None
            status, _, body = http(link + "api/state")
            assert status == 200
            snapshot = json.loads(body)
            station = Station(link.replace("http://", "ws://") + "ws")
            station.until(lambda s: bool(s.state))
            station.close()
            expected_log = _normal([e.to_dict() for e in visible_entries(view, session.log)])
            assert snapshot["log"] == expected_log
            assert station.log == expected_log
            assert station.state == snapshot["state"]
            for ladder in snapshot["state"]["ladders"]:
                assert ladder["rung"] == rung_seen(view, session.state, ladder["id"])
            assert list(snapshot["state"]["variables"]) == list(
                session.state.variables[actor])
            wire = body.decode() + "".join(station.raw)
            for word in all_markers - set(entitled[actor]):
                assert word not in wire, f"{actor} received {word}"
            for word in entitled[actor]:
                assert word in wire, f"{actor} did not receive its own {word}"
            visible_texts = "\n".join(e["text"] for e in expected_log)
            for entry in session.log:
                if not can_see(view, entry) and len(entry.text) > 12 and (
                        entry.text not in visible_texts):
                    assert entry.text not in wire, f"{actor} received a hidden entry"
            others = set(ACTORS) - {actor}
            assert not any(o in (snapshot["state"]["sheet"] or {}).get("actor", "")
                           for o in others)
        observer = server.link(OBSERVER)
        assert observer is not None
        body = http(observer + "api/state")[2]
        public = json.loads(body)
        assert public["log"] == _normal([e.to_dict() for e in visible_entries(PUBLIC,
                                                                               session.log)])
        for ladder in public["state"]["ladders"]:
            assert ladder["rung"] == rung_seen(PUBLIC, session.state, ladder["id"])
        assert public["state"]["sheet"] is None and public["state"]["variables"] == {}
        assert not any(word in body.decode() for word in all_markers)
    finally:
        server.stop()


def test_wrong_and_revoked_tokens_get_nothing(tmp_path: Path) -> None:
    session, _ = _play(5, 1, random.Random(5))
    host = SessionHost(session)
    server = StationServer(host, port=0)
    server.start()
    try:
        link = server.link("PAK")
        token = server.tokens.token("PAK")
        assert link is not None and token is not None
        near_misses = [token[:-1], token + "A", token.upper(), token[1:], "", "PAK",
                       token[:-1] + ("A" if token[-1] != "A" else "B")]
        for wrong in near_misses:
            url = link.replace(token, wrong)
            for path in ("", "app.js", "api/state"):
                status, _, body = http(url + path)
                assert status in (404, 429) and body in (b"Not found", b"Too many tries")
        server.service.failures = type(server.service.failures)(100, 100)  # room to go on
        server.revoke("PAK")
        for path in ("", "app.js", "api/state"):
            status, _, body = http(link + path)
            assert (status, body) == (404, b"Not found")
        with pytest.raises(InvalidStatus):
            Station(link.replace("http://", "ws://") + "ws")
    finally:
        server.stop()
