"""Help > About: version and licences."""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget


def about_text() -> str:
    import PySide6

    from wargame import __version__

    return (f"<h3>Wargame {__version__}</h3>"
            "<p>A turn-based political-military wargame engine with escalation ladders "
            "and a facilitator's desktop app.</p>"
            "<p><b>Licences</b><br>"
            "Wargame: MIT licence.<br>"
            f"Qt {qVersion()} and Qt for Python (PySide6 {PySide6.__version__}): "
            "GNU LGPL v3.<br>"
            "Map outlines: Natural Earth, public domain. Borders are illustrative and imply "
            "no position on any territorial claim.</p>")


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, "About Wargame", about_text())
