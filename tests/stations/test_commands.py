"""Typed session commands: the journal's on-disk form is unchanged, every record
round-trips, malformed arguments are clear errors, and messages reach only their
channel's two ends and the White Cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.commands import (
    WHITE_CELL,
    AddBookmark,
    AddNote,
    DeliverInject,
    EndTurn,
    HoldEvent,
    Redo,
    Rule,
    SendMessage,
    SessionCommand,
    SubmitOrders,
    Undo,
    decode,
    encode,
)
from wargame.errors import CommandError, SaveFileError
from wargame.journal import canonical, read_journal
from wargame.log import Kind
from wargame.orders import Inject, Order, OrderSheet, Outcome, Ruling, RulingKind, Signal
from wargame.payloads import MessageSent
from wargame.scenario.loader import load_scenario
from wargame.session import Seat, SeatKind, Session
from wargame.views import FACILITATOR, PUBLIC, View, ViewKind, actor_view, visible_entries

ROOT = Path(__file__).resolve().parents[2]
OLD_SAVE = ROOT / "tests" / "data" / "golden-12.wgsave"


def test_every_command_of_an_old_save_reencodes_to_the_same_values() -> None:
    """Numbers compare as numbers: an old ``"pros": 1`` re-encodes as ``1.0``."""
    contents = read_journal(OLD_SAVE)
    assert len(contents.commands) > 100
    for command in contents.commands:
        typed = decode(command.name, command.args)
        name, args = encode(typed)
        assert name == command.name
        assert json.loads(canonical(args)) == dict(command.args), command.seq


def test_an_old_save_still_replays_to_its_recorded_hashes() -> None:
    session = Session.from_contents(read_journal(OLD_SAVE), source=str(OLD_SAVE))
    recorded = [json.loads(line)["args"]["state_hash"]
                for line in OLD_SAVE.read_text(encoding="utf-8").splitlines()[1:]
                if json.loads(line)["cmd"] == "end_turn"]
    assert [t.state_hash for t in session.turns] == recorded
    assert not session.hash_mismatches


_text = st.text(max_size=20)
_id = st.sampled_from(["PAK", "IND", "TAL", "TTP"])
_opt_turn = st.none() | st.integers(1, 30)
_orders = st.builds(Order, _id, st.sampled_from(["hold", "talks", "mobilise"]),
                    st.none() | _id, _text)
_signals = st.builds(Signal, _id, _id, st.integers(0, 9), st.booleans(),
                     st.floats(0, 3, allow_nan=False), _text)
_sheets = st.builds(OrderSheet, _id, st.lists(_orders, max_size=3).map(tuple),
                    st.lists(_signals, max_size=2).map(tuple),
                    st.lists(_text, max_size=2).map(tuple))
_rulings = st.builds(Ruling, st.sampled_from(["PAK#0", "IND#1"]), st.sampled_from(RulingKind),
                     _text, st.none() | st.sampled_from(Outcome),
                     st.floats(-3, 3, allow_nan=False))
_injects = st.builds(Inject, st.none() | st.sampled_from(["ev1", "ev2"]), _text, _text,
                     st.lists(_id, max_size=2).map(tuple))
COMMANDS: st.SearchStrategy[SessionCommand] = st.one_of(
    st.builds(SubmitOrders, _sheets),
    st.builds(Rule, _rulings),
    st.builds(DeliverInject, _injects),
    st.builds(AddNote, _text, _text, st.none() | _id, _opt_turn),
    st.builds(AddBookmark, _text, _text, _opt_turn, st.integers(0, 99)),
    st.builds(HoldEvent, _text, st.booleans()),
    st.builds(SendMessage, _id | st.just(WHITE_CELL), _id | st.just(WHITE_CELL), _text,
              _opt_turn),
    st.builds(EndTurn, st.integers(1, 30), _text),
    st.builds(Undo, st.integers(1, 99)),
    st.builds(Redo, st.integers(1, 99)),
)


@given(COMMANDS)
def test_every_command_round_trips_through_its_journal_form(command: SessionCommand) -> None:
    name, args = encode(command)
    through_json = json.loads(canonical(args))
    assert decode(name, through_json) == command


@pytest.mark.parametrize(("name", "args", "problem"), [
    ("launch", {}, "unknown command 'launch'"),
    ("submit_orders", {}, "its arguments lack 'sheet'"),
    ("submit_orders", {"sheet": {"orders": []}}, "its arguments lack 'actor'"),
    ("rule", {"ruling": {"key": "PAK#0", "kind": "bribe"}}, "'bribe' is not a valid"),
    ("message", {"recipient": "IND"}, "its arguments lack 'sender'"),
    ("end_turn", {"turn": "soon"}, "malformed (ValueError"),
])
def test_malformed_commands_are_clear_errors(name: str, args: dict[str, object],
                                             problem: str) -> None:
    with pytest.raises(CommandError, match=problem.replace("(", r"\(")):
        decode(name, args)


def test_a_crafted_save_with_an_unknown_command_names_the_line(tmp_path: Path) -> None:
    session = Session.create(load_scenario(ROOT / "scenarios" / "tutorial.yaml"), seed=3,
                             path=tmp_path / "g.wgsave")
    session.note("hello")
    session.writer.append("launch", {"what": "everything"})  # type: ignore[union-attr]
    session.close()
    with pytest.raises(SaveFileError, match=r"g\.wgsave:3: command 2 \(launch\) cannot be "
                                            r"replayed: unknown command 'launch'"):
        Session.open(tmp_path / "g.wgsave")


def test_seat_and_view_kinds_are_enums() -> None:
    assert Seat("human", "Team A").kind is SeatKind.HUMAN
    assert Seat(SeatKind.COMPUTER).to_dict() == {"kind": "computer", "team": ""}
    with pytest.raises(ValueError, match="'robot'"):
        Seat("robot")
    assert View("public").kind is ViewKind.PUBLIC
    assert actor_view("PAK").kind is ViewKind.ACTOR and PUBLIC.label == "public"


# ---------------------------------------------------------------------------- messages


@pytest.fixture()
def game(tmp_path: Path) -> Session:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    seats = {a: Seat(SeatKind.HUMAN, f"Team {a}") for a in ("PAK", "IND", "TAL")}
    return Session.create(scenario, seed=11, seats=seats, path=tmp_path / "m.wgsave")


def _messages_seen(view: View, session: Session) -> list[str]:
    return [e.payload.text for e in visible_entries(view, session.log)
            if isinstance(e.payload, MessageSent)]


def test_a_message_is_read_by_its_two_ends_and_the_white_cell_only(game: Session) -> None:
    game.message("PAK", "IND", "Meet at the border post?")
    game.message("TAL", WHITE_CELL, "Is the Torkham crossing open?")
    game.message(WHITE_CELL, "TAL", "It is closed since this morning.")
    assert _messages_seen(actor_view("PAK"), game) == ["Meet at the border post?"]
    assert _messages_seen(actor_view("IND"), game) == ["Meet at the border post?"]
    assert _messages_seen(actor_view("TAL"), game) == ["Is the Torkham crossing open?",
                                                       "It is closed since this morning."]
    assert _messages_seen(actor_view("TTP"), game) == []
    assert _messages_seen(PUBLIC, game) == []
    assert len(_messages_seen(FACILITATOR, game)) == 3
    assert [m.is_request for m in game.messages] == [False, True, False]
    entry = next(e for e in game.log if e.kind == Kind.MESSAGE)
    assert entry.text == "Message from Pakistan to India: Meet at the border post?"


def test_messages_are_journalled_and_outlive_the_turn(game: Session, tmp_path: Path) -> None:
    command = game.message("PAK", "IND", "  ceasefire at dawn  ")
    assert command.name == "message"
    assert command.args == {"sender": "PAK", "recipient": "IND", "text": "  ceasefire at dawn  ",
                            "turn": 1}
    game.fill_computer_orders()
    for actor in ("PAK", "IND", "TAL"):
        game.submit_orders(OrderSheet(actor))
    game.end_turn()
    assert [m.text for m in game.messages] == ["ceasefire at dawn"]
    game.close()
    again = Session.open(tmp_path / "m.wgsave")
    assert [(m.seq, m.turn, m.sender, m.recipient) for m in again.messages] == [
        (1, 1, "PAK", "IND")]
    assert _messages_seen(actor_view("IND"), again) == ["ceasefire at dawn"]
    again.close()


@pytest.mark.parametrize(("sender", "recipient", "text", "problem"), [
    ("PAK", "PAK", "hi", "other than its sender"),
    ("PAK", "XXX", "hi", "no actor 'XXX' to be the recipient"),
    ("white_cell", "white_cell", "hi", "other than its sender"),
    ("PAK", "IND", "   ", "needs some text"),
    ("PAK", "IND", "x" * 4001, "at most 4000 characters"),
])
def test_bad_messages_are_refused_and_change_nothing(game: Session, sender: str, recipient: str,
                                                     text: str, problem: str) -> None:
    with pytest.raises(CommandError, match=problem):
        game.message(sender, recipient, text)
    assert game.commands == [] and game.messages == ()


def test_a_message_can_be_undone_and_redone(game: Session) -> None:
    game.message("PAK", "IND", "first")
    game.undo()
    assert game.messages == ()
    game.redo()
    assert [m.text for m in game.messages] == ["first"]


def test_each_edition_of_the_report_carries_only_its_channels(game: Session) -> None:
    from wargame.report import render
    from wargame.report.model import build_report

    game.message("PAK", "IND", "heron-lantern meeting")
    game.message("TAL", WHITE_CELL, "zebra-quill question")
    game.fill_computer_orders()
    game.end_turn()
    editions = {name: render(build_report(game, view), "md").decode()
                for name, view in (("white cell", FACILITATOR), ("IND", actor_view("IND")),
                                   ("TAL", actor_view("TAL")), ("TTP", actor_view("TTP")),
                                   ("public", PUBLIC))}
    assert {n for n, text in editions.items() if "heron-lantern" in text} == {"white cell",
                                                                               "IND"}
    assert {n for n, text in editions.items() if "zebra-quill" in text} == {"white cell", "TAL"}
