"""Bad saves in the app: a damaged save is reported and never touched; a torn one recovers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from wargame.session import Session


def _messages(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def _save(tutorial, path: Path) -> None:  # type: ignore[no-untyped-def]
    session = Session.create(tutorial, seed=4, path=path)
    session.note("first note")
    session.fill_computer_orders()
    session.end_turn()
    session.close()


def test_damaged_save_is_reported_and_left_alone(window, qtbot, tutorial,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    path = tmp_path / "game.wgsave"
    _save(tutorial, path)
    damaged = path.read_bytes().replace(b"first note", b"forged note")
    path.write_bytes(damaged)
    assert not window.open_game(path)
    assert not window.controller.has_game
    assert any("checksum mismatch" in text for text in _messages(window))
    assert path.read_bytes() == damaged


def test_torn_save_recovers_everything_before_the_tear(window, qtbot, tutorial,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    path = tmp_path / "game.wgsave"
    _save(tutorial, path)
    with open(path, "ab") as handle:
        handle.write(b'{"seq": 99, "cmd": "no')
    assert window.open_game(path)
    assert window.controller.state.turn == 2
    assert any("cut off mid-write" in text for text in _messages(window))
    assert (tmp_path / "game.wgsave.torn").exists()


def test_unexpected_error_shows_a_dialog_and_keeps_the_game(window, qtbot, tutorial,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    from ui.dialogs import crash

    path = tmp_path / "game.wgsave"
    _save(tutorial, path)
    assert window.open_game(path)
    before = path.read_bytes()
    try:
        raise RuntimeError("a bug in a widget")
    except RuntimeError as exc:
        crash.excepthook(RuntimeError, exc, exc.__traceback__)
    boxes = [b for b in crash._open_boxes if b.isVisible()]
    assert boxes and "Your game is safe" in boxes[0].text()
    assert "a bug in a widget" in boxes[0].detailedText()
    assert window.controller.has_game and path.read_bytes() == before
    for box in boxes:
        box.close()
