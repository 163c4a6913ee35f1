"""The export dialog's *Short debrief* checkbox, through the real dialog: it switches the
preview to the short edition, leaves out the data formats and writes ``…-short`` files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.test_debrief import _game
from ui.dialogs.export import SHORT_LABEL

LEFT = Qt.MouseButton.LeftButton


def test_ticking_short_debrief_previews_and_writes_the_short_edition(
        window, qtbot, tutorial, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _game(window, tutorial, tmp_path / "r.wgsave", turns=2)
    dialog = window.export_report()
    assert dialog.short.text() == SHORT_LABEL and not dialog.short.isChecked()
    qtbot.waitUntil(lambda: "Timeline, turn by turn" in dialog.preview_text(), timeout=20_000)
    dialog.view.setCurrentIndex(dialog.view.findData("PAK"))
    qtbot.waitUntil(lambda: "TEAM EDITION" in dialog.preview_text(), timeout=20_000)

    dialog.short.click()  # a real click on the checkbox
    assert dialog.is_short()
    qtbot.waitUntil(lambda: "SHORT DEBRIEF" in dialog.preview_text(), timeout=20_000)
    preview = dialog.preview_text()
    assert "Turning points" in preview and "Hot wash" in preview
    assert "Timeline, turn by turn" not in preview and "TEAM EDITION" in preview
    # JSON and CSV have no short edition: their boxes stay ticked but are disabled.
    assert not dialog.format_boxes["json"].isEnabled()
    assert not dialog.format_boxes["csv"].isEnabled()
    assert dialog.formats() == ["html", "pdf", "md"]
    assert "short debrief" in dialog.status.text()

    out = tmp_path / "out"
    dialog.folder.setText(str(out))
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: dialog.export_task is None, timeout=60_000)
    assert sorted(p.name for p in dialog.written) == [
        "r-PAK-short.html", "r-PAK-short.md", "r-PAK-short.pdf"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in dialog.written)
    assert "SHORT DEBRIEF" in (out / "r-PAK-short.md").read_text(encoding="utf-8")

    dialog.short.click()  # unticked: every format again, and the full preview
    assert dialog.format_boxes["json"].isEnabled() and len(dialog.formats()) == 5
    qtbot.waitUntil(lambda: "Timeline, turn by turn" in dialog.preview_text(), timeout=20_000)
    dialog.wait()
    dialog.reject()
