"""Guard: without fonts Qt renders every glyph as an empty box, silently."""

from PySide6.QtGui import QFontDatabase


def test_dejavu_sans_is_installed(qapp) -> None:  # type: ignore[no-untyped-def]
    assert "DejaVu Sans" in QFontDatabase.families()
