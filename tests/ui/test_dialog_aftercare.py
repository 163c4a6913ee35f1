"""After a dialog: the keyboard comes back to the window (Ctrl+N works after the export
dialog is closed, with no window manager to re-activate it), and the export dialog
forgets the previous edition's files when another edition is chosen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.dialogs.new_game import NewGameDialog


def _press_ctrl_n(window) -> None:  # type: ignore[no-untyped-def]
    target = QApplication.focusWidget() or QApplication.activeWindow()
    if target is None:  # nobody has the keyboard: the key goes nowhere, as on screen
        return
    QTest.keyClick(target, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_n_works_after_the_export_dialog_is_closed(window, qtbot, tutorial,
                                                        tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    assert c.new_game(tutorial, seed=1, seats={}, turns=2, path=tmp_path / "g.wgsave")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    dialog = window.export_report()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    dialog.wait()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # "Close"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.new_dialog = None
    _press_ctrl_n(window)
    assert isinstance(window.new_dialog, NewGameDialog)
    window.new_dialog.reject()
    # and after that dialog too
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.new_dialog = None
    _press_ctrl_n(window)
    assert isinstance(window.new_dialog, NewGameDialog)
    window.new_dialog.reject()


def test_the_export_dialog_forgets_the_previous_editions_files(window, qtbot, tutorial,
                                                               tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    assert c.new_game(tutorial, seed=1, seats={}, turns=2, path=tmp_path / "r.wgsave")
    assert c.fill_computer_orders() and c.end_turn()
    dialog = window.export_report()
    for fmt, box in dialog.format_boxes.items():
        box.setChecked(fmt == "md")
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.view.setCurrentIndex(dialog.view.findData("PAK"))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.export_task is None, timeout=30_000)
    assert [p.name for p in dialog.written] == ["r-PAK.md"]
    assert "r-PAK.md" in dialog.status.text() and dialog.open_button.isEnabled()

    dialog.view.setCurrentIndex(dialog.view.findData("public"))
    assert dialog.written == [] and not dialog.open_button.isEnabled()
    assert "r-PAK.md" not in dialog.status.text()
    assert "Public" in dialog.status.text()
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.export_task is None, timeout=30_000)
    assert [p.name for p in dialog.written] == ["r-public.md"]
    assert "r-PAK.md" not in dialog.status.text()
    dialog.wait()
    dialog.reject()
