"""Save errors in the app: a held or read-only save offers read-only opening; a crafted save
is a message, never an exception; a failed write leaves the game to be saved elsewhere."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from wargame import journal
from wargame.journal import FileLayer, canonical, chain
from wargame.session import Session


def _boxes(window) -> list[QMessageBox]:  # type: ignore[no-untyped-def]
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def _save(tutorial, path: Path) -> Path:  # type: ignore[no-untyped-def]
    session = Session.create(tutorial, seed=4, path=path)
    session.note("first note")
    session.fill_computer_orders()
    session.end_turn()
    session.close()
    return path


def test_a_save_held_by_another_writer_offers_read_only(window, qtbot, tutorial,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    path = _save(tutorial, tmp_path / "game.wgsave")
    holder = Session.open(path)
    try:
        before = path.read_bytes()
        assert not window.open_game(path)
        (box,) = [b for b in _boxes(window) if b.windowTitle() == "This save cannot be written"]
        assert f"pid {os.getpid()}" in box.text() and "already open for writing" in box.text()
        button = next(b for b in box.findChildren(QPushButton) if b.text() == "Open read-only")
        button.click()
        c = window.controller
        assert c.has_game and c.session.read_only and c.state.turn == 2
        assert not c.note("refused while read-only")
        assert path.read_bytes() == before
    finally:
        holder.close()


class _DeniedFiles(FileLayer):
    def open_append(self, path: Path) -> int:
        raise PermissionError(13, "Permission denied", str(path))


def test_a_read_only_save_is_explained_not_a_bare_permission_error(  # type: ignore[no-untyped-def]
        window, qtbot, tutorial, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(tutorial, tmp_path / "game.wgsave")
    monkeypatch.setattr(journal, "FILES", _DeniedFiles())
    assert not window.open_game(path)
    texts = [b.text() for b in _boxes(window)]
    assert any("read-only" in t and "PermissionError" not in t for t in texts)


def test_a_resealed_save_with_seats_not_a_dict_is_a_message(window, qtbot, tutorial,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    path = _save(tutorial, tmp_path / "game.wgsave")
    objects = [json.loads(line) for line in path.read_text().splitlines()]
    objects[0]["seats"] = "notadict"
    out, previous = [], "0" * 16
    for obj in objects:
        body = {k: v for k, v in obj.items() if k != "checksum"}
        previous = chain(previous, body)
        out.append(canonical({**body, "checksum": previous}))
    path.write_text("\n".join(out) + "\n")
    before = path.read_bytes()
    assert not window.open_game(path)  # no exception escapes
    assert any("seats" in b.text() for b in _boxes(window))
    assert not window.controller.has_game and path.read_bytes() == before


class _FullDisk(FileLayer):
    def __init__(self) -> None:
        self.full = False

    def write(self, fd: int, data: bytes | memoryview) -> int:
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(fd, data)


def test_a_full_disk_stops_writing_and_a_copy_carries_on(window, qtbot, tutorial,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    disk = _FullDisk()
    monkeypatch.setattr(journal, "FILES", disk)
    path = _save(tutorial, tmp_path / "game.wgsave")
    c = window.controller
    assert window.open_game(path)
    disk.full = True
    messages: list[str] = []
    c.failed.connect(messages.append)
    assert not c.note("lost to the full disk")
    assert "No space left on device" in messages[-1] and "save a copy" in messages[-1]
    disk.full = False
    assert not c.note("still refused: the first save is closed to writes")
    copy = tmp_path / "elsewhere.wgsave"
    assert c.save_copy(copy)
    assert c.note("in the copy") and c.path == copy
    assert [n.text for n in Session.open(copy, readonly=True).notes] == ["first note",
                                                                         "in the copy"]
    assert [n.text for n in Session.open(path, readonly=True).notes] == ["first note"]
