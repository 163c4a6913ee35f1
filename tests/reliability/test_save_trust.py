"""Edited or crafted saves become clear errors; a damaged save is never overwritten.

The header is in the checksum chain (format 2): an edited seed, turns, seats,
engine version or a re-hashed scenario is caught on loading. Saves whose
checksums are all right but whose contents are malformed (what a forger who
re-seals the file writes) are refused with :class:`SaveFileError` naming the line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wargame.errors import SaveFileError, SaveNotWritableError
from wargame.journal import FileLayer, canonical
from wargame.scenario.models import Scenario
from wargame.session import Session

from .conftest import ROOT, lines_of, make_save, no_traceback, reseal, wargame

GOLDEN = ROOT / "tests" / "data" / "golden-12.wgsave"


def _edit_header(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(header: dict[str, Any]) -> None:
        header[key] = value
    return edit


def _rehash_scenario(header: dict[str, Any]) -> None:
    header["scenario"]["metadata"]["title"] = "Edited title"
    header["scenario_sha256"] = hashlib.sha256(
        canonical(header["scenario"]).encode()).hexdigest()


HEADER_EDITS = {
    "seed": _edit_header("seed", 99),
    "turns": _edit_header("turns", 9),
    "seats": _edit_header("seats", {"PAK": {"kind": "computer", "team": ""}}),
    "engine": _edit_header("engine", "9.9.9"),
    "rehashed-scenario": _rehash_scenario,
}


@pytest.mark.parametrize("edit", HEADER_EDITS, ids=list(HEADER_EDITS))
def test_an_edited_header_is_detected_everywhere(tutorial: Scenario, tmp_path: Path,
                                                 edit: str) -> None:
    save = make_save(tutorial, tmp_path / "g.wgsave")
    lines = save.read_text().splitlines()
    header = json.loads(lines[0])
    HEADER_EDITS[edit](header)
    save.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    before = save.read_bytes()
    for readonly in (True, False):
        with pytest.raises(SaveFileError, match="header checksum mismatch"):
            Session.open(save, readonly=readonly)
    for args in (("resume", str(save)), ("replay", str(save), "--verify"),
                 ("report", str(save), "--format", "md", "--out", str(tmp_path / "out"))):
        out = wargame(*args)
        assert out.returncode == 2 and no_traceback(out), out.stderr
        assert "header checksum mismatch" in out.stderr
    assert save.read_bytes() == before


def test_a_resealed_header_edit_still_breaks_the_first_command(tutorial: Scenario,
                                                               tmp_path: Path) -> None:
    save = make_save(tutorial, tmp_path / "g.wgsave")
    lines = save.read_text().splitlines()
    header = json.loads(lines[0])
    header["seed"] = 12345
    body = {k: v for k, v in header.items() if k != "checksum"}
    from wargame.journal import chain

    header["checksum"] = chain("0" * 16, body)  # a correct header checksum ...
    save.write_text("\n".join([canonical(header), *lines[1:]]) + "\n")
    with pytest.raises(SaveFileError, match=r":2: checksum mismatch"):  # ... but line 2 chains
        Session.open(save, readonly=True)


def _as_format_1(save: Path, out: Path) -> Path:
    """The save rewritten as format version 1 wrote it: a header outside the checksum
    chain, the commands chained from the genesis value."""
    from wargame.journal import chain

    header, *commands = (json.loads(line) for line in save.read_text().splitlines())
    header.pop("checksum", None)
    header["version"] = 1
    lines, previous = [canonical(header)], "0" * 16
    for obj in commands:
        obj.pop("checksum")
        obj["checksum"] = previous = chain(previous, obj)
        lines.append(canonical(obj))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_a_format_1_save_loads_with_an_honest_note(tmp_path: Path) -> None:
    session = Session.open(_as_format_1(GOLDEN, tmp_path / "v1.wgsave"), readonly=True)
    assert any("format version 1" in w and "not covered by the checksums" in w
               for w in session.warnings)
    assert len(session.turns) == 12


def test_the_hash_mismatch_warning_does_not_blame_the_rules_wrongly(tutorial: Scenario,
                                                                    tmp_path: Path) -> None:
    save = make_save(tutorial, tmp_path / "g.wgsave")
    objects = lines_of(save)
    for obj in objects:
        if obj.get("cmd") == "end_turn":
            obj["args"]["state_hash"] = "feedfacefeedface"
    save.write_bytes(reseal(objects))
    warning = next(w for w in Session.open(save, readonly=True).warnings
                   if "re-derive" in w)
    assert "same engine version" in warning and "recorded hashes were edited" in warning


def _crafted(tutorial: Scenario, tmp_path: Path, craft: Callable[[list[dict[str, Any]]], None]
             ) -> Path:
    save = make_save(tutorial, tmp_path / "g.wgsave")
    objects = lines_of(save)
    craft(objects)
    save.write_bytes(reseal(objects))
    return save


def _first(name: str) -> Callable[[list[dict[str, Any]]], dict[str, Any]]:
    return lambda objects: next(o for o in objects[1:] if o["cmd"] == name)


CRAFTS: dict[str, Callable[[list[dict[str, Any]]], None]] = {
    "seats-not-a-dict": lambda o: o[0].__setitem__("seats", "notadict"),
    "seat-not-a-dict": lambda o: o[0].__setitem__("seats", {"PAK": 5}),
    "seat-unknown-actor": lambda o: o[0].__setitem__("seats", {"ZZZ": {"kind": "human"}}),
    "seat-bad-kind": lambda o: o[0].__setitem__("seats", {"PAK": {"kind": "robot"}}),
    "seed-a-text": lambda o: o[0].__setitem__("seed", "four"),
    "turns-zero": lambda o: o[0].__setitem__("turns", 0),
    "args-a-list": lambda o: _first("note")(o).__setitem__("args", [1, 2]),
    "sheet-missing": lambda o: _first("submit_orders")(o)["args"].pop("sheet"),
    "sheet-a-number": lambda o: _first("submit_orders")(o)["args"].__setitem__("sheet", 7),
    "orders-not-a-list": lambda o: _first("submit_orders")(o)["args"]["sheet"].__setitem__(
        "orders", "x"),
    "inject-a-list": lambda o: _first("inject")(o)["args"].__setitem__("inject", []),
    "undo-of-nothing": lambda o: _first("undo")(o)["args"].__setitem__("undoes", "x"),
    "bookmark-turn-a-text": lambda o: _first("bookmark")(o)["args"].__setitem__("turn", "t"),
    "note-author-a-dict": lambda o: _first("note")(o)["args"].__setitem__("actor", {"a": 1}),
    "unknown-command": lambda o: _first("note")(o).__setitem__("cmd", "explode"),
    "seq-a-bool": lambda o: o[1].__setitem__("seq", True),
}


@pytest.mark.parametrize("craft", CRAFTS, ids=list(CRAFTS))
def test_a_resealed_crafted_save_is_a_clear_error(tutorial: Scenario, tmp_path: Path,
                                                  craft: str) -> None:
    save = _crafted(tutorial, tmp_path, CRAFTS[craft])
    before = save.read_bytes()
    for readonly in (True, False):
        with pytest.raises(SaveFileError, match=r"g\.wgsave:\d+: "):
            Session.open(save, readonly=readonly)
    assert save.read_bytes() == before


@pytest.mark.parametrize("craft", ["seats-not-a-dict", "sheet-a-number", "args-a-list"])
def test_crafted_saves_in_the_cli_exit_2_without_a_traceback(tutorial: Scenario,
                                                             tmp_path: Path, craft: str) -> None:
    save = _crafted(tutorial, tmp_path, CRAFTS[craft])
    before = save.read_bytes()
    for args in (("resume", str(save)), ("replay", str(save)),
                 ("report", str(save), "--format", "json", "--out", str(tmp_path / "o"))):
        out = wargame(*args)
        assert out.returncode == 2 and no_traceback(out), out.stderr
        assert "g.wgsave:" in out.stderr
    assert save.read_bytes() == before


class _DeniedFiles(FileLayer):
    """A read-only file or folder, for a test that runs as root (which ignores modes)."""

    def open_append(self, path: Path) -> int:
        raise PermissionError(13, "Permission denied", str(path))


def test_a_read_only_save_is_a_clear_error_and_can_be_opened_read_only(
        tutorial: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame import journal

    save = make_save(tutorial, tmp_path / "g.wgsave")
    monkeypatch.setattr(journal, "FILES", _DeniedFiles())
    with pytest.raises(SaveNotWritableError, match="read-only"):
        Session.open(save)
    session = Session.open(save, readonly=True)
    with pytest.raises(SaveNotWritableError, match="open read-only"):
        session.note("refused")


def test_resume_of_a_read_only_save_in_the_cli(tutorial: Scenario, tmp_path: Path) -> None:
    """A read-only file for a normal user; for root (CI), a save on a read-only mount,
    since root writes read-only files anyway."""
    import os
    import subprocess

    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    folder = tmp_path / "ro"
    folder.mkdir()
    if as_root:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                       check=True)
    try:
        save = make_save(tutorial, folder / "g.wgsave")
        if as_root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            save.chmod(0o444)
        out = wargame("resume", str(save))
        assert out.returncode == 2 and no_traceback(out) and "read-only" in out.stderr
    finally:
        if as_root:
            subprocess.run(["umount", "-l", str(folder)], check=False)
