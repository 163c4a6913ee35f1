"""Sessions and save files: commands, undo/redo, torn lines, damage, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.errors import CommandError, IllegalOrderError, SaveFileError
from wargame.journal import read_journal
from wargame.orders import Inject, Order, OrderSheet, Outcome, Ruling, RulingKind
from wargame.scenario.models import Scenario
from wargame.session import Seat, Session


def _game(tutorial: Scenario, path: Path) -> Session:
    return Session.create(tutorial, seed=11, path=path,
                          seats={"PAK": Seat("human", "Team Green")})


def test_commands_are_journalled_and_replayed(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "g.wgsave"
    s = _game(tutorial, path)
    s.submit_orders(OrderSheet("PAK", (Order("PAK", "border_closure", "TAL", "pressure"),)))
    s.inject(Inject(title="Flash flood", text="Roads cut", audience=("PAK",)))
    s.note("Team Green argued for restraint")
    key = s.proposals()[0].key
    s.rule(Ruling(key, RulingKind.OVERRIDE, "the crossing stays open in winter",
                  Outcome.FAILURE))
    s.fill_computer_orders()
    s.end_turn()
    s.close()
    again = Session.open(path, readonly=True)
    assert again.state.state_hash() == s.state.state_hash()
    assert [e.to_dict() for e in again.log] == [e.to_dict() for e in s.log]
    assert not again.hash_mismatches
    lines = path.read_text().splitlines()
    assert json.loads(lines[0])["format"] == "wargame-journal"
    assert [json.loads(x)["cmd"] for x in lines[1:4]] == ["submit_orders", "inject", "note"]


def test_undo_and_redo_are_commands(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "g.wgsave"
    s = _game(tutorial, path)
    s.submit_orders(OrderSheet("PAK", (Order("PAK", "demarche", "IND"),)))
    s.end_turn()
    after = s.state.state_hash()
    s.undo()
    assert s.turn == 1 and "PAK" in s.sheets
    s.undo()
    assert "PAK" not in s.sheets and not s.can_undo
    s.redo()
    s.redo()
    assert s.state.state_hash() == after and not s.can_redo
    s.undo()
    s.note("a new command clears the redo list")
    assert not s.can_redo
    s.close()
    names = [c.name for c in read_journal(path).commands]
    assert names == ["submit_orders", "end_turn", "undo", "undo", "redo", "redo", "undo", "note"]
    again = Session.open(path, readonly=True)
    assert again.state.state_hash() == s.state.state_hash()
    assert [e.text for e in again.log] == [e.text for e in s.log]


def test_illegal_commands_are_refused_and_not_written(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "g.wgsave"
    s = _game(tutorial, path)
    with pytest.raises(IllegalOrderError):
        s.submit_orders(OrderSheet("PAK", (Order("PAK", "aid_to_kabul", "TAL"),)))
    with pytest.raises(CommandError):
        s.rule(Ruling("PAK#0", RulingKind.OVERRIDE, "", Outcome.SUCCESS))
    with pytest.raises(CommandError):
        s.undo()
    s.close()
    assert read_journal(path).commands == []


def test_torn_last_line_is_reported_and_the_rest_kept(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "g.wgsave"
    s = _game(tutorial, path)
    s.note("first")
    s.note("second")
    s.close()
    with open(path, "ab") as handle:
        handle.write(b'{"seq": 3, "cmd": "note", "ar')
    contents = read_journal(path)
    assert contents.torn is not None and len(contents.commands) == 2
    resumed = Session.open(path)
    assert resumed.warnings and len(resumed.notes) == 2
    resumed.note("third")
    resumed.close()
    assert (tmp_path / "g.wgsave.torn").exists()
    assert [n.text for n in Session.open(path, readonly=True).notes] == ["first", "second", "third"]


def test_bad_checksum_is_an_error_and_the_file_is_untouched(tutorial: Scenario,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "g.wgsave"
    s = _game(tutorial, path)
    s.note("the original text")
    s.note("more")
    s.close()
    damaged = path.read_bytes().replace(b"the original text", b"a forged text")
    path.write_bytes(damaged)
    with pytest.raises(SaveFileError, match="checksum mismatch"):
        Session.open(path)
    assert path.read_bytes() == damaged


def test_unknown_version_and_not_a_save(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "g.wgsave"
    _game(tutorial, path).close()
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    header["version"] = 99
    path.write_text(json.dumps(header) + "\n")
    with pytest.raises(SaveFileError, match="version 99 is not supported"):
        read_journal(path)
    other = tmp_path / "notes.txt"
    other.write_text("hello\n")
    with pytest.raises(SaveFileError, match="not a valid journal line"):
        read_journal(other)


def test_create_never_overwrites(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "g.wgsave"
    path.write_text("precious")
    with pytest.raises(SaveFileError, match="already exists"):
        _game(tutorial, path)
    assert path.read_text() == "precious"


def test_game_ends_after_the_last_turn(tutorial: Scenario) -> None:
    s = Session.create(tutorial, seed=2, turns=2)
    for _ in range(2):
        s.fill_computer_orders()
        s.end_turn()
    assert s.ended and len(s.turns) == 2
    with pytest.raises(CommandError):
        s.end_turn()


def test_what_if_branch_shares_history_and_dice(tutorial: Scenario, tmp_path: Path) -> None:
    original = Session.create(tutorial, seed=21, path=tmp_path / "a.wgsave")
    for _ in range(3):
        original.fill_computer_orders()
        original.end_turn()
    turn2_end = next(c.seq for c in original.commands
                     if c.name == "end_turn" and c.args["turn"] == 2)
    branch = original.branch(tmp_path / "b.wgsave", upto=turn2_end)
    assert branch.header.parent == {"save": str(tmp_path / "a.wgsave"), "at_seq": turn2_end,
                                    "title": original.header.title}
    assert [t.state_hash for t in branch.turns] == [t.state_hash for t in original.turns[:2]]
    # Same orders on turn 3 in the branch give the same result (same keyed dice) ...
    for sheet in original.turns[2].sheets.values():
        branch.submit_orders(sheet)
    branch.end_turn()
    assert branch.turns[2].state_hash == original.turns[2].state_hash
    branch.undo()
    branch.undo()
    # ... and a different order diverges from there on.
    branch.submit_orders(OrderSheet("IND", (Order("IND", "talks", "PAK"),)))
    branch.fill_computer_orders()
    branch.end_turn()
    branch.close()
    reopened = Session.open(tmp_path / "b.wgsave", readonly=True)
    assert reopened.header.parent is not None and reopened.header.parent["at_seq"] == turn2_end
    assert reopened.state.state_hash() == branch.state.state_hash()


def test_a_save_whose_turns_re_derive_differently_is_flagged(tutorial: Scenario,
                                                              tmp_path: Path) -> None:
    from wargame.journal import chain

    path = tmp_path / "g.wgsave"
    s = _game(tutorial, path)
    s.fill_computer_orders()
    s.end_turn()
    s.close()
    lines = path.read_text().splitlines()
    previous, rewritten = json.loads(lines[0])["checksum"], [lines[0]]
    for line in lines[1:]:
        body = json.loads(line)
        body.pop("checksum")
        if body["cmd"] == "end_turn":
            body["args"]["state_hash"] = "feedfacefeedface"  # as if other rules had run
        previous = chain(previous, body)
        rewritten.append(json.dumps({**body, "checksum": previous}))
    path.write_text("\n".join(rewritten) + "\n")
    again = Session.open(path, readonly=True)
    assert again.hash_mismatches and any("re-derive differently" in w for w in again.warnings)
