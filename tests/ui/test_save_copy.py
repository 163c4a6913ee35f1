"""File › Save a copy…: a file dialog, a complete loadable save, play going on there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from wargame.session import Seat, Session

from .conftest import human_seats


def _answer_file_dialog(qtbot, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Fill in the file dialog once it is up, the way a person would, and accept it."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.windowTitle())
        seen.extend(dialog.selectedFiles())
        name = dialog.findChild(QLineEdit, "fileNameEdit")  # typed, as a person would
        name.setText(str(path))
        dialog.accept()

    QTimer.singleShot(50, answer)
    return seen


def test_save_a_copy_via_the_dialog_is_loadable(window, qtbot, tmp_path: Path, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    original = tmp_path / "game.wgsave"
    assert c.new_game(tutorial, seed=4, seats=human_seats(), turns=3, path=original)
    assert c.note("before the copy")
    assert c.fill_computer_orders()
    before = original.read_bytes()
    commands = len(c.session.commands)
    state_hash = c.state.state_hash()

    target = tmp_path / "usb" / "exercise copy"
    target.parent.mkdir()
    seen = _answer_file_dialog(qtbot, target)
    assert window.save_copy_action.isEnabled()
    window.save_copy_action.trigger()
    assert seen[0] == "Save a copy of the game"
    assert seen[1].endswith("game-copy.wgsave")  # suggested beside the original
    copy = target.with_name("exercise copy.wgsave")  # the suffix is added
    assert c.path == copy and copy.exists()
    assert str(copy) in window.statusBar().currentMessage()
    assert "game.wgsave is kept" in window.statusBar().currentMessage()
    assert original.read_bytes() == before  # the old file is left as it was

    # play goes on in the copy
    assert c.note("after the copy")
    window.close_game()
    reopened = Session.open(copy, readonly=True)
    assert len(reopened.commands) == commands + 1
    assert [n.text for n in reopened.notes] == ["before the copy", "after the copy"]
    assert reopened.hash_mismatches == []
    reopened.close()
    old = Session.open(original, readonly=True)
    assert len(old.commands) == commands and old.state.state_hash() == state_hash
    old.close()


def test_a_game_kept_in_memory_can_be_saved_and_reopened(window, tmp_path: Path, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    assert c.new_game(tutorial, seed=4, seats={"PAK": Seat("computer")}, turns=2, path=None)
    assert c.fill_computer_orders() and c.end_turn()
    target = tmp_path / "kept.wgsave"
    assert window.save_copy(str(target))
    assert "play goes on there" in window.statusBar().currentMessage()
    window.close_game()
    assert window.open_game(target)
    assert c.state.turn == 2 and len(c.session.turns) == 1


def test_save_a_copy_never_overwrites(window, tmp_path: Path, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    assert c.new_game(tutorial, seed=4, seats={}, turns=2, path=tmp_path / "a.wgsave")
    taken = tmp_path / "taken.wgsave"
    taken.write_text("precious")
    failures: list[str] = []
    c.failed.connect(failures.append)
    assert not window.save_copy(str(taken))
    assert taken.read_text() == "precious" and "already exists" in failures[0]
    assert c.path == tmp_path / "a.wgsave"  # still playing in the original


def test_cancelling_the_dialog_changes_nothing(window, qtbot, tmp_path: Path, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    assert c.new_game(tutorial, seed=4, seats={}, turns=2, path=tmp_path / "a.wgsave")

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, cancel)
            return
        dialog.reject()

    QTimer.singleShot(50, cancel)
    assert not window.save_copy()
    assert c.path == tmp_path / "a.wgsave"
